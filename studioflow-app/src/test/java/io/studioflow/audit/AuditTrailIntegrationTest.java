package io.studioflow.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import io.studioflow.testing.IntegrationTest;
import io.studioflow.testing.StudioPhotos;
import io.studioflow.testing.StudioflowApi.Response;
import io.studioflow.testing.TestPhotos;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The audit trail against the real Elasticsearch node, through the whole application: the full history of
 * an image after each way through the flow, its hash chain verifying, tampering and deletion in the index
 * found and named, search, exports and figures.
 */
class AuditTrailIntegrationTest extends IntegrationTest {

    private static final List<String> PIPELINE = List.of("ingest", "capture-qc", "segmentation", "colour", "compose", "routing");

    @Autowired
    private ElasticsearchClient client;

    @Autowired
    private AuditIndices indices;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String batch = "shoot-" + run;
    private final String brand = "audit-" + run;

    @Test
    void autoPublishedImageHasItsWholeChainedHistory() {
        String id = upload("AUTO-" + run, "vase.jpg", StudioPhotos.packshot("coffee.png"));
        assertThat(api.awaitStatus(id, "PUBLISHED", "IN_REVIEW", "RETAKE").path("status").asText()).isEqualTo("PUBLISHED");

        List<JsonNode> history = api.history(id);
        assertThat(steps(history)).containsSubsequence(concat(PIPELINE, "publish"));
        assertChained(history);
        for (JsonNode event : history) {
            assertThat(event.path("brand").asText()).as(event.toString()).isEqualTo(brand);
            assertThat(event.path("batch").asText()).as(event.toString()).isEqualTo(batch);
            assertThat(event.path("sku").asText()).isEqualTo("AUTO-" + run);
        }
        JsonNode segmentation = step(history, "segmentation");
        assertThat(segmentation.path("actor").path("type").asText()).isEqualTo("MODEL");
        assertThat(segmentation.path("actor").path("weightsSha256").asText())
                .isEqualTo(segmentation.path("scores").path("modelSha256").asText()).hasSize(64);
        assertThat(segmentation.path("processDefinitionVersion").asInt()).isPositive();
        assertThat(segmentation.path("processInstanceKey").asLong()).isPositive();
        assertThat(segmentation.path("inputHashes")).isNotEmpty();
        assertThat(segmentation.path("outputHashes")).isNotEmpty();
        assertThat(step(history, "routing").path("processDefinitionVersion").asInt())
                .as("the routing event takes the flow version from its instance's earlier events")
                .isEqualTo(segmentation.path("processDefinitionVersion").asInt());

        assertIntact(id, history.size());

        // search, by sku and by the model as actor
        Response found = api.get("auditor", "/api/audit?sku=AUTO-" + run + "&size=100");
        assertThat(found.status()).as(found.raw()).isEqualTo(200);
        assertThat(found.body().path("total").asInt()).isEqualTo(history.size());
        Response byModel = api.get("auditor", "/api/audit?imageId=" + id + "&actor=isnet-medium&decision=SEGMENTED");
        assertThat(byModel.body().path("items")).hasSize(1);
        Response bad = api.get("auditor", "/api/audit?from=yesterday");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text("detail")).contains("'from' must be a date");

        // exports of the image
        Response csv = api.get("auditor", "/api/images/" + id + "/history.csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.raw()).startsWith("time,imageId,sku,brand,batch,sequence,step");
        assertThat(csv.raw().split("\r\n")).hasSize(history.size() + 1);
        Response json = api.get("auditor", "/api/images/" + id + "/history.json");
        assertThat(json.body()).hasSize(history.size());
        assertThat(json.body().get(0).path("hash").asText()).isEqualTo(history.getFirst().path("hash").asText());
    }

    @Test
    void reviewedImagesKeepEveryHumanDecisionInTheChain() {
        String approved = upload("WALL-OK-" + run, "brick.png", TestPhotos.bytes("brick.png"));
        String rejected = upload("GRAVEL-" + run, "gravel.png", TestPhotos.bytes("gravel.png"));
        String retouched = upload("WALL-FIX-" + run, "brick.png", TestPhotos.bytes("brick.png"));

        String approveTask = claim(approved);
        assertThat(api.complete("retoucher", approveTask, "APPROVE", "texture is the product").status()).isEqualTo(200);
        String rejectTask = claim(rejected);
        assertThat(api.complete("retoucher", rejectTask, "REJECT", "no product in the photo").status()).isEqualTo(200);
        String retouchTask = claim(retouched);
        assertThat(api.addVersion("retoucher", retouchTask, "wall-fixed.jpg", StudioPhotos.packshot("astronaut.png")).status())
                .isEqualTo(200);
        assertThat(api.complete("retoucher", retouchTask, "APPROVE", "edges repainted").status()).isEqualTo(200);

        assertThat(api.awaitStatus(approved, "PUBLISHED").path("status").asText()).isEqualTo("PUBLISHED");
        assertThat(api.awaitStatus(rejected, "REJECTED").path("status").asText()).isEqualTo("REJECTED");
        assertThat(api.awaitStatus(retouched, "PUBLISHED").path("status").asText()).isEqualTo("PUBLISHED");

        List<JsonNode> approval = api.history(approved);
        assertThat(decisions(approval)).containsSubsequence("ingest:", "capture-qc:", "segmentation:", "colour:", "compose:",
                "routing:HUMAN_REVIEW", "review:CLAIMED", "review:APPROVE", "publish:PUBLISHED");
        JsonNode approve = approval.stream().filter(e -> e.path("decision").asText().equals("APPROVE")).findFirst().orElseThrow();
        assertThat(approve.path("actor").path("name").asText()).isEqualTo("retoucher");
        assertThat(approve.path("actor").path("roles").toString()).contains("RETOUCHER");
        assertThat(approve.path("comment").asText()).isEqualTo("texture is the product");
        assertThat(approve.path("batch").asText()).as("filled from the image's earlier events").isEqualTo(batch);
        assertChained(approval);
        assertIntact(approved, approval.size());

        List<JsonNode> rejection = api.history(rejected);
        assertThat(decisions(rejection)).containsSubsequence("routing:HUMAN_REVIEW", "review:CLAIMED", "review:REJECT");
        assertThat(decisions(rejection)).doesNotContain("publish:PUBLISHED");
        assertChained(rejection);
        assertIntact(rejected, rejection.size());

        List<JsonNode> retouch = api.history(retouched);
        assertThat(decisions(retouch)).containsSubsequence("review:CLAIMED", "review:VERSION_ADDED", "review:APPROVE",
                "publish:PUBLISHED");
        assertChained(retouch);
        assertIntact(retouched, retouch.size());

        // the batch export holds the three images' events, image by image in chain order
        Response export = api.get("auditor", "/api/audit/export?batch=" + batch + "&format=json");
        assertThat(export.status()).as(export.raw()).isEqualTo(200);
        assertThat(export.body()).hasSize(approval.size() + rejection.size() + retouch.size());
        Response csv = api.get("manager", "/api/audit/export?batch=" + batch + "&format=csv");
        assertThat(csv.raw().split("\r\n")).hasSize(approval.size() + rejection.size() + retouch.size() + 1);
        assertThat(api.get("auditor", "/api/audit/export?format=csv").status()).isEqualTo(400);

        // search by reason finds the rejection; figures count what the people did
        Response byReason = api.get("auditor", "/api/audit?brand=" + brand + "&reason=no product");
        assertThat(byReason.body().path("items")).extracting(e -> e.path("imageId").asText()).containsOnly(rejected);
        Response figures = api.get("auditor", "/api/audit/figures?brand=" + brand);
        assertThat(figures.status()).as(figures.raw()).isEqualTo(200);
        JsonNode f = figures.body();
        assertThat(f.path("images").asInt()).isEqualTo(3);
        assertThat(f.path("humanTouchedImages").asInt()).isEqualTo(3);
        assertThat(f.path("humanTouchRate").asDouble()).isEqualTo(1.0);
        assertThat(f.path("rejectionReasons").get(0).path("key").asText()).isEqualTo("no product in the photo");
        JsonNode retoucher = f.path("perRetoucher").get(0);
        assertThat(retoucher.path("name").asText()).isEqualTo("retoucher");
        assertThat(retoucher.path("approvals").asInt()).isEqualTo(2);
        assertThat(retoucher.path("rejections").asInt()).isEqualTo(1);
        assertThat(f.path("perBrand").get(0).path("brand").asText()).isEqualTo(brand);
        assertThat(f.path("approvalsPerDay").get(0).path("humanApprovals").asInt()).isEqualTo(2);
    }

    @Test
    void changingOrDeletingAStoredEventIsFoundAndNamed() throws IOException {
        String tampered = upload("TAMPER-" + run, "vase.jpg", StudioPhotos.packshot("coffee.png"));
        String deleted = upload("DELETE-" + run, "vase.jpg", StudioPhotos.packshot("chelsea.png"));
        api.awaitStatus(tampered, "PUBLISHED", "IN_REVIEW");
        api.awaitStatus(deleted, "PUBLISHED", "IN_REVIEW");
        awaitDelivered(tampered);
        awaitDelivered(deleted);

        // someone with access to the index turns the routing decision around
        Hit<Map> routing = stored(tampered, "routing");
        client.update(u -> u.index(routing.index()).id(routing.id()).doc(Map.of("decision", "HUMAN_REVIEW_SKIPPED"))
                .refresh(Refresh.True), Map.class);
        JsonNode verdict = verify(tampered);
        assertThat(verdict.path("intact").asBoolean()).isFalse();
        JsonNode problem = verdict.path("firstProblem");
        assertThat(problem.path("kind").asText()).isEqualTo("TAMPERED");
        assertThat(problem.path("eventId").asText()).isEqualTo(routing.id());
        assertThat(problem.path("sequence").asLong()).isEqualTo(((Number) routing.source().get("sequence")).longValue());
        assertThat(problem.path("detail").asText()).contains("routing").contains("changed after it was recorded");

        // and another removes the colour step of the second image
        Hit<Map> colour = stored(deleted, "colour");
        long sequence = ((Number) colour.source().get("sequence")).longValue();
        client.delete(d -> d.index(colour.index()).id(colour.id()).refresh(Refresh.True));
        JsonNode gap = verify(deleted);
        assertThat(gap.path("intact").asBoolean()).isFalse();
        assertThat(gap.path("firstProblem").path("kind").asText()).isEqualTo("MISSING");
        assertThat(gap.path("firstProblem").path("sequence").asLong()).isEqualTo(sequence);
        assertThat(gap.path("firstProblem").path("detail").asText()).contains("event " + sequence + " is missing");
    }

    private String upload(String sku, String fileName, byte[] photo) {
        Response response = api.postMultipart("photographer", "/api/images",
                Map.of("sku", sku, "brand", brand, "session", batch), fileName, photo);
        assertThat(response.status()).as(response.raw()).isEqualTo(202);
        return response.text("id");
    }

    private String claim(String imageId) {
        String taskId = api.awaitTask("retoucher", imageId).path("id").asText();
        assertThat(api.claim("retoucher", taskId).status()).isEqualTo(200);
        return taskId;
    }

    private JsonNode verify(String imageId) {
        Response verdict = api.get("auditor", "/api/images/" + imageId + "/history/verify");
        assertThat(verdict.status()).as(verdict.raw()).isEqualTo(200);
        return verdict.body();
    }

    private void assertIntact(String imageId, int events) {
        JsonNode verdict = verify(imageId);
        assertThat(verdict.path("intact").asBoolean()).as(verdict.toString()).isTrue();
        assertThat(verdict.path("events").asInt()).isEqualTo(events);
    }

    /** Sequences 1..n, each event linked to the hash of the one before. */
    private static void assertChained(List<JsonNode> history) {
        String previous = null;
        for (int i = 0; i < history.size(); i++) {
            JsonNode event = history.get(i);
            assertThat(event.path("sequence").asLong()).as(event.toString()).isEqualTo(i + 1);
            assertThat(event.path("hash").asText()).hasSize(64);
            if (previous == null) {
                assertThat(event.has("previousHash")).isFalse();
            } else {
                assertThat(event.path("previousHash").asText()).isEqualTo(previous);
            }
            previous = event.path("hash").asText();
        }
    }

    /** Waits until the image's events are in Elasticsearch, not just in the outbox. */
    private void awaitDelivered(String imageId) {
        int expected = api.history(imageId).size();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(client.search(s -> s.index(indices.pattern())
                .query(q -> q.term(t -> t.field("imageId").value(imageId))).size(0), Void.class).hits().total().value())
                .isEqualTo(expected));
    }

    @SuppressWarnings("rawtypes")
    private Hit<Map> stored(String imageId, String step) throws IOException {
        return client.search(s -> s.index(indices.pattern()).query(q -> q.bool(b -> b
                .filter(f -> f.term(t -> t.field("imageId").value(imageId)))
                .filter(f -> f.term(t -> t.field("step").value(step))))), Map.class).hits().hits().getFirst();
    }

    private static JsonNode step(List<JsonNode> history, String step) {
        return history.stream().filter(e -> e.path("step").asText().equals(step)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + step + " event in " + history));
    }

    private static List<String> steps(List<JsonNode> history) {
        return history.stream().map(e -> e.path("step").asText()).toList();
    }

    /** step:decision, with the decision left out for the pipeline steps listed as "step:". */
    private static List<String> decisions(List<JsonNode> history) {
        List<String> all = new ArrayList<>();
        for (JsonNode e : history) {
            String step = e.path("step").asText();
            all.add(PIPELINE.contains(step) && !step.equals("routing") ? step + ":" : step + ":" + e.path("decision").asText());
        }
        return all;
    }

    private static String[] concat(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
