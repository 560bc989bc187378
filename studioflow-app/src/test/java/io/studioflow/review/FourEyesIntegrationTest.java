package io.studioflow.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.studioflow.flows.FlowsApi;
import io.studioflow.testing.IntegrationTest;
import io.studioflow.testing.StudioPhotos;
import io.studioflow.testing.StudioflowApi.Response;
import io.studioflow.testing.TestPhotos;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Four eyes through the REST API on the real flow: a manager deploys a routing policy with four-eyes for one
 * brand; an image of that brand approved by a retoucher is not published but waits for a second approval that
 * the first approver can neither claim nor decide, and that a different person decides. An image of another
 * brand under the same policy is published after one approval. The policy in force before is restored after,
 * since the Spring context (and its engine) is shared with the other tests.
 */
class FourEyesIntegrationTest extends IntegrationTest {

    private FlowsApi flows;

    @BeforeEach
    void flowsApi() {
        flows = new FlowsApi(http);
    }

    @Test
    void fourEyesBrandIsPublishedOnlyAfterASecondApprovalBySomeoneElse() {
        String brand = "foureyes-" + UUID.randomUUID().toString().substring(0, 8);
        Response before = flows.get("manager", "/api/policy");
        assertThat(before.status()).as(before.raw()).isEqualTo(200);
        int versionBefore = before.body().path("version").asInt();
        try {
            // the policy in force, plus: every image of this brand to a person (sample 100 %), with four eyes
            List<Object> rows = new ArrayList<>();
            before.body().path("rows").forEach(rows::add);
            Map<String, Object> fourEyesRow = new LinkedHashMap<>();
            fourEyesRow.put("brand", brand);
            fourEyesRow.put("preset", "*");
            fourEyesRow.put("sampleRate", 1.0);
            fourEyesRow.put("fourEyes", true);
            rows.add(fourEyesRow);
            Response deployed = flows.putJson("manager", "/api/policy", Map.of("rows", rows));
            assertThat(deployed.status()).as(deployed.raw()).isEqualTo(201);
            JsonNode policy = flows.get("auditor", "/api/policy").body();
            assertThat(policy.path("rows").toString()).contains("\"brand\":\"" + brand + "\"");
            assertThat(policy.path("notes").toString()).doesNotContain("not yet");

            String image = api.upload("photographer", "FOUR-EYES-1", brand, null, "vase.jpg", StudioPhotos.packshot("coffee.png"));
            assertThat(api.awaitStatus(image, "IN_REVIEW", "PUBLISHED", "REJECTED").path("status").asText()).isEqualTo("IN_REVIEW");
            String review = api.awaitTask("retoucher", image).path("id").asText();
            assertThat(api.claim("retoucher", review).status()).isEqualTo(200);
            Response first = api.complete("retoucher", review, "APPROVE", "edges clean, colour right");
            assertThat(first.status()).as(first.raw()).isEqualTo(200);

            // not published: a second approval waits, saying whose approval it follows
            JsonNode second = api.awaitTask("retoucher2", image, t -> "SECOND_APPROVAL".equals(t.path("kind").asText()));
            String secondId = second.path("id").asText();
            assertThat(second.path("name").asText()).isEqualTo("Second approval");
            assertThat(second.path("elementId").asText()).isEqualTo("second-approval");
            assertThat(second.path("check").asText()).isEqualTo("four-eyes");
            assertThat(second.path("candidateGroups").toString()).isEqualTo("[\"retouchers\"]");
            assertThat(second.path("firstApproval").path("reviewer").asText()).isEqualTo("retoucher");
            assertThat(second.path("firstApproval").path("comment").asText()).isEqualTo("edges clean, colour right");
            assertThat(second.path("reasons").get(0).asText())
                    .isEqualTo("Four eyes: retoucher approved it (“edges clean, colour right”); the policy asks for a "
                            + "second approval by someone else");
            assertThat(api.get("admin", "/api/images/" + image).text("status")).isEqualTo("IN_REVIEW");
            assertThat(api.searchIds("retoucher2", Map.of("check", "four-eyes", "brand", brand))).containsExactly(secondId);

            // the first approver may see it but neither claim nor decide it, nor may a manager hand it to them
            assertThat(api.task("retoucher", secondId).status()).isEqualTo(200);
            Response selfClaim = api.claim("retoucher", secondId);
            assertThat(selfClaim.status()).as(selfClaim.raw()).isEqualTo(403);
            assertThat(selfClaim.text("detail")).isEqualTo("You gave the first approval of FOUR-EYES-1; the policy asks for "
                    + "four eyes, so someone else must claim its second approval (task " + secondId + ")");
            Response selfComplete = api.complete("retoucher", secondId, "APPROVE", "still fine");
            assertThat(selfComplete.status()).as(selfComplete.raw()).isEqualTo(403);
            assertThat(selfComplete.text("detail")).contains("someone else must decide its second approval");
            Response assigned = api.assign("manager", secondId, "retoucher");
            assertThat(assigned.status()).as(assigned.raw()).isEqualTo(400);
            assertThat(assigned.text("detail")).isEqualTo("retoucher gave the first approval of this image; four-eyes needs "
                    + "someone else for the second approval");
            Response bulk = api.bulkApprove("manager", List.of(secondId), null);
            assertThat(bulk.body().get(0).path("approved").asBoolean()).isFalse();
            assertThat(bulk.body().get(0).path("message").asText()).contains("decided on its own");

            // someone else approves: now it is published
            assertThat(api.claim("retoucher2", secondId).status()).isEqualTo(200);
            Response secondApproval = api.complete("retoucher2", secondId, "APPROVE", "agreed");
            assertThat(secondApproval.status()).as(secondApproval.raw()).isEqualTo(200);
            assertThat(api.awaitStatus(image, "PUBLISHED", "REJECTED").path("status").asText()).isEqualTo("PUBLISHED");

            // the history holds both approvals, by two people, in order
            List<String> approvals = new ArrayList<>();
            api.history(image).forEach(e -> {
                if ("APPROVE".equals(e.path("decision").asText())) {
                    approvals.add(e.path("elementId").asText() + " by " + e.path("actor").path("name").asText()
                            + ": " + e.path("comment").asText());
                }
            });
            assertThat(approvals).containsExactly(
                    "review-and-retouch by retoucher: edges clean, colour right",
                    "second-approval by retoucher2: agreed");
            assertThat(api.history(image)).anySatisfy(e -> assertThat(e.path("reasons").toString())
                    .contains("second approval (four eyes); first approval by retoucher"));
            // the figures count one approved image, and an approval for each of the two people
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode figures = api.get("auditor", "/api/audit/figures?brand=" + brand).body();
                assertThat(figures.path("approvalsPerDay").get(0).path("humanApprovals").asInt()).isEqualTo(1);
                List<String> byPerson = new ArrayList<>();
                figures.path("perRetoucher").forEach(r -> byPerson.add(r.path("name").asText() + " " + r.path("approvals").asInt()));
                assertThat(byPerson).containsExactlyInAnyOrder("retoucher 1", "retoucher2 1");
            });

            // an image of another brand under the same policy: one approval publishes it, as before
            String other = api.upload("photographer", "FOUR-EYES-2", "acme", null, "brick.png", TestPhotos.bytes("brick.png"));
            assertThat(api.awaitStatus(other, "IN_REVIEW", "PUBLISHED", "REJECTED").path("status").asText()).isEqualTo("IN_REVIEW");
            String otherReview = api.awaitTask("retoucher", other).path("id").asText();
            assertThat(api.claim("retoucher", otherReview).status()).isEqualTo(200);
            assertThat(api.complete("retoucher", otherReview, "APPROVE", null).status()).isEqualTo(200);
            assertThat(api.awaitStatus(other, "PUBLISHED", "REJECTED").path("status").asText()).isEqualTo("PUBLISHED");
            assertThat(api.history(other)).noneMatch(e -> "second-approval".equals(e.path("elementId").asText()));
        } finally {
            Response restored = flows.post("admin", "/api/flows/review-routing/versions/" + versionBefore + "/rollback");
            assertThat(restored.status()).as(restored.raw()).isIn(200, 201);
        }
        assertThat(flows.get("manager", "/api/policy").body().path("rows").toString()).doesNotContain(brand);
    }

    @Test
    void secondApproverCanRejectAndTheImageIsNotPublished() {
        String brand = "foureyes-" + UUID.randomUUID().toString().substring(0, 8);
        Response before = flows.get("manager", "/api/policy");
        int versionBefore = before.body().path("version").asInt();
        try {
            List<Object> rows = new ArrayList<>();
            before.body().path("rows").forEach(rows::add);
            rows.add(Map.of("brand", brand, "preset", "*", "sampleRate", 1.0, "fourEyes", true));
            assertThat(flows.putJson("manager", "/api/policy", Map.of("rows", rows)).status()).isEqualTo(201);

            String image = api.upload("photographer", "FOUR-EYES-3", brand, null, "cat.jpg", StudioPhotos.packshot("chelsea.png"));
            String review = api.awaitTask("retoucher", image).path("id").asText();
            assertThat(api.claim("manager", review).status()).isEqualTo(200);
            assertThat(api.complete("manager", review, "APPROVE", null).status()).isEqualTo(200);

            String second = api.awaitTask("retoucher", image, t -> "SECOND_APPROVAL".equals(t.path("kind").asText()))
                    .path("id").asText();
            Response managerAgain = api.claim("manager", second);
            assertThat(managerAgain.status()).as("a manager who approved first is held to four eyes too").isEqualTo(403);
            assertThat(api.claim("retoucher", second).status()).isEqualTo(200);
            Response noReason = api.complete("retoucher", second, "REJECT", null);
            assertThat(noReason.status()).as("a rejection needs a reason, as in the first review").isEqualTo(400);
            assertThat(api.complete("retoucher", second, "REJECT", "label is cut off").status()).isEqualTo(200);

            assertThat(api.awaitStatus(image, "REJECTED", "PUBLISHED").path("status").asText()).isEqualTo("REJECTED");
            List<String> decisions = new ArrayList<>();
            api.history(image).forEach(e -> {
                if ("review".equals(e.path("step").asText()) && List.of("APPROVE", "REJECT").contains(e.path("decision").asText())) {
                    decisions.add(e.path("decision").asText() + " by " + e.path("actor").path("name").asText());
                }
            });
            assertThat(decisions).containsExactly("APPROVE by manager", "REJECT by retoucher");
        } finally {
            Response restored = flows.post("admin", "/api/flows/review-routing/versions/" + versionBefore + "/rollback");
            assertThat(restored.status()).as(restored.raw()).isIn(200, 201);
        }
    }
}
