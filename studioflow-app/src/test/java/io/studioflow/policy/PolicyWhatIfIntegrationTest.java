package io.studioflow.policy;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import io.studioflow.flows.FlowsApi;
import io.studioflow.platform.search.SearchIndex;
import io.studioflow.platform.search.SearchIndices;
import io.studioflow.testing.IntegrationTest;
import io.studioflow.testing.StudioPhotos;
import io.studioflow.testing.StudioflowApi.Response;
import io.studioflow.testing.TestPhotos;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The routing policy through {@code /api/policy} on real processed images (acceptance 3): a policy that sends
 * every image to a human is deployed, humans reject or approve, a lax policy is deployed as current, and the
 * what-if of a stricter draft shows more images to humans and fewer escaped rejections than the current one,
 * with numbers equal to a count made here straight from the assets and tasks indices.
 */
class PolicyWhatIfIntegrationTest extends IntegrationTest {

    private static final Set<String> CORRECTING = Set.of("REJECT", "RETAKE", "REPROCESS");

    @Autowired
    private ElasticsearchClient elasticsearch;
    @Autowired
    private SearchIndices indices;

    private FlowsApi flows;

    @BeforeEach
    void flowsApi() {
        flows = new FlowsApi(http);
    }

    @Test
    @SuppressWarnings("unchecked")
    void stricterDraftSendsMoreToHumansAndLetsFewerRejectionsEscape() throws Exception {
        Response shipped = flows.get("manager", "/api/policy");
        assertThat(shipped.status()).as(shipped.raw()).isEqualTo(200);
        int shippedVersion = shipped.body().path("version").asInt();
        try {
            // 1. every image to a human (a clean packshot is sure of itself: the audit sample takes it), so
            // humans decide on clean packshots too
            Map<String, Object> everything = policy(0.999, 0.999, 0.0, 0.0);
            ((List<Map<String, Object>>) everything.get("rows")).set(0, Map.of("brand", "*", "preset", "*",
                    "step", "segmentation", "threshold", 0.999, "sampleRate", 1.0, "fourEyes", false));
            Response deployedEverything = flows.putJson("manager", "/api/policy", everything);
            assertThat(deployedEverything.status()).as(deployedEverything.raw()).isEqualTo(201);
            assertThat(deployedEverything.body().path("version").asInt()).isGreaterThan(shippedVersion);
            assertThat(flows.get("auditor", "/api/policy").body().path("rows").toString())
                    .contains("\"threshold\":0.999");

            String vase = api.upload("photographer", "WHATIF-VASE", "vase.jpg", StudioPhotos.packshot("coffee.png"));
            String cat = api.upload("photographer", "WHATIF-CAT", "cat.jpg", StudioPhotos.packshot("chelsea.png"));
            String wall = api.upload("photographer", "WHATIF-WALL", "brick.png", TestPhotos.bytes("brick.png"));
            decide(vase, "REJECT", "colour is off on the rim");
            decide(cat, "APPROVE", null);
            decide(wall, "REJECT", "not a product");
            for (String id : List.of(vase, cat, wall)) {
                api.awaitStatus(id, "PUBLISHED", "REJECTED");
            }

            // 2. a lax policy is what runs now; 3. a strict draft is weighed against it
            Response lax = flows.putJson("admin", "/api/policy", policy(0.0, 0.0, 0.0, 0.0));
            assertThat(lax.status()).as(lax.raw()).isEqualTo(201);
            Map<String, Object> draft = policy(0.999, 0.999, 0.999, 0.999);
            draft.put("last", 3);
            Response whatIf = flows.postJson("manager", "/api/policy/what-if", draft);
            assertThat(whatIf.status()).as(whatIf.raw()).isEqualTo(200);
            JsonNode result = whatIf.body();

            assertThat(result.path("images").asInt()).isEqualTo(3);
            assertThat(result.path("details").findValuesAsText("imageId")).containsExactlyInAnyOrder(vase, cat, wall);
            JsonNode current = result.path("current");
            JsonNode strict = result.path("draft");
            assertThat(strict.path("toHumans").asInt()).isGreaterThan(current.path("toHumans").asInt());
            assertThat(strict.path("escaped").asInt()).isLessThan(current.path("escaped").asInt());

            // the same numbers counted straight from the indices
            List<Map<String, Object>> assets = latestRoutedAssets(3);
            assertThat(assets).extracting(a -> a.get("id")).containsExactlyInAnyOrder(vase, cat, wall);
            int corrected = 0;
            int[] humans = new int[2];
            int[] escaped = new int[2];
            double[][] thresholds = {{0.0, 0.0, 0.0, 0.0}, {0.999, 0.999, 0.999, 0.999}};
            for (Map<String, Object> asset : assets) {
                boolean wasCorrected = reviewDecisions((String) asset.get("id")).stream().anyMatch(CORRECTING::contains);
                corrected += wasCorrected ? 1 : 0;
                for (int side = 0; side < 2; side++) {
                    boolean human = confidence(asset, "segmentation") < thresholds[side][0]
                            || confidence(asset, "compose") < thresholds[side][1]
                            || Boolean.FALSE.equals(scores(asset, "compose").get("valid"))
                            || confidence(asset, "colour") < thresholds[side][2]
                            || confidence(asset, "capture-qc") < thresholds[side][3];
                    humans[side] += human ? 1 : 0;
                    escaped[side] += !human && wasCorrected ? 1 : 0;
                }
            }
            assertThat(corrected).isEqualTo(2);
            assertThat(result.path("humanCorrected").asInt()).isEqualTo(corrected);
            assertThat(current.path("toHumans").asInt()).isEqualTo(humans[0]);
            assertThat(strict.path("toHumans").asInt()).isEqualTo(humans[1]);
            assertThat(current.path("escaped").asInt()).isEqualTo(escaped[0]);
            assertThat(strict.path("escaped").asInt()).isEqualTo(escaped[1]);
            assertThat(current.path("autoApproved").asInt()).isEqualTo(3 - humans[0]);
            assertThat(history(vase)).contains("routing:HUMAN_REVIEW:audit-sample");
        } finally {
            Response restored = flows.post("admin", "/api/flows/review-routing/versions/" + shippedVersion + "/rollback");
            assertThat(restored.status()).as(restored.raw()).isIn(200, 201);
        }
        JsonNode back = flows.get("manager", "/api/policy").body();
        assertThat(back.path("rows").toString()).contains("\"threshold\":0.75");
    }

    @Test
    void badDraftIsRefusedWithItsRow() {
        Map<String, Object> draft = policy(1.5, 0.6, 0.4, 0.5);
        Response refused = flows.postJson("manager", "/api/policy/what-if", draft);
        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
        assertThat(refused.body().path("problems").get(0).path("elementId").asText()).isEqualTo("rows[0]");
        assertThat(flows.putJson("manager", "/api/policy", draft).status()).isEqualTo(400);
    }

    /** step:decision:check of the image's routing events, as the auditor reads them. */
    private List<String> history(String imageId) {
        List<String> steps = new ArrayList<>();
        api.history(imageId).forEach(e -> steps.add(e.path("step").asText() + ":" + e.path("decision").asText()
                + ":" + e.path("reasons").path(0).asText().replaceAll("^Random audit sample.*", "audit-sample")));
        return steps;
    }

    private void decide(String imageId, String decision, String comment) {
        JsonNode image = api.awaitStatus(imageId, "IN_REVIEW", "PUBLISHED", "RETAKE", "REJECTED");
        assertThat(image.path("status").asText()).as(image.toString()).isEqualTo("IN_REVIEW");
        JsonNode task = api.awaitTask("retoucher", imageId);
        String taskId = task.path("id").asText();
        assertThat(api.post("retoucher", "/api/tasks/" + taskId + "/claim").status()).isEqualTo(200);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("decision", decision);
        if (comment != null) {
            body.put("comment", comment);
        }
        Response done = api.postJson("retoucher", "/api/tasks/" + taskId + "/complete", body);
        assertThat(done.status()).as(done.raw()).isEqualTo(200);
    }

    private static Map<String, Object> policy(double segmentation, double composition, double colour, double qc) {
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(row("segmentation", segmentation));
        rows.add(row("composition", composition));
        rows.add(row("colour", colour));
        rows.add(row("qc", qc));
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("rows", rows);
        return policy;
    }

    private static Map<String, Object> row(String step, double threshold) {
        return Map.of("brand", "*", "preset", "*", "step", step, "threshold", threshold, "sampleRate", 0.0, "fourEyes", false);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> latestRoutedAssets(int count) throws Exception {
        List<Map<String, Object>> routed = new ArrayList<>();
        for (Hit<Map> hit : elasticsearch.search(s -> s.index(indices.name(SearchIndex.ASSETS))
                .sort(o -> o.field(f -> f.field("updatedAt").order(SortOrder.Desc))).size(100), Map.class).hits().hits()) {
            Map<String, Object> asset = hit.source();
            Map<String, Object> scores = (Map<String, Object>) asset.get("scores");
            if (scores != null && scores.get("compose") != null && routed.size() < count) {
                routed.add(asset);
            }
        }
        return routed;
    }

    @SuppressWarnings("unchecked")
    private List<String> reviewDecisions(String imageId) throws Exception {
        List<String> decisions = new ArrayList<>();
        for (Hit<Map> hit : elasticsearch.search(s -> s.index(indices.name(SearchIndex.TASKS))
                .query(q -> q.term(t -> t.field("imageId").value(imageId))).size(100), Map.class).hits().hits()) {
            Map<String, Object> task = hit.source();
            if ("REVIEW".equals(task.get("kind")) && task.get("decision") != null) {
                decisions.add((String) task.get("decision"));
            }
        }
        return decisions;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> scores(Map<String, Object> asset, String step) {
        Map<String, Object> all = (Map<String, Object>) asset.get("scores");
        Object stepScores = all.get(step);
        return stepScores == null ? Map.of() : (Map<String, Object>) stepScores;
    }

    private static double confidence(Map<String, Object> asset, String step) {
        Object value = scores(asset, step).get("confidence");
        return value instanceof Number number ? number.doubleValue() : Double.NaN; // NaN < x is false, like FEEL's null
    }
}
