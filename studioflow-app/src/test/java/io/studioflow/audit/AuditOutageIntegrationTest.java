package io.studioflow.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import com.fasterxml.jackson.databind.JsonNode;
import io.studioflow.ingest.Asset;
import io.studioflow.ingest.AssetStatus;
import io.studioflow.platform.embedded.search.EmbeddedSearchNode;
import io.studioflow.platform.search.SearchIndex;
import io.studioflow.platform.search.SearchIndices;
import io.studioflow.platform.search.SearchWrites;
import io.studioflow.testing.IntegrationTest;
import io.studioflow.testing.StudioPhotos;
import io.studioflow.testing.StudioflowApi.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;

/**
 * Elasticsearch goes away in the middle of a batch of 50 images and comes back. Processing goes on meanwhile:
 * images are published while it is away (their steps' outcomes wait in the search-write journal, their events in
 * the audit outbox) and new uploads are accepted. Afterwards every event is stored exactly once, every chain
 * verifies, every write reached Elasticsearch and every image has reached a resting state. The node is always
 * running again when the test ends, for the tests that share the context.
 */
class AuditOutageIntegrationTest extends IntegrationTest {

    private static final int IMAGES = Integer.getInteger("audit.outage.images", 50);
    private static final Duration DOWN = Duration.ofSeconds(Integer.getInteger("audit.outage.seconds", 20));
    private static final Set<String> RESTING = Set.of("PUBLISHED", "IN_REVIEW", "RETAKE", "REJECTED");
    private static final int UPLOADS_WHILE_DOWN = 5;
    private static final List<String> PHOTOS = List.of("coffee.png", "chelsea.png", "astronaut.png");

    @Autowired
    private EmbeddedSearchNode node;

    @Autowired
    private AuditLog audit;

    @Autowired
    private ElasticsearchClient client;

    @Autowired
    private AuditIndices indices;

    @Autowired
    private AuditOutbox outbox;

    @Autowired
    private SearchWrites searchWrites;

    @Autowired
    private SearchIndices searchIndices;

    @Test
    void eventsRecordedWhileElasticsearchIsDownArriveExactlyOnceAndEveryImageFinishes() throws Exception {
        String brand = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, byte[]> photos = new HashMap<>();
        PHOTOS.forEach(p -> photos.put(p, StudioPhotos.packshot(p)));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            String photo = PHOTOS.get(i % PHOTOS.size());
            ids.add(upload("OUT-" + i + "-" + brand, brand, photo, photos.get(photo)));
        }
        // mid-batch: some images are through, most are not
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> finished(ids) >= Math.max(1, IMAGES / 10));
        int finishedBefore = finished(ids);
        List<String> restingBefore = ids.stream().filter(id -> RESTING.contains(api.get("admin", "/api/images/" + id).text("status"))).toList();

        AtomicInteger deepest = new AtomicInteger();
        AtomicInteger deepestWrites = new AtomicInteger();
        Set<String> publishedWhileDown = new HashSet<>();
        List<String> uploadedWhileDown = new ArrayList<>();
        long stoppedAt = System.nanoTime();
        long downFor;
        try {
            node.stop();
            // new photos are accepted while it is away, and can be read back
            for (int i = 0; i < UPLOADS_WHILE_DOWN; i++) {
                String photo = PHOTOS.get(i % PHOTOS.size());
                String id = upload("OUT-DOWN-" + i + "-" + brand, brand, photo, photos.get(photo));
                Response image = api.get("admin", "/api/images/" + id);
                assertThat(image.status()).as(image.raw()).isEqualTo(200);
                assertThat(image.text("sku")).isEqualTo("OUT-DOWN-" + i + "-" + brand);
                uploadedWhileDown.add(id);
            }
            ids.addAll(uploadedWhileDown);
            // processing goes on: images get all the way to published while the node is down
            long until = System.nanoTime() + DOWN.toNanos();
            long latest = System.nanoTime() + Duration.ofSeconds(150).toNanos();
            while (System.nanoTime() < until || publishedWhileDown.size() < 2 && System.nanoTime() < latest) {
                deepest.accumulateAndGet(audit.outboxDepth(), Math::max);
                deepestWrites.accumulateAndGet(searchWrites.depth(), Math::max);
                for (String id : ids) {
                    if (outbox.pendingFor(id).stream().anyMatch(e -> "publish".equals(e.step()))) {
                        publishedWhileDown.add(id);
                    }
                }
                Thread.sleep(200);
            }
            // an image with nothing waiting can only be read from Elasticsearch: a clear 503, not a bare 500
            Response unreachable = api.get("admin", "/api/images/" + restingBefore.getFirst());
            assertThat(unreachable.status()).as(unreachable.raw()).isEqualTo(503);
            assertThat(unreachable.raw()).contains("Elasticsearch cannot be reached");
            // and so can its audit history: 503 with when to try again
            ResponseEntity<String> history = http.withBasicAuth("auditor", "auditor")
                    .getForEntity("/api/images/" + restingBefore.getFirst() + "/history", String.class);
            assertThat(history.getStatusCode().value()).as(history.getBody()).isEqualTo(503);
            assertThat(history.getHeaders().getFirst("Retry-After")).isEqualTo("10");
            assertThat(history.getBody()).contains("Audit store unavailable", "cannot be reached");
        } finally {
            node.restart(Duration.ofMinutes(2));
            downFor = (System.nanoTime() - stoppedAt) / 1_000_000;
        }
        assertThat(publishedWhileDown).as("images published while Elasticsearch was away").hasSizeGreaterThanOrEqualTo(2);

        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1)).until(() -> finished(ids) == ids.size());
        await().atMost(Duration.ofMinutes(1)).until(() -> audit.outboxDepth() == 0 && searchWrites.depth() == 0);
        assertThat(searchWrites.rejectedCount()).as("deferred writes Elasticsearch refused").isZero();
        // what Elasticsearch itself holds (no journal overlay): every image at rest, published ones with their rendition
        for (String id : ids) {
            var stored = client.get(g -> g.index(searchIndices.name(SearchIndex.ASSETS)).id(id), Asset.class);
            assertThat(stored.found()).as(id).isTrue();
            assertThat(RESTING).as(id).contains(stored.source().status().name());
            if (publishedWhileDown.contains(id)) {
                assertThat(stored.source().status()).isEqualTo(AssetStatus.PUBLISHED);
                assertThat(stored.source().renditions()).as(id).isNotEmpty();
                assertThat(stored.source().scores()).as(id).containsKeys("segmentation", "compose");
            }
        }

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
        System.out.printf("[figure] outage: %d images (%d finished before the stop, %d uploaded and %d published while it was "
                        + "down), Elasticsearch away for %d ms, audit outbox up to %d events, search-write journal up to %d "
                        + "writes, %d events stored once each, all chains intact%n",
                ids.size(), finishedBefore, uploadedWhileDown.size(), publishedWhileDown.size(), downFor, deepest.get(),
                deepestWrites.get(), events);
    }

    /** All photos of the batch are one shoot: while Elasticsearch is away, its light is judged from memory. */
    private String upload(String sku, String brand, String photo, byte[] bytes) {
        Response response = api.postMultipart("photographer", "/api/images",
                Map.of("sku", sku, "brand", brand, "session", brand), photo, bytes);
        assertThat(response.status()).as(response.raw()).isEqualTo(202);
        return response.text("id");
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
