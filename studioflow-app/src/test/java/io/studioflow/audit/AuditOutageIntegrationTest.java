package io.studioflow.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import com.fasterxml.jackson.databind.JsonNode;
import io.studioflow.platform.embedded.search.EmbeddedSearchNode;
import io.studioflow.testing.IntegrationTest;
import io.studioflow.testing.StudioPhotos;
import io.studioflow.testing.StudioflowApi.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Elasticsearch goes away in the middle of a batch of 50 images and comes back: processing goes on (events
 * go to the outbox; steps whose own writes need Elasticsearch fail and are retried by the engine), and
 * afterwards every event is stored exactly once, every chain verifies and every image has reached a resting
 * state. The node is always running again when the test ends, for the tests that share the context.
 */
class AuditOutageIntegrationTest extends IntegrationTest {

    private static final int IMAGES = Integer.getInteger("audit.outage.images", 50);
    private static final Duration DOWN = Duration.ofSeconds(Integer.getInteger("audit.outage.seconds", 20));
    private static final Set<String> RESTING = Set.of("PUBLISHED", "IN_REVIEW", "RETAKE", "REJECTED");
    private static final List<String> PHOTOS = List.of("coffee.png", "chelsea.png", "astronaut.png");

    @Autowired
    private EmbeddedSearchNode node;

    @Autowired
    private AuditLog audit;

    @Autowired
    private ElasticsearchClient client;

    @Autowired
    private AuditIndices indices;

    @Test
    void eventsRecordedWhileElasticsearchIsDownArriveExactlyOnceAndEveryImageFinishes() throws Exception {
        String brand = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, byte[]> photos = new HashMap<>();
        PHOTOS.forEach(p -> photos.put(p, StudioPhotos.packshot(p)));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            String photo = PHOTOS.get(i % PHOTOS.size());
            ids.add(api.upload("photographer", "OUT-" + i + "-" + brand, brand, null, photo, photos.get(photo)));
        }
        // mid-batch: some images are through, most are not
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> finished(ids) >= Math.max(1, IMAGES / 10));
        int finishedBefore = finished(ids);

        AtomicInteger deepest = new AtomicInteger();
        long stoppedAt = System.nanoTime();
        long downFor;
        try {
            node.stop();
            // processing goes on: what the workers record now can only go to the outbox
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> deepest.accumulateAndGet(audit.outboxDepth(), Math::max) > 0);
            long until = System.nanoTime() + DOWN.toNanos();
            while (System.nanoTime() < until) {
                deepest.accumulateAndGet(audit.outboxDepth(), Math::max);
                Thread.sleep(100);
            }
        } finally {
            node.restart(Duration.ofMinutes(2));
            downFor = (System.nanoTime() - stoppedAt) / 1_000_000;
        }

        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1)).until(() -> finished(ids) == IMAGES);
        await().atMost(Duration.ofMinutes(1)).until(() -> audit.outboxDepth() == 0);

        // exactly once: no event id stored twice, anywhere in the index family
        var duplicates = client.search(s -> s.index(indices.pattern()).size(0)
                .query(q -> q.terms(t -> t.field("imageId").terms(v -> v.value(ids.stream()
                        .map(co.elastic.clients.elasticsearch._types.FieldValue::of).toList()))))
                .aggregations("ids", a -> a.terms(t -> t.field("id").minDocCount(2).size(100))), Void.class);
        List<String> twice = duplicates.aggregations().get("ids").sterms().buckets().array().stream()
                .map(StringTermsBucket::key).map(k -> k.stringValue()).toList();
        assertThat(twice).as("event ids stored more than once").isEmpty();

        int events = 0;
        for (String id : ids) {
            List<JsonNode> history = api.history(id);
            assertThat(history.stream().map(e -> e.path("id").asText()).distinct()).hasSize(history.size());
            assertThat(history).extracting(e -> e.path("step").asText()).contains("ingest", "segmentation", "routing");
            Response verdict = api.get("auditor", "/api/images/" + id + "/history/verify");
            assertThat(verdict.body().path("intact").asBoolean()).as("%s: %s", id, verdict.raw()).isTrue();
            events += history.size();
        }
        long stored = client.search(s -> s.index(indices.pattern()).size(0)
                .query(q -> q.term(t -> t.field("brand").value(brand))), Void.class).hits().total().value();
        assertThat(stored).as("every event in Elasticsearch").isEqualTo(events);
        System.out.printf("[figure] audit outage: %d images (%d finished before the stop), Elasticsearch away for %d ms, "
                        + "outbox up to %d events, %d events stored once each, all chains intact%n",
                IMAGES, finishedBefore, downFor, deepest.get(), events);
    }

    private int finished(List<String> ids) {
        int finished = 0;
        for (String id : ids) {
            Response image = api.get("admin", "/api/images/" + id);
            if (image.status() == 200 && RESTING.contains(image.text("status"))) {
                finished++;
            }
        }
        return finished;
    }

}
