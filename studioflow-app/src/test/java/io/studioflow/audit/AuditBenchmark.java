package io.studioflow.audit;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import io.studioflow.testing.IntegrationTest;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The audit trail at scale: bulk-creates 1,000,000 chained events (100,000 images × 10 events, the
 * deliverer's write path: bulk {@code create}) and prints the ingest rate, then p50/p95/max of one image's
 * history ({@link AuditLog#history}: search over the whole index family plus the outbox merge) and of its
 * verification, and finally the end-to-end rate of {@link AuditLog#record} (chain, fsync'd outbox append,
 * delivery). Run with
 * {@code mvn -o -pl studioflow-embedded,studioflow-app -Dbenchmark=true -Dtest=AuditBenchmark -Dsurefire.failIfNoSpecifiedTests=false test}
 * ({@code -Dbenchmark.audit.events=N} for another size). Its events go to a month of their own
 * (January 2001) whose index is removed at the end.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class AuditBenchmark extends IntegrationTest {

    private static final int EVENTS = Integer.getInteger("benchmark.audit.events", 1_000_000);
    private static final int PER_IMAGE = 10;
    private static final int BULK = 5_000;
    private static final int RUNS = 200;
    private static final int WARM_UP = 20;
    private static final int RECORDS = Integer.getInteger("benchmark.audit.records", 5_000);
    private static final Instant MONTH = Instant.parse("2001-01-01T00:00:00Z");
    private static final List<String> STEPS = List.of("ingest", "capture-qc", "segmentation", "colour", "compose",
            "routing", "review", "review", "review", "publish");

    @Autowired
    private ElasticsearchClient client;

    @Autowired
    private AuditIndices indices;

    @Autowired
    private AuditLog audit;

    @Test
    void bulkIngestAndHistoryQueriesOverAMillionEvents() throws Exception {
        String index = indices.indexFor(MONTH);
        String run = Long.toString(System.currentTimeMillis(), 36);
        indices.ensureTemplate();
        try {
            int images = EVENTS / PER_IMAGE;
            long started = System.nanoTime();
            List<BulkOperation> batch = new ArrayList<>(BULK);
            for (int image = 0; image < images; image++) {
                String previous = null;
                for (int i = 0; i < PER_IMAGE; i++) {
                    AuditEvent event = event(run, image, i).chained(i + 1, previous);
                    previous = event.hash();
                    batch.add(BulkOperation.of(b -> b.create(c -> c.index(index).id(event.id()).document(event))));
                    if (batch.size() == BULK) {
                        send(batch);
                        batch = new ArrayList<>(BULK);
                    }
                }
            }
            if (!batch.isEmpty()) {
                send(batch);
            }
            client.indices().refresh(r -> r.index(index));
            double seconds = (System.nanoTime() - started) / 1e9;
            long stored = client.count(c -> c.index(index)).count();
            assertThat(stored).isEqualTo((long) images * PER_IMAGE);
            long total = client.count(c -> c.index(indices.pattern())).count();

            System.out.printf("%n[figure] audit benchmark: %,d events (%,d images x %d) bulk-created in %.1f s = %,.0f events/s "
                    + "(bulk of %,d, chain hashes computed on the way); %,d events in the index family%n",
                    stored, images, PER_IMAGE, seconds, stored / seconds, BULK, total);

            Random random = new Random(7);
            List<Double> history = new ArrayList<>();
            List<Double> verify = new ArrayList<>();
            for (int i = 0; i < WARM_UP + RUNS; i++) {
                String imageId = imageId(run, random.nextInt(images));
                long t0 = System.nanoTime();
                List<AuditEvent> events = audit.history(imageId);
                long t1 = System.nanoTime();
                ChainVerifier.Verification verification = audit.verify(imageId);
                long t2 = System.nanoTime();
                assertThat(events).hasSize(PER_IMAGE);
                assertThat(verification.intact()).isTrue();
                if (i >= WARM_UP) {
                    history.add((t1 - t0) / 1e6);
                    verify.add((t2 - t1) / 1e6);
                }
            }
            history.sort(null);
            verify.sort(null);
            System.out.printf("[figure] %-52s %5s %9s %9s %9s%n", "operation", "n", "p50 ms", "p95 ms", "max ms");
            print("history of one image (10 events) over " + String.format("%,d", total), history);
            print("verify one image (history + 10 hashes)", verify);

            // end to end: chain + fsync'd outbox append, then delivery by the deliverer
            String imageId = imageId(run, -1);
            long r0 = System.nanoTime();
            for (int i = 0; i < RECORDS; i++) {
                audit.record(new AuditEvent(imageId + ":" + i, imageId, "BENCH", "review", "review-and-retouch", null,
                        Actor.user("retoucher", List.of("RETOUCHER")), "COMMENTED", "note " + i, null, Map.of(), List.of(),
                        List.of(), null, MONTH.plusSeconds(i)));
            }
            double recordSeconds = (System.nanoTime() - r0) / 1e9;
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (audit.outboxDepth() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            double deliveredSeconds = (System.nanoTime() - r0) / 1e9;
            System.out.printf("[figure] AuditLog.record: %,d events of one image in %.2f s = %,.0f events/s (fsync per event); "
                            + "all delivered to Elasticsearch after %.2f s = %,.0f events/s end to end%n",
                    RECORDS, recordSeconds, RECORDS / recordSeconds, deliveredSeconds, RECORDS / deliveredSeconds);
            assertThat(audit.verify(imageId).intact()).isTrue();

            // many images at once, as the workers record: appenders share fsyncs (group commit)
            int threads = 8;
            long c0 = System.nanoTime();
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
                List<java.util.concurrent.Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String image = imageId(run, -2 - t);
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < RECORDS / threads; i++) {
                            audit.record(new AuditEvent(image + ":" + i, image, "BENCH", "review", "review-and-retouch", null,
                                    Actor.user("retoucher", List.of("RETOUCHER")), "COMMENTED", "note " + i, null, Map.of(),
                                    List.of(), List.of(), null, MONTH.plusSeconds(i)));
                        }
                    }));
                }
                for (var f : done) {
                    f.get();
                }
            }
            double concurrentSeconds = (System.nanoTime() - c0) / 1e9;
            int concurrent = RECORDS / threads * threads;
            System.out.printf("[figure] AuditLog.record from %d threads on %d images: %,d events in %.2f s = %,.0f events/s%n",
                    threads, threads, concurrent, concurrentSeconds, concurrent / concurrentSeconds);
            while (audit.outboxDepth() > 0 && System.nanoTime() < deadline + Duration.ofMinutes(5).toNanos()) {
                Thread.sleep(20);
            }
        } finally {
            client.indices().delete(d -> d.index(index).ignoreUnavailable(true));
        }
    }

    private void send(List<BulkOperation> batch) throws IOException {
        BulkResponse response = client.bulk(b -> b.operations(batch).refresh(Refresh.False));
        assertThat(response.errors()).as(() -> response.items().stream().filter(i -> i.error() != null).findFirst()
                .map(i -> i.error().reason()).orElse("")).isFalse();
    }

    private static String imageId(String run, int image) {
        return "bench-" + run + "-" + image;
    }

    private static AuditEvent event(String run, int image, int i) {
        String step = STEPS.get(i);
        String imageId = imageId(run, image);
        Actor actor = switch (step) {
            case "segmentation" -> Actor.model("isnet-medium", "1.4.5", "9f".repeat(32));
            case "review" -> Actor.user("retoucher" + (image % 7), List.of("RETOUCHER"));
            default -> Actor.system(step);
        };
        String decision = switch (i) {
            case 5 -> "HUMAN_REVIEW";
            case 6 -> "CLAIMED";
            case 7 -> "COMMENTED";
            case 8 -> image % 10 == 0 ? "REJECT" : "APPROVE";
            default -> "DONE";
        };
        return new AuditEvent(imageId + ":" + i, imageId, "SKU-" + image, step, step + "-task", 2251799813685249L + image,
                actor, decision, i == 8 && image % 10 == 0 ? "background not clean" : null,
                i == 5 ? List.of("Background removal unsure (0.61 < 0.80)") : null,
                Map.of("confidence", 0.5 + (image % 50) / 100.0, "inferenceMs", 1700 + image % 300),
                List.of(Integer.toHexString(image) + "a".repeat(56)), List.of(Integer.toHexString(image) + "b".repeat(56)),
                (long) (image % 5000), MONTH.plusSeconds(image * 10L + i))
                .withContext("brand-" + (image % 20), "shoot-" + (image / 500), 3);
    }

    private static void print(String operation, List<Double> sorted) {
        System.out.printf("[figure] %-52s %5d %9.1f %9.1f %9.1f%n", operation, sorted.size(), percentile(sorted, 50),
                percentile(sorted, 95), sorted.getLast());
    }

    private static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
