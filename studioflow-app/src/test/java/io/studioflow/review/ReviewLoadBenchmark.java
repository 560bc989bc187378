package io.studioflow.review;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.intent.VariableIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import io.studioflow.StudioflowApplication;
import io.studioflow.audit.Actor;
import io.studioflow.audit.AuditEvent;
import io.studioflow.audit.AuditLog;
import io.studioflow.flows.EngineRun;
import io.studioflow.flows.ProductImageProcess;
import io.studioflow.ingest.Asset;
import io.studioflow.ingest.AssetRepository;
import io.studioflow.ingest.AssetStatus;
import io.studioflow.platform.search.SearchIndex;
import io.studioflow.platform.search.SearchIndices;
import io.studioflow.review.ReviewTask.TaskState;
import io.studioflow.testing.StandaloneApp;
import io.studioflow.testing.StudioPhotos;
import io.studioflow.testing.StudioflowApi;
import io.studioflow.testing.TestPhotos;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.util.FileSystemUtils;

/**
 * The review desk under load: 20 simulated retouchers, each signed in with their own account, claim and complete
 * over 5,000 review tasks through the REST API while a batch of real photos runs through the model, and the run
 * checks that no task was claimed by two people at once and that no completion was lost.
 *
 * <p><b>Real parts only.</b> The whole application runs on its own (its own data directory, the embedded Zeebe
 * engine, the real Elasticsearch node, the real ISNet model, the real {@code product-image} BPMN), outside the dev
 * profile, with the retoucher accounts configured as {@code studioflow.security.users} with bcrypt hashes (cost
 * {@code -Dbenchmark.bcrypt-cost}, default 10, Spring's default strength). Every retoucher call is HTTP with Basic
 * authentication, so each one pays a bcrypt check as a real API client does.
 *
 * <p><b>Where the 5,000 tasks come from.</b> The model costs about 2.5 s a photo here, so the tasks are not made by
 * segmenting 5,000 photos. Instead:
 * <ol>
 *   <li>two real photos that the routing policy sends to a human ({@code brick.png}, {@code apple.jpg}) are uploaded
 *       and run through the whole flow (QC, segmentation, colour, composition, the routing DMN) until their review
 *       task is open;</li>
 *   <li>the variables those instances had when they reached "Review and retouch" are read from the engine's own
 *       record stream (the embedded engine's exported records), exactly as the engine held them;</li>
 *   <li>for each synthetic image an asset record is created through {@link AssetRepository} as
 *       {@code IngestService} does (a copy of the seed's record: same original, scores and artifacts, so the same
 *       content-addressed rendition blobs; a new id and SKU, brand {@value #LOAD_BRAND}), with its
 *       {@code ingest} audit event, and an instance of the real {@code product-image} process is created with the
 *       seed's variables (new {@code assetId}/{@code sku}/{@code brand}) started before the
 *       {@code review-and-retouch} user task (Zeebe's create-instance {@code startBeforeElement}). The instance
 *       and asset are linked as {@code ProcessStarter} links them.</li>
 * </ol>
 * So every task is opened by the real {@code UserTaskWorker}/{@link TaskService#open} from the engine's job, and every
 * decision goes through the real gateway: APPROVE runs the real publish worker (which writes the reused rendition
 * into the publish folder and marks the image PUBLISHED), REJECT ends the instance and marks the image REJECTED. The
 * synthetic images skip capture and processing only; their audit chains start at ingest and go on with the routing.
 *
 * <p><b>While a batch is processed.</b> When the retouchers start, a photographer uploads a batch of real photos
 * ({@code -Dbenchmark.batch}, default 15; 5 below 1,000 tasks) that runs through the model during the load; those of
 * them that land in review are decided by the retouchers too.
 *
 * <p><b>Each retoucher</b> loops: list the inbox ({@code GET /api/tasks?limit=50}), pick a random unheld task,
 * claim it ({@code 409} = someone else was faster: a normal lost race), then mostly approve, sometimes reject with a
 * reason, and now and then release it again (unclaim). Every call's latency is recorded.
 *
 * <p><b>Checked at the end:</b> no task had two holders at once (a successful claim while the benchmark's own record
 * says someone else holds it, or on a task already completed), no task completed twice, every completion answered
 * 2xx has its task closed in Elasticsearch with that decision and its image PUBLISHED or REJECTED, every synthetic
 * task was decided and exactly one was opened per synthetic image, and the engine has no user-task job still open
 * for a closed task and no synthetic instance still running.
 *
 * <p>Figures are printed as {@code [figure]} lines and written to {@code target/load-run/report.txt}. Run the small
 * variant first, then the full one (default 5,200 tasks):
 * <pre>
 * mvn -o -pl studioflow-app -Dbenchmark=true -Dbenchmark.tasks=200 -Dtest=ReviewLoadBenchmark -Dsurefire.failIfNoSpecifiedTests=false test
 * mvn -o -pl studioflow-app -Dbenchmark=true -Dtest=ReviewLoadBenchmark -Dsurefire.failIfNoSpecifiedTests=false test
 * </pre>
 * Other knobs: {@code -Dbenchmark.retouchers}, {@code -Dbenchmark.minutes} (time limit of the load phase),
 * {@code -Dbenchmark.keep-data=true} (keep the run's data directory under {@code target/load-run/}).
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class ReviewLoadBenchmark {

    private static final int TASKS = Integer.getInteger("benchmark.tasks", 5_200);
    private static final int RETOUCHERS = Integer.getInteger("benchmark.retouchers", 20);
    private static final int BATCH = Integer.getInteger("benchmark.batch", TASKS >= 1_000 ? 15 : 5);
    /**
     * At most this many synthetic tasks are open at once; more are created as they are decided. The embedded test
     * engine copies its whole in-memory state for every iteration it makes, so thousands of waiting instances at once
     * slow every command down until completions time out (seen here at ~5,000: see the report).
     */
    private static final int BACKLOG = Integer.getInteger("benchmark.backlog", 400);
    private static final int BCRYPT_COST = Integer.getInteger("benchmark.bcrypt-cost", 10);
    private static final Duration LOAD_LIMIT = Duration.ofMinutes(Long.getLong("benchmark.minutes", 45));
    private static final boolean KEEP_DATA = Boolean.getBoolean("benchmark.keep-data");

    /** The brand of every synthetic image and so of its task: how the run finds its own tasks. */
    private static final String LOAD_BRAND = "load-run";
    private static final String BATCH_BRAND = "load-batch";
    private static final String REVIEW_ELEMENT = "review-and-retouch";
    private static final String USER_TASK_JOB_TYPE = "io.camunda.zeebe:userTask";
    private static final int INBOX_PAGE = 50;
    /** Per hundred claims: how many are released again, and how many rejected; the rest are approved. */
    private static final int UNCLAIM_PERCENT = 3;
    private static final int REJECT_PERCENT = 10;
    private static final List<String> TEXTURES = List.of("coffee.png", "astronaut.png", "chelsea.png", "rocket.jpg", "fruits.jpg");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path RUN_DIR = Path.of("target", "load-run").toAbsolutePath();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, Queue<Double>> latencies = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();

    // what the retouchers saw, for the checks
    private final Map<String, String> holders = new ConcurrentHashMap<>();
    private final Set<String> closed = ConcurrentHashMap.newKeySet();
    private final Queue<String> doubleClaims = new ConcurrentLinkedQueue<>();
    private final Queue<String> doubleCompletions = new ConcurrentLinkedQueue<>();
    private final Queue<Completion> completions = new ConcurrentLinkedQueue<>();
    private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();
    private final AtomicInteger lostRaces = new AtomicInteger();
    private final AtomicInteger unclaims = new AtomicInteger();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<String> syntheticImages = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger syntheticCreated = new AtomicInteger();
    private final AtomicInteger syntheticDecided = new AtomicInteger();

    private String baseUrl;

    /** A completion the server answered 2xx. */
    private record Completion(String taskId, String imageId, String decision, String by) {
    }

    private record Call(int status, String body, double ms) {
    }

    @Test
    void twentyRetouchersClaimAndCompleteThousandsOfTasksWhileABatchIsProcessed() throws Exception {
        Files.createDirectories(RUN_DIR);
        Path dataDir = Files.createTempDirectory(RUN_DIR, "data-");
        List<String> report = new ArrayList<>();
        try (ConfigurableApplicationContext app = start(dataDir)) {
            baseUrl = "http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort();
            StudioflowApi api = StandaloneApp.api(app);
            AssetRepository assets = app.getBean(AssetRepository.class);
            TaskRepository tasks = app.getBean(TaskRepository.class);
            ZeebeTestEngine engine = engineOf(app);

            // 1. real photos through the real flow, up to their review task
            long seedStarted = System.nanoTime();
            List<String> seedIds = List.of(
                    api.upload("photographer", "SEED-BRICK", "seed", null, "brick.png", TestPhotos.bytes("brick.png")),
                    api.upload("photographer", "SEED-APPLE", "seed", null, "apple.jpg", TestPhotos.bytes("apple.jpg")));
            List<Seed> seeds = new ArrayList<>();
            for (String id : seedIds) {
                JsonNode task = api.awaitTask("retoucher-01", id);
                assertThat(task.path("elementId").asText()).isEqualTo(REVIEW_ELEMENT);
                Asset asset = assets.get(id);
                Map<String, Object> variables = variablesAtReview(engine, asset.processInstanceKey());
                assertThat(variables).as("variables of seed %s", id).containsKeys("qc", "segmentation", "colour", "composition", "routing");
                @SuppressWarnings("unchecked")
                Map<String, Object> routing = (Map<String, Object>) variables.get("routing");
                assertThat(routing.get("route")).isEqualTo("HUMAN_REVIEW");
                assertThat(routing.get("fourEyes")).as("the load counts one task per image: no four-eyes policy").isNotEqualTo(Boolean.TRUE);
                seeds.add(new Seed(asset, variables));
            }
            double seedS = (System.nanoTime() - seedStarted) / 1e9;

            // 2. the synthetic instances: the real flow from its review task on; the first backlog now, the rest during the load
            long openStarted = System.nanoTime();
            ExecutorService creators = Executors.newFixedThreadPool(8);
            int firstBacklog = Math.min(BACKLOG, TASKS);
            while (syntheticCreated.get() < firstBacklog) {
                createSynthetic(app, seeds, creators, Math.min(50, firstBacklog - syntheticCreated.get()));
            }
            double createdS = (System.nanoTime() - openStarted) / 1e9;
            InboxQuery loadTasks = new InboxQuery(InboxQuery.Scope.MY_GROUPS, LOAD_BRAND, null, null, null, null, null, null);
            awaitCount(() -> tasks.count(loadTasks, Set.of("retouchers"), null), firstBacklog, Duration.ofMinutes(30), "synthetic tasks opened");
            double openedS = (System.nanoTime() - openStarted) / 1e9;

            // 3. the load, with a real batch uploaded as it starts
            List<byte[]> batchPhotos = batchPhotos();
            String loadBefore = loadAverage();
            long loadStarted = System.nanoTime();
            Map<String, Long> batchProcessedAt = new ConcurrentHashMap<>();
            List<String> batchIds = new ArrayList<>();
            ExecutorService crew = Executors.newFixedThreadPool(RETOUCHERS + 1);
            List<Future<?>> running = new ArrayList<>();
            for (int n = 1; n <= RETOUCHERS; n++) {
                String user = retoucher(n);
                running.add(crew.submit(() -> retouch(user)));
            }
            AtomicInteger mostOpen = new AtomicInteger();
            Thread feeder = new Thread(() -> {
                while (!stop.get() && syntheticCreated.get() < TASKS) {
                    int open = syntheticCreated.get() - syntheticDecided.get();
                    mostOpen.accumulateAndGet(open, Math::max);
                    int room = Math.min(BACKLOG - open, TASKS - syntheticCreated.get());
                    if (room < Math.min(25, TASKS - syntheticCreated.get())) {
                        pause(200);
                        continue;
                    }
                    try {
                        createSynthetic(app, seeds, creators, Math.min(room, 50));
                    } catch (Exception e) {
                        unexpected.add("creating synthetic instances: " + e);
                        return;
                    }
                }
            }, "load-feeder");
            feeder.start();
            Future<?> uploads = crew.submit(() -> {
                for (int i = 0; i < batchPhotos.size(); i++) {
                    String id = api.upload("photographer", "BATCH-" + i, BATCH_BRAND, null, "batch-" + i + ".jpg", batchPhotos.get(i));
                    synchronized (batchIds) {
                        batchIds.add(id);
                    }
                }
            });
            long deadline = loadStarted + LOAD_LIMIT.toNanos();
            long lastProgress = loadStarted;
            while (true) {
                List<String> batch;
                synchronized (batchIds) {
                    batch = List.copyOf(batchIds);
                }
                for (String id : batch) {
                    if (!batchProcessedAt.containsKey(id) && processed(assets.get(id).status())) {
                        batchProcessedAt.put(id, System.nanoTime());
                    }
                }
                long decided = syntheticDecided.get();
                boolean batchDone = uploads.isDone() && batchProcessedAt.size() == batchPhotos.size();
                if (decided >= TASKS && batchDone && tasks.count(InboxQuery.all(), Set.of("retouchers"), null) == 0) {
                    break;
                }
                if (System.nanoTime() > deadline || running.stream().allMatch(Future::isDone)) {
                    break;
                }
                if (System.nanoTime() - lastProgress > 30_000_000_000L) {
                    lastProgress = System.nanoTime();
                    System.out.printf("[load] %.0f s: %,d completions (%,d synthetic), %,d lost races, batch %d/%d processed, load %s%n",
                            (lastProgress - loadStarted) / 1e9, completions.size(), decided, lostRaces.get(),
                            batchProcessedAt.size(), batchPhotos.size(), loadAverage());
                }
                Thread.sleep(250);
            }
            stop.set(true);
            for (Future<?> retoucher : running) {
                retoucher.get(2, TimeUnit.MINUTES);
            }
            uploads.get(1, TimeUnit.MINUTES);
            feeder.join(120_000);
            crew.shutdown();
            creators.shutdown();
            double wallS = (System.nanoTime() - loadStarted) / 1e9;
            String loadAfter = loadAverage();
            long lastBatch = batchProcessedAt.values().stream().mapToLong(Long::longValue).max().orElse(loadStarted);
            double batchS = (lastBatch - loadStarted) / 1e9;

            // 4. the checks
            long verifyStarted = System.nanoTime();
            Map<String, Integer> decisions = new TreeMap<>();
            completions.forEach(c -> decisions.merge(c.decision(), 1, Integer::sum));
            List<String> lost = lostCompletions(assets, tasks);
            long openSynthetic = tasks.count(loadTasks, Set.of("retouchers"), null);
            long syntheticTasks = countTasksOfBrand(app, LOAD_BRAND);
            long syntheticDecided = this.syntheticDecided.get();
            EngineState engineState = engineState(engine);
            List<String> jobsOpenForClosedTasks = completions.stream()
                    .map(c -> tasks.get(c.taskId()).task())
                    .filter(t -> t.jobKey() != null && engineState.openUserTaskJobs().contains(t.jobKey()))
                    .map(ReviewTask::id).toList();
            List<Long> syntheticRunning = List.copyOf(syntheticImages).stream().map(id -> assets.get(id).processInstanceKey())
                    .filter(key -> !engineState.completedInstances().contains(key)).toList();
            double verifyS = (System.nanoTime() - verifyStarted) / 1e9;

            // 5. the figures
            int completed = completions.size();
            report.add(String.format("[figure] review load run, %s", Instant.now()));
            report.add(String.format("[figure] tasks: %,d synthetic (from %d real seed photos) + %d real (seeds and batch) decided; "
                    + "%d retouchers, each their own account, HTTP Basic with bcrypt cost %d", TASKS, seeds.size(),
                    completed - syntheticDecided, RETOUCHERS, BCRYPT_COST));
            report.add(String.format("[figure] set-up: seeds through the flow to review %.1f s; first %,d instances created in %.1f s, "
                            + "their tasks open after %.1f s (%.0f tasks opened/s); the other %,d created during the load, at most %,d synthetic tasks open at once",
                    seedS, firstBacklog, createdS, openedS, firstBacklog / openedS, TASKS - firstBacklog, Math.max(mostOpen.get(), firstBacklog)));
            report.add(String.format("[figure] load: wall time %.1f s, %,d completions (%s), %.1f completions/s, %,d lost claim races (409), %,d unclaims",
                    wallS, completed, decisions, completed / wallS, lostRaces.get(), unclaims.get()));
            report.add(String.format("[figure] %-22s %7s %9s %9s %9s", "operation (HTTP)", "n", "p50 ms", "p95 ms", "max ms"));
            for (String op : List.of("inbox list", "claim", "complete", "unclaim")) {
                report.add(row(op));
            }
            report.add(String.format("[figure] responses: %s", new TreeMap<>(statuses)));
            report.add(String.format("[figure] batch meanwhile: %d real photos uploaded at load start, %d processed by the model during the load "
                    + "(last after %.1f s: %.3f images/s)", batchPhotos.size(), batchProcessedAt.size(), batchS,
                    batchProcessedAt.isEmpty() ? 0 : batchProcessedAt.size() / batchS));
            report.add(String.format("[figure] checks: double claims %d, double completions %d, lost completions %d, unexpected responses %d, "
                            + "open synthetic tasks %d, synthetic tasks %,d for %,d images, decided %,d; engine: user-task jobs open for closed tasks %d, "
                            + "synthetic instances not completed %d (verified in %.1f s)",
                    doubleClaims.size(), doubleCompletions.size(), lost.size(), unexpected.size(), openSynthetic, syntheticTasks,
                    TASKS, syntheticDecided, jobsOpenForClosedTasks.size(), syntheticRunning.size(), verifyS));
            report.add(String.format("[figure] load average (1/5/15 min) before the load %s, after %s; %d cores",
                    loadBefore, loadAfter, Runtime.getRuntime().availableProcessors()));
            System.out.println();
            report.forEach(System.out::println);
            Files.write(RUN_DIR.resolve("report.txt"), report, StandardCharsets.UTF_8);

            assertThat(doubleClaims).as("tasks held by two people at once").isEmpty();
            assertThat(doubleCompletions).as("tasks completed twice").isEmpty();
            assertThat(lost).as("completions answered 2xx whose task or image did not follow").isEmpty();
            assertThat(unexpected).as("responses other than 200 and a lost claim race").isEmpty();
            assertThat(syntheticCreated.get()).as("synthetic images created").isEqualTo(TASKS);
            assertThat(syntheticTasks).as("one task per synthetic image").isEqualTo(TASKS);
            assertThat(syntheticDecided).as("synthetic tasks decided").isEqualTo(TASKS);
            assertThat(openSynthetic).isZero();
            assertThat(jobsOpenForClosedTasks).as("engine jobs still waiting for a closed task").isEmpty();
            assertThat(syntheticRunning).as("synthetic instances still running").isEmpty();
            assertThat(batchProcessedAt).as("batch photos processed during the load").hasSize(batchPhotos.size());
        } finally {
            if (!KEEP_DATA) {
                FileSystemUtils.deleteRecursively(dataDir);
            }
        }
    }

    // ---- the retoucher ----

    private void retouch(String user) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<String> heldAfterFailure = new ArrayList<>();
        while (!stop.get()) {
            Call list = call("inbox list", user, "GET", "/api/tasks?limit=" + INBOX_PAGE, null);
            if (list.status() != 200) {
                unexpected.add(user + " inbox " + list.status() + " " + list.body());
                pause(500);
                continue;
            }
            List<JsonNode> free = new ArrayList<>();
            for (JsonNode task : json(list.body())) {
                String assignee = task.path("assignee").asText(null);
                if (assignee == null) {
                    free.add(task);
                } else if (assignee.equals(user) && !heldAfterFailure.contains(task.path("id").asText())) {
                    heldAfterFailure.add(task.path("id").asText()); // a completion of ours that failed: decide it again
                }
            }
            JsonNode task;
            if (!heldAfterFailure.isEmpty()) {
                String id = heldAfterFailure.removeFirst();
                task = null;
                for (JsonNode candidate : json(list.body())) {
                    if (candidate.path("id").asText().equals(id)) {
                        task = candidate;
                    }
                }
                if (task == null) {
                    continue;
                }
            } else if (free.isEmpty()) {
                pause(250);
                continue;
            } else {
                task = free.get(random.nextInt(free.size()));
                String id = task.path("id").asText();
                Call claim = call("claim", user, "POST", "/api/tasks/" + id + "/claim", null);
                if (claim.status() == 409) {
                    lostRaces.incrementAndGet();
                    continue;
                }
                if (claim.status() != 200) {
                    unexpected.add(user + " claim " + id + " " + claim.status() + " " + claim.body());
                    continue;
                }
                String previous = holders.putIfAbsent(id, user);
                if (previous != null && !previous.equals(user)) {
                    doubleClaims.add(id + " claimed by " + user + " while " + previous + " held it");
                }
                if (closed.contains(id)) {
                    doubleClaims.add(id + " claimed by " + user + " after it was completed");
                }
            }
            decide(user, task, random.nextInt(100));
        }
    }

    private void decide(String user, JsonNode task, int draw) {
        String id = task.path("id").asText();
        if (draw < UNCLAIM_PERCENT) {
            // released in our record first: once the server has released it, someone else may claim it at once
            holders.remove(id, user);
            Call release = call("unclaim", user, "POST", "/api/tasks/" + id + "/unclaim", null);
            if (release.status() == 200) {
                unclaims.incrementAndGet();
            } else {
                holders.put(id, user);
                unexpected.add(user + " unclaim " + id + " " + release.status() + " " + release.body());
            }
            return;
        }
        boolean reject = draw < UNCLAIM_PERCENT + REJECT_PERCENT;
        String decision = reject ? "REJECT" : "APPROVE";
        String body = reject ? "{\"decision\":\"REJECT\",\"comment\":\"load run: product scratched\"}"
                : "{\"decision\":\"APPROVE\",\"comment\":\"load run\"}";
        Call done = call("complete", user, "POST", "/api/tasks/" + id + "/complete", body);
        if (done.status() == 200) {
            if (!closed.add(id)) {
                doubleCompletions.add(id + " completed again by " + user);
            }
            holders.remove(id, user);
            completions.add(new Completion(id, task.path("imageId").asText(), decision, user));
            if (task.path("imageId").asText().startsWith("load-")) {
                syntheticDecided.incrementAndGet();
            }
        } else {
            unexpected.add(user + " complete " + id + " " + done.status() + " " + done.body());
        }
    }

    private Call call(String operation, String user, String method, String path, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)))
                .header("Accept", "application/json");
        if (jsonBody != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            double ms = (System.nanoTime() - started) / 1e6;
            latencies.computeIfAbsent(operation, o -> new ConcurrentLinkedQueue<>()).add(ms);
            statuses.computeIfAbsent(operation + " " + response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
            return new Call(response.statusCode(), response.body(), ms);
        } catch (IOException e) {
            statuses.computeIfAbsent(operation + " io-error", s -> new AtomicInteger()).incrementAndGet();
            return new Call(-1, e.toString(), (System.nanoTime() - started) / 1e6);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- the synthetic instances ----

    private record Seed(Asset asset, Map<String, Object> variables) {
    }

    /**
     * Creates {@code count} more synthetic images, each with its instance started before the review task, several at
     * once (each image's audit event is fsync'd and its instance waits for the engine's answer); returns when all are.
     */
    private void createSynthetic(ConfigurableApplicationContext app, List<Seed> seeds, ExecutorService creators, int count)
            throws Exception {
        AssetRepository assets = app.getBean(AssetRepository.class);
        AuditLog audit = app.getBean(AuditLog.class);
        CamundaClient camunda = app.getBean(CamundaClient.class);
        EngineRun run = app.getBean(EngineRun.class);
        Actor photographer = Actor.user("photographer", List.of("PHOTOGRAPHER"));
        List<Future<String>> created = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int n = syntheticCreated.getAndIncrement();
            Seed seed = seeds.get(n % seeds.size());
            String sku = "LOAD-%05d".formatted(n);
            created.add(creators.submit(() -> {
                Asset from = seed.asset();
                String id = "load-" + java.util.UUID.randomUUID();
                Instant now = Instant.now();
                assets.create(new Asset(id, sku, LOAD_BRAND, from.preset(), AssetStatus.PROCESSING, from.originalHash(),
                        from.originalName(), from.contentType(), from.width(), from.height(), null, "photographer", now, now,
                        List.of(), from.scores(), from.artifacts(), List.of(), from.priority(), null));
                audit.recordFirst(new AuditEvent(id + ":ingest", id, sku, "ingest", "photo-received", null, photographer,
                        "ACCEPTED", "load run: the processed result of image " + from.id() + " reused; capture and processing not repeated",
                        null, Map.of("width", from.width(), "height", from.height()), null, List.of(from.originalHash()), null, now)
                        .withContext(LOAD_BRAND, null, null));
                Map<String, Object> variables = new HashMap<>(seed.variables());
                variables.put("assetId", id);
                variables.put("sku", sku);
                variables.put("brand", LOAD_BRAND);
                long key = camunda.newCreateInstanceCommand().bpmnProcessId(ProductImageProcess.PROCESS_ID)
                        .latestVersion().variables(variables).startBeforeElement(REVIEW_ELEMENT)
                        .requestTimeout(Duration.ofSeconds(60)).send().join().getProcessInstanceKey();
                // as ProcessStarter records it: which instance of which engine run carries the image
                assets.update(id, Map.of("processInstanceKey", key, "engineRun", run.id()));
                syntheticImages.add(id);
                return id;
            }));
        }
        for (Future<String> image : created) {
            image.get(5, TimeUnit.MINUTES);
        }
    }

    /** The process-scope variables of an instance as the engine holds them now (the last value of each). */
    private static Map<String, Object> variablesAtReview(ZeebeTestEngine engine, long processInstanceKey) throws IOException {
        Map<String, Object> variables = new LinkedHashMap<>();
        List<Record<VariableRecordValue>> records = new ArrayList<>();
        RecordStream.of(engine.getRecordStreamSource()).variableRecords().forEach(records::add);
        for (Record<VariableRecordValue> record : records) {
            VariableRecordValue value = record.getValue();
            if (value.getProcessInstanceKey() == processInstanceKey && value.getScopeKey() == processInstanceKey
                    && (record.getIntent() == VariableIntent.CREATED || record.getIntent() == VariableIntent.UPDATED)) {
                variables.put(value.getName(), JSON.readValue(value.getValue(), Object.class));
            }
        }
        return variables;
    }

    // ---- the checks ----

    /** Completions answered 2xx whose task is not closed with that decision or whose image did not end accordingly. */
    private List<String> lostCompletions(AssetRepository assets, TaskRepository tasks) throws InterruptedException {
        List<String> lost = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        for (Completion completion : completions) {
            ReviewTask task = tasks.get(completion.taskId()).task();
            if (task.state() != TaskState.COMPLETED || !completion.decision().equals(task.decision())
                    || !completion.by().equals(task.completedBy())) {
                lost.add(completion + ": task is " + task.state() + " " + task.decision() + " by " + task.completedBy());
                continue;
            }
            AssetStatus wanted = completion.decision().equals("APPROVE") ? AssetStatus.PUBLISHED : AssetStatus.REJECTED;
            AssetStatus status = assets.get(completion.imageId()).status();
            while (status != wanted && System.nanoTime() < deadline) {
                Thread.sleep(200); // publishing may still be writing the last approvals
                status = assets.get(completion.imageId()).status();
            }
            if (status != wanted) {
                lost.add(completion + ": image is " + status);
            }
        }
        return lost;
    }

    private record EngineState(Set<Long> openUserTaskJobs, Set<Long> completedInstances) {
    }

    /** From the engine's records: user-task jobs created and not yet completed or cancelled; completed instances. */
    private static EngineState engineState(ZeebeTestEngine engine) {
        Set<Long> open = new HashSet<>();
        Set<Long> ended = new HashSet<>();
        RecordStream stream = RecordStream.of(engine.getRecordStreamSource());
        for (Record<JobRecordValue> job : stream.jobRecords()) {
            if (!USER_TASK_JOB_TYPE.equals(job.getValue().getType())) {
                continue;
            }
            if (job.getIntent() == JobIntent.CREATED) {
                open.add(job.getKey());
            } else if (job.getIntent() == JobIntent.COMPLETED || job.getIntent() == JobIntent.CANCELED) {
                ended.add(job.getKey());
            }
        }
        open.removeAll(ended);
        Set<Long> completed = new HashSet<>();
        for (Record<ProcessInstanceRecordValue> record : stream.processInstanceRecords()) {
            if (record.getValue().getBpmnElementType() == BpmnElementType.PROCESS
                    && record.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED) {
                completed.add(record.getKey());
            }
        }
        return new EngineState(open, completed);
    }

    private static long countTasksOfBrand(ConfigurableApplicationContext app, String brand) throws IOException {
        ElasticsearchClient client = app.getBean(ElasticsearchClient.class);
        String index = app.getBean(SearchIndices.class).name(SearchIndex.TASKS);
        client.indices().refresh(r -> r.index(index));
        return client.count(c -> c.index(index).query(q -> q.term(t -> t.field("brand").value(brand)))).count();
    }

    // ---- the application ----

    private static ConfigurableApplicationContext start(Path dataDir) {
        // configured users (not the dev profile): each retoucher has their own account, passwords bcrypt-hashed
        BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(BCRYPT_COST);
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--studioflow.engine.port=0",
                "--studioflow.data-dir=" + dataDir, "--spring.profiles.active=load-run"));
        Map<String, String> people = new LinkedHashMap<>();
        for (int n = 1; n <= RETOUCHERS; n++) {
            people.put(retoucher(n), "RETOUCHER");
        }
        people.put("photographer", "PHOTOGRAPHER");
        people.put("auditor", "AUDITOR");
        people.put("admin", "ADMIN");
        int i = 0;
        for (Map.Entry<String, String> person : people.entrySet()) {
            // the password is the user name, as StudioflowApi signs in
            args.add("--studioflow.security.users[%d].username=%s".formatted(i, person.getKey()));
            args.add("--studioflow.security.users[%d].password-hash=%s".formatted(i, encoder.encode(person.getKey())));
            args.add("--studioflow.security.users[%d].roles=%s".formatted(i, person.getValue()));
            i++;
        }
        return new SpringApplicationBuilder(StudioflowApplication.class).run(args.toArray(String[]::new));
    }

    private static String retoucher(int n) {
        return "retoucher-%02d".formatted(n);
    }

    /**
     * The embedded engine the application started, for its record stream. It is not a bean (it lives beside the
     * context, see EmbeddedEngineEnvironment); its stopper is one of the context's listeners and holds it.
     */
    private static ZeebeTestEngine engineOf(ConfigurableApplicationContext app) throws ReflectiveOperationException {
        for (ApplicationListener<?> listener : ((AbstractApplicationContext) app).getApplicationListeners()) {
            if (listener.getClass().getName().endsWith("EmbeddedEngineEnvironment$EngineStopper")) {
                Field engine = listener.getClass().getDeclaredField("engine");
                engine.setAccessible(true);
                return (ZeebeTestEngine) engine.get(listener);
            }
        }
        throw new IllegalStateException("the application did not start the embedded engine");
    }

    // ---- small things ----

    private static List<byte[]> batchPhotos() {
        List<byte[]> photos = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            String texture = TEXTURES.get(i % TEXTURES.size());
            photos.add(i % 3 == 2 ? TestPhotos.bytes(texture) : StudioPhotos.packshot(texture));
        }
        return photos;
    }

    private static boolean processed(AssetStatus status) {
        return status != AssetStatus.CAPTURE && status != AssetStatus.PROCESSING;
    }

    private String row(String operation) {
        List<Double> ms = new ArrayList<>(latencies.getOrDefault(operation, new ConcurrentLinkedQueue<>()));
        ms.sort(Comparator.naturalOrder());
        if (ms.isEmpty()) {
            return String.format("[figure] %-22s %7d %9s %9s %9s", operation, 0, "-", "-", "-");
        }
        return String.format("[figure] %-22s %7d %9.1f %9.1f %9.1f", operation, ms.size(), percentile(ms, 50),
                percentile(ms, 95), ms.getLast());
    }

    private static double percentile(List<Double> sorted, int p) {
        return sorted.get(Math.max(0, (int) Math.ceil(sorted.size() * p / 100.0) - 1));
    }

    private static void awaitCount(java.util.function.LongSupplier count, long wanted, Duration limit, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        long seen = count.getAsLong();
        long lastPrint = System.nanoTime();
        while (seen < wanted) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": " + seen + " of " + wanted + " after " + limit);
            }
            if (System.nanoTime() - lastPrint > 10_000_000_000L) {
                System.out.printf("[load] %s: %,d of %,d%n", what, seen, wanted);
                lastPrint = System.nanoTime();
            }
            Thread.sleep(500);
            seen = count.getAsLong();
        }
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + "/" + parts[1] + "/" + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
