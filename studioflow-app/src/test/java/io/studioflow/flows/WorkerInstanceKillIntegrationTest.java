package io.studioflow.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.studioflow.platform.StudioflowProperties;
import io.studioflow.platform.embedded.search.EmbeddedSearchNode;
import io.studioflow.testing.HostileArchives;
import io.studioflow.testing.IntegrationTest;
import io.studioflow.testing.StandaloneApp;
import io.studioflow.testing.StudioPhotos;
import io.studioflow.testing.StudioflowApi.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * Scale-out on one machine: this test's application (embedded engine and Elasticsearch node, both roles) and a
 * second Studioflow instance in a JVM of its own, a pure worker pointed at the first one's engine gRPC port and
 * node, sharing its blob and publish folders. One batch is shared between them. When about a third of it has
 * settled and the worker holds activated jobs it has not finished, the worker is killed with SIGKILL
 * ({@code kill -9}). Its jobs time out in the engine (their timeouts are shortened for the test) and this instance
 * finishes everything: every image published or waiting on one inbox task, none published twice, no step recorded
 * twice, every audit chain whole. Who did which job is read from both instances' step logs.
 */
class WorkerInstanceKillIntegrationTest extends IntegrationTest {

    private static final int IMAGES = Integer.getInteger("scaleout.images", 14);
    private static final String STEP_LOGGER = "io.studioflow.flows.StepRecorder";
    private static final String JOB_LOGGER = "io.camunda.client.job.worker";
    /** The Camunda client's trace line for a job it starts (the job as JSON), and Studioflow's for a step it recorded. */
    private static final Pattern JOB_STARTED = Pattern.compile("Handle \\{.*?\"key\":(\\d+)");
    private static final Pattern STEP_RECORDED = Pattern.compile("Step (\\S+) of image (\\S+) recorded for job (\\d+)");

    @Value("${studioflow.engine.embedded-port}")
    private int enginePort;
    @Autowired
    private EmbeddedSearchNode searchNode;
    @Autowired
    private StudioflowProperties properties;

    @Test
    void aWorkerInstanceKilledMidBatchLeavesNothingUndoneOrDoneTwice() throws Exception {
        Path log = StandaloneApp.freshLog("worker-instance", "killed-worker.log");
        int port = StandaloneApp.freePort();
        List<String> arguments = Stream.concat(StandaloneApp.workerOf(enginePort, searchNode.uri(), properties).stream(),
                Stream.of(
                        // the jobs it holds when killed come back to the engine after this long
                        "--camunda.client.worker.override.capture-qc.timeout=PT30S",
                        "--camunda.client.worker.override.correct-colour.timeout=PT30S",
                        "--camunda.client.worker.override.compose.timeout=PT30S",
                        "--camunda.client.worker.override.publish.timeout=PT30S",
                        "--camunda.client.worker.override.remove-background.timeout=PT60S",
                        "--logging.level." + STEP_LOGGER + "=DEBUG",
                        "--logging.level." + JOB_LOGGER + "=TRACE")).toList();
        Process worker = StandaloneApp.launch(Files.createTempDirectory(dataDir().getParent(), "killed-worker-data-"),
                port, log, Duration.ofMinutes(4), arguments);
        ListAppender<ILoggingEvent> stepsHere = new ListAppender<>();
        Logger stepLogger = (Logger) LoggerFactory.getLogger(STEP_LOGGER);
        Level stepLevel = stepLogger.getLevel();
        stepLogger.setLevel(Level.DEBUG);
        stepsHere.start();
        stepLogger.addAppender(stepsHere);
        try {
            List<String> ids;
            WorkerLog atKill;
            long began = System.nanoTime();
            try {
                ids = sendBatch();
                await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> {
                            WorkerLog sofar = WorkerLog.read(log);
                            return settled(ids) >= IMAGES / 3 && sofar.recorded().size() >= 2 && !sofar.held().isEmpty();
                        });
            } finally {
                worker.destroyForcibly(); // SIGKILL: no shutdown, its activated jobs stay with it until they time out
                worker.waitFor();
            }
            atKill = WorkerLog.read(log);
            long killedAt = (System.nanoTime() - began) / 1_000_000_000;
            assertThat(worker.exitValue()).as("killed by SIGKILL").isEqualTo(137);

            long killed = System.nanoTime();
            Map<String, JsonNode> settled = RecoveryChecks.awaitSettled(api, ids, Duration.ofMinutes(10), task -> true);
            long settledAfter = (System.nanoTime() - killed) / 1_000_000_000;
            int stepEvents = RecoveryChecks.assertHistoriesClean(api, ids);
            long published = settled.values().stream().filter(task -> task == null).count();

            Map<String, Long> doneHere = new TreeMap<>();
            Set<String> jobsDoneHere = new HashSet<>();
            synchronized (stepsHere.list) {
                for (ILoggingEvent event : stepsHere.list) {
                    Matcher step = STEP_RECORDED.matcher(event.getFormattedMessage());
                    if (step.matches() && ids.contains(step.group(2))) {
                        doneHere.merge(step.group(1), 1L, Long::sum);
                        jobsDoneHere.add(step.group(3));
                    }
                }
            }
            Set<String> takenOver = new HashSet<>(atKill.held());
            takenOver.retainAll(jobsDoneHere);

            assertThat(atKill.recorded()).as("steps the worker instance did before it was killed").isNotEmpty();
            assertThat(doneHere).as("steps this instance did").isNotEmpty();
            assertThat(takenOver).as("jobs the killed worker held (%s) that timed out and were done here",
                    atKill.held()).isNotEmpty();
            assertThat(published).as("images published, not only sent to an inbox").isPositive();
            System.out.printf("[figure] two instances, one batch of %d images: the worker instance did %d steps %s and"
                            + " held %d started jobs when killed -9 %d s in; this instance did %d steps %s, among them %d"
                            + " of the killed worker's jobs after they timed out; %d s after the kill every image was"
                            + " published (%d) or in an inbox (%d); %d step events, none twice; one publish each; every"
                            + " audit chain intact%n", IMAGES, atKill.recorded().size(), atKill.byStep(),
                    atKill.held().size(), killedAt, doneHere.values().stream().mapToLong(Long::longValue).sum(), doneHere,
                    takenOver.size(), settledAfter, published, IMAGES - published, stepEvents);
        } finally {
            stepLogger.detachAppender(stepsHere);
            stepLogger.setLevel(stepLevel);
            stepsHere.stop();
        }
    }

    /** What the worker instance's log says: the jobs it started and the steps it recorded, by job key. */
    private record WorkerLog(Set<String> started, Map<String, String> recorded) {

        static WorkerLog read(Path log) throws IOException {
            Set<String> started = new HashSet<>();
            Map<String, String> recorded = new TreeMap<>();
            for (String line : Files.readAllLines(log)) {
                Matcher job = JOB_STARTED.matcher(line);
                if (job.find()) {
                    started.add(job.group(1));
                }
                Matcher step = STEP_RECORDED.matcher(line);
                if (step.find()) {
                    recorded.put(step.group(3), step.group(1));
                }
            }
            return new WorkerLog(started, recorded);
        }

        /** Jobs started and not recorded: still in its hands. */
        Set<String> held() {
            Set<String> held = new HashSet<>(started);
            held.removeAll(recorded.keySet());
            return held;
        }

        Map<String, Long> byStep() {
            Map<String, Long> byStep = new TreeMap<>();
            recorded.values().forEach(step -> byStep.merge(step, 1L, Long::sum));
            return byStep;
        }
    }

    /** One ZIP, one batch: packshots no other test sends, named {@code <sku>_<angle>.jpg}. */
    private List<String> sendBatch() {
        List<byte[]> shots = new ArrayList<>(StudioPhotos.packshots("rocket.jpg", IMAGES / 2));
        shots.addAll(StudioPhotos.packshots("astronaut.png", IMAGES - IMAGES / 2));
        HostileArchives zip = HostileArchives.zip();
        for (int i = 0; i < shots.size(); i++) {
            zip.file("SCALEOUT-" + i + "_front.jpg", shots.get(i));
        }
        byte[] archive = zip.bytes();
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("name", "Scale-out");
        form.add("brand", "acme");
        form.add("files", new ByteArrayResource(archive) {
            @Override
            public String getFilename() {
                return "scale-out.zip";
            }
        });
        Response sent = api.request("photographer", HttpMethod.POST, "/api/batches", form, MediaType.MULTIPART_FORM_DATA);
        assertThat(sent.status()).as(sent.raw()).isEqualTo(202);
        String batchId = sent.text("id");
        List<String> ids = new ArrayList<>();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Response images = api.get("manager", "/api/batches/" + batchId + "/images");
            assertThat(images.status()).as(images.raw()).isEqualTo(200);
            assertThat(images.body().size()).as("images of the batch: %s", images.raw()).isEqualTo(IMAGES);
            ids.clear();
            images.body().forEach(image -> ids.add(image.path("id").asText()));
        });
        return ids;
    }

    private long settled(List<String> ids) {
        return ids.stream().map(id -> api.get("admin", "/api/images/" + id).text("status"))
                .filter(status -> List.of("PUBLISHED", "IN_REVIEW", "RETAKE", "REJECTED").contains(status)).count();
    }
}
