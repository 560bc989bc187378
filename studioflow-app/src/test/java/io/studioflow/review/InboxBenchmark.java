package io.studioflow.review;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.indices.IndicesStatsResponse;
import co.elastic.clients.elasticsearch.indices.stats.IndicesStats;
import co.elastic.clients.json.JsonData;
import io.studioflow.audit.Actor;
import io.studioflow.platform.search.SearchIndex;
import io.studioflow.platform.search.SearchIndices;
import io.studioflow.platform.security.Role;
import io.studioflow.review.ReviewTask.TaskState;
import io.studioflow.testing.IntegrationTest;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The inbox at scale: fills Elasticsearch with 100,000 open tasks (20 brands, 4 presets, 8 checks, two
 * candidate groups, a tenth claimed) and prints p50/p95/max of the inbox queries a retoucher makes (first
 * page plus count) and of claiming and releasing a task. Run with
 * {@code mvn -o -pl studioflow-app -Dbenchmark=true -Dtest=InboxBenchmark -Dsurefire.failIfNoSpecifiedTests=false test}
 * ({@code -Dbenchmark.tasks=N} for another size). Its tasks are removed again at the end.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class InboxBenchmark extends IntegrationTest {

    /** Every task of the benchmark has a brand starting with this, so they can be found and removed. */
    private static final String MARKER = "bench-";
    private static final int TASKS = Integer.getInteger("benchmark.tasks", 100_000);
    private static final int BATCH = 5_000;
    private static final int RUNS = 200;
    private static final int DIAGNOSTIC_RUNS = 50;
    private static final int WARM_UP = 20;
    private static final int PAGE = 50;

    private static final List<String> CHECKS =
            List.of("segmentation", "composition", "colour", "qc", "reprocess", "capture", "retake", "other");
    private static final List<String> PRESETS = List.of("amazon", "zalando", "shopify", "square");
    /** How often each check occurs, in per mille, in CHECKS' order: mostly uncertain cut-outs. */
    private static final int[] CHECK_WEIGHTS = {400, 150, 100, 80, 30, 150, 40, 50};

    private static final TaskService.Worker RETOUCHER = new TaskService.Worker(
            Actor.user("retoucher", List.of(Role.RETOUCHER.name())), Role.candidateGroups(Set.of(Role.RETOUCHER)), false);

    @Autowired
    private ElasticsearchClient client;

    @Autowired
    private SearchIndices indices;

    @Autowired
    private TaskService service;

    @Autowired
    private TaskRepository repository;

    @Test
    void inboxAndClaimOverAHundredThousandOpenTasks() throws IOException {
        String index = indices.name(SearchIndex.TASKS);
        removeBenchmarkTasks(index);
        try {
            List<String> claimable = fill(index);
            printIndexSize(index);

            InboxQuery all = InboxQuery.all();
            InboxQuery filtered = new InboxQuery(InboxQuery.Scope.MY_GROUPS, MARKER + "brand-07", null, "segmentation",
                    0.3, 0.7, null, InboxQuery.Sort.PRIORITY);
            System.out.printf("%n[figure] inbox benchmark: %,d open tasks, page size %d, %d warm-up runs first%n", TASKS, PAGE, WARM_UP);
            System.out.printf("[figure] %-58s %5s %9s %9s %9s%n", "operation", "n", "p50 ms", "p95 ms", "max ms");
            List<String> table = new ArrayList<>();
            table.add(row("inbox default (priority), page 1 + count", RUNS, () -> page(all, 0)));
            table.add(row("inbox brand+check+confidence, page 1 + count", RUNS, () -> page(filtered, 0)));
            table.add(row("inbox scope MINE, page 1 + count", RUNS, () -> page(all.withScope(InboxQuery.Scope.MINE), 0)));
            table.add(row("inbox sort DUE, page 1 + count", RUNS, () -> page(all.withSort(InboxQuery.Sort.DUE), 0)));
            table.add(row("inbox deep page (offset 50,000) + count", RUNS, () -> page(all, 50_000)));

            // each claim takes a task nobody holds yet; the same tasks are then released again
            List<String> claimed = new ArrayList<>(claimable.subList(0, WARM_UP + RUNS));
            List<String> released = new ArrayList<>(claimed);
            table.add(row("claim (TaskService.claim)", RUNS, () -> service.claim(claimed.removeFirst(), RETOUCHER)));
            table.add(row("unclaim (TaskService.unclaim)", RUNS, () -> service.unclaim(released.removeFirst(), RETOUCHER)));

            // where a claim's time goes: the versioned read, and the compare-and-set write with its refresh
            // (fewer runs: these only explain the claim's figure)
            List<String> touched = List.copyOf(claimable.subList(WARM_UP + RUNS, claimable.size()));
            table.add(row("  part of a claim: TaskRepository.get", RUNS, () -> repository.get(touched.get(0))));
            List<String> written = new ArrayList<>(touched.subList(1, 1 + WARM_UP + DIAGNOSTIC_RUNS));
            table.add(row("  part of a claim: TaskRepository.replace", DIAGNOSTIC_RUNS, () -> {
                TaskRepository.Versioned read = repository.get(written.removeFirst());
                return repository.replace(read, read.task().withAssignee("retoucher", Instant.now()));
            }));

            System.out.printf("%n[figure] inbox benchmark summary (%,d open tasks)%n", TASKS);
            table.forEach(System.out::println);
            assertThat(table).hasSize(9);
        } finally {
            removeBenchmarkTasks(index);
        }
    }

    /** What an inbox shows first: one page and the total it pages over (one query, as the REST API does). */
    private Object page(InboxQuery query, int offset) {
        InboxPage page = service.inboxPage(query, RETOUCHER, offset, PAGE);
        if (page.total() > offset && page.items().isEmpty()) {
            throw new AssertionError("an empty page at offset " + offset + " of " + page.total() + " tasks for " + query);
        }
        return page;
    }

    /** Measures the operation and prints its line of the table at once (a long run shows progress). */
    private static String row(String operation, int runs, Operation timed) throws IOException {
        List<Double> ms = measure(timed, runs);
        String line = "[figure] %-58s %5d %9.1f %9.1f %9.1f".formatted(operation, runs, percentile(ms, 50),
                percentile(ms, 95), ms.getLast());
        System.out.println(line);
        return line;
    }

    /** Milliseconds of each run after the warm-up, sorted. */
    private static List<Double> measure(Operation operation, int runs) throws IOException {
        for (int i = 0; i < WARM_UP; i++) {
            operation.run();
        }
        List<Double> ms = new ArrayList<>(runs);
        for (int i = 0; i < runs; i++) {
            long started = System.nanoTime();
            operation.run();
            ms.add((System.nanoTime() - started) / 1e6);
        }
        ms.sort(null);
        return ms;
    }

    private static double percentile(List<Double> sorted, int p) {
        return sorted.get(Math.max(0, (int) Math.ceil(sorted.size() * p / 100.0) - 1));
    }

    /** One timed call; may throw what the Elasticsearch client throws. */
    private interface Operation {
        Object run() throws IOException;
    }

    /** Bulk-indexes the tasks; returns the ids of open review tasks nobody holds, for claiming. */
    private List<String> fill(String index) throws IOException {
        Random random = new Random(42);
        Instant now = Instant.now();
        List<String> claimable = new ArrayList<>();
        long started = System.nanoTime();
        List<BulkOperation> batch = new ArrayList<>(BATCH);
        for (int n = 0; n < TASKS; n++) {
            ReviewTask task = task(n, random, now);
            if (task.assignee() == null && task.kind() == TaskKind.REVIEW) {
                claimable.add(task.id());
            }
            batch.add(BulkOperation.of(o -> o.create(c -> c.id(task.id()).document(task))));
            if (batch.size() == BATCH || n == TASKS - 1) {
                List<BulkOperation> operations = List.copyOf(batch);
                BulkResponse response = client.bulk(b -> b.index(index).operations(operations));
                if (response.errors()) {
                    throw new IllegalStateException("bulk indexing failed: " + response.items().stream()
                            .filter(item -> item.error() != null).findFirst().map(item -> item.error().reason()).orElse("?"));
                }
                batch.clear();
            }
        }
        double indexedMs = (System.nanoTime() - started) / 1e6;
        client.indices().refresh(r -> r.index(index));
        double refreshedMs = (System.nanoTime() - started) / 1e6;
        System.out.printf("%n[figure] bulk-indexed %,d tasks in batches of %,d: %.1f s (%,.0f tasks/s), searchable after %.1f s%n",
                TASKS, BATCH, indexedMs / 1000, TASKS / (indexedMs / 1000), refreshedMs / 1000);
        Collections.shuffle(claimable, random);
        return claimable;
    }

    /** One task as the flow would have opened it, with the variety of a real backlog. */
    private static ReviewTask task(int n, Random random, Instant now) {
        String check = weighted(random);
        boolean retake = check.equals("capture") || check.equals("retake");
        TaskKind kind = retake ? TaskKind.RETAKE : TaskKind.REVIEW;
        String group = retake ? "photographers" : "retouchers";
        double confidence = Math.round(random.nextDouble() * 0.95 * 1000) / 1000.0;
        Map<String, Object> scores = new LinkedHashMap<>();
        scores.put("qc", retake ? confidence : 0.5 + random.nextDouble() / 2);
        if (!retake) {
            scores.put("segmentation", check.equals("segmentation") ? confidence : 0.75 + random.nextDouble() / 4);
            scores.put("colour", check.equals("colour") ? confidence : 0.4 + random.nextDouble() * 0.6);
            scores.put("composition", check.equals("composition") ? confidence : 0.6 + random.nextDouble() * 0.4);
        }
        // a backlog of up to a week; a review is due 4 h after opening, a retake 24 h, so many are overdue
        Instant created = now.minusSeconds(random.nextInt(7 * 24 * 3600));
        Instant due = created.plus(retake ? Duration.ofHours(24) : Duration.ofHours(4));
        int priority = switch (random.nextInt(10)) {
            case 0 -> 100;
            case 1, 2 -> 80;
            case 3 -> 20;
            default -> 50;
        };
        String assignee = null;
        if (random.nextInt(10) == 0) {
            assignee = retake ? "photographer" : random.nextBoolean() ? "retoucher" : "retoucher2";
        }
        String id = MARKER + n;
        return new ReviewTask(id, kind, kind.title(), retake ? "retake-photo" : "review-and-retouch", MARKER + "image-" + n,
                "SKU-" + (100_000 + n), MARKER + "brand-%02d".formatted(random.nextInt(20)), PRESETS.get(random.nextInt(4)),
                List.of(group), assignee, TaskState.OPEN, List.of(TaskChecks.label(check)), check, scores, confidence,
                priority, 2_251_799_813_685_248L + n, created, due, assignee == null ? null : created.plusSeconds(600),
                null, null, null, null, List.of());
    }

    private static String weighted(Random random) {
        int pick = random.nextInt(1000);
        for (int i = 0; i < CHECKS.size(); i++) {
            pick -= CHECK_WEIGHTS[i];
            if (pick < 0) {
                return CHECKS.get(i);
            }
        }
        return CHECKS.getLast();
    }

    private void printIndexSize(String index) throws IOException {
        IndicesStatsResponse stats = client.indices().stats(s -> s.index(index));
        IndicesStats primaries = stats.indices().get(index);
        long docs = primaries.primaries().docs().count();
        long bytes = primaries.primaries().store().sizeInBytes();
        System.out.printf("[figure] task index %s: %,d docs, %.1f MB on disk (%d segments)%n", index, docs,
                bytes / 1024.0 / 1024.0, primaries.primaries().segments().count());
    }

    /**
     * Deletes every task with the benchmark's brand marker. The embedded node has no delete-by-query (that
     * lives in the reindex module it leaves out), so the ids are paged through and deleted in bulk.
     */
    private void removeBenchmarkTasks(String index) throws IOException {
        Query marked = Query.of(q -> q.prefix(p -> p.field("brand").value(MARKER)));
        long removed = 0;
        while (true) {
            List<String> ids = client.search(s -> s.index(index).query(marked).size(BATCH).source(src -> src.fetch(false))
                            .sort(o -> o.field(f -> f.field("id").order(SortOrder.Asc))), JsonData.class)
                    .hits().hits().stream().map(Hit::id).toList();
            if (ids.isEmpty()) {
                break;
            }
            BulkResponse response = client.bulk(b -> b.index(index).refresh(Refresh.True)
                    .operations(ids.stream().map(id -> BulkOperation.of(o -> o.delete(d -> d.id(id)))).toList()));
            if (response.errors()) {
                throw new IllegalStateException("could not remove the benchmark's tasks");
            }
            removed += ids.size();
        }
        if (removed > 0) {
            System.out.printf("[figure] removed %,d benchmark tasks%n", removed);
        }
    }
}
