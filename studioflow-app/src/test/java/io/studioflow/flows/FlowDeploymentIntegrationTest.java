package io.studioflow.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.studioflow.audit.AuditEvent;
import io.studioflow.audit.AuditLog;
import io.studioflow.testing.IntegrationTest;
import io.studioflow.testing.StudioflowApi.Response;
import io.studioflow.testing.TestPhotos;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Flow deploys through {@code /api/flows} on the running app: broken edits are refused with a message on
 * the element (acceptance 2), a new version of the product flow deploys while an image already waiting in
 * review finishes on its old version, the diff names the changes, and a rollback restores the old flow.
 */
class FlowDeploymentIntegrationTest extends IntegrationTest {

    @Autowired
    private AuditLog audit;
    @Autowired
    private FlowDeployments deployments;

    private FlowsApi flows;

    @BeforeEach
    void flowsApi() {
        flows = new FlowsApi(http);
    }

    @Test
    void serviceTaskWithAJobTypeNoWorkerHasIsRefusedOnThatTask() {
        String xml = FlowsApi.productFlow().replace("type=\"compose\"", "type=\"compose-v2\"");

        Response refused = flows.postXml("manager", "/api/flows", xml);

        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
        assertThat(problems(refused)).contains("compose: No worker handles job type 'compose-v2'; choose one of "
                + "[capture-qc, compose, correct-colour, publish, remove-background]");
    }

    @Test
    void userTaskWithoutACandidateGroupIsRefusedOnThatTask() {
        // the first one is the review's (the second approval has the same group)
        String xml = FlowsApi.productFlow().replaceFirst("<zeebe:assignmentDefinition candidateGroups=\"retouchers\" />", "");

        Response refused = flows.postXml("manager", "/api/flows", xml);

        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
        assertThat(problems(refused)).containsExactly("review-and-retouch: The user task 'Review and retouch' has no "
                + "candidate group; choose one of [photographers, retouchers]");
    }

    @Test
    void unknownGroupAndBadRetriesAreNamedPerElement() {
        String xml = FlowsApi.productFlow()
                .replace("candidateGroups=\"photographers\"", "candidateGroups=\"photographers, interns\"")
                .replace("<zeebe:taskDefinition type=\"publish\" retries=\"3\" />", "<zeebe:taskDefinition type=\"publish\" retries=\"0\" />");

        Response refused = flows.postXml("admin", "/api/flows/validate", xml);

        assertThat(refused.status()).as(refused.raw()).isEqualTo(200);
        assertThat(refused.body().path("valid").asBoolean()).isFalse();
        assertThat(problems(refused)).containsExactlyInAnyOrder(
                "retake-photo: Nobody is in candidate group interns of the user task 'Retake photo'; known groups are "
                        + "[photographers, retouchers]",
                "publish: Retries must be at least 1, not 0");
    }

    @Test
    void malformedXmlIsRefusedWithLineAndColumn() {
        String xml = FlowsApi.productFlow().replace("</bpmn:serviceTask>\n    <bpmn:serviceTask id=\"correct-colour\"",
                "\n    <bpmn:serviceTask id=\"correct-colour\"");

        Response refused = flows.postXml("manager", "/api/flows", xml);

        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
        JsonNode problem = refused.body().path("problems").get(0);
        assertThat(problem.path("elementId").isNull() || problem.path("elementId").isMissingNode()).isTrue();
        assertThat(problem.path("message").asText()).matches("Malformed XML at line \\d+, column \\d+: .+");
    }

    @Test
    void externalEntityIsRefusedWithoutBeingRead() {
        String xml = """
                <?xml version="1.0"?>
                <!DOCTYPE definitions [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
                  <bpmn:process id="xxe" name="&secret;" isExecutable="true"><bpmn:startEvent id="s"/></bpmn:process>
                </bpmn:definitions>
                """;

        Response refused = flows.postXml("manager", "/api/flows", xml);

        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
        assertThat(problems(refused)).containsExactly("null: XML with a DOCTYPE/entities is not accepted");
        assertThat(refused.raw()).doesNotContain("root:");
    }

    @Test
    void entityExpansionBombIsRefusedQuickly() {
        StringBuilder entities = new StringBuilder("<!ENTITY lol0 \"lollollollollollollollollollol\">");
        for (int i = 1; i <= 9; i++) {
            entities.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        String bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [" + entities + "]>\n"
                + "<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" id=\"d\">"
                + "<bpmn:process id=\"bomb\" name=\"&lol9;\" isExecutable=\"true\"/></bpmn:definitions>";

        long started = System.nanoTime();
        Response refused = flows.postXml("manager", "/api/flows", bomb);
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
        assertThat(problems(refused)).containsExactly("null: XML with a DOCTYPE/entities is not accepted");
        // a billion expansions would take minutes and gigabytes; refusal before expansion is a round trip
        assertThat(millis).as("refused in %d ms", millis).isLessThan(2_000);
    }

    @Test
    void oversizedFileIsRefused() {
        String xml = FlowsApi.productFlow().replace("<bpmn:documentation>One product photo",
                "<bpmn:documentation>" + "x".repeat(FlowValidator.MAX_BYTES) + "One product photo");

        Response refused = flows.postXml("manager", "/api/flows", xml);

        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
        assertThat(refused.body().path("problems").get(0).path("message").asText()).contains("flows up to 1024 KB are accepted");
    }

    @Test
    @SuppressWarnings("unchecked")
    void newVersionRunsNewImagesWhileAnImageInReviewFinishesOnItsOldVersion() {
        int before = flows.latestVersion(ProductImageProcess.PROCESS_ID);
        String oldFlow = flows.get("auditor", "/api/flows/product-image/versions/" + before).raw();
        assertThat(oldFlow).contains("<bpmn:process id=\"product-image\"");

        String waitingImage = api.upload("photographer", "FLOW-OLD-1", "brick.png", TestPhotos.bytes("brick.png"));
        JsonNode oldTask = api.awaitTask("retoucher", waitingImage);
        assertThat(oldTask.path("candidateGroups").toString()).isEqualTo("[\"retouchers\"]");

        String edited = oldFlow
                .replace("name=\"Review and retouch\"", "name=\"Review, retouch and sign off\"")
                .replaceFirst("<zeebe:assignmentDefinition candidateGroups=\"retouchers\" />",
                        "<zeebe:assignmentDefinition candidateGroups=\"retouchers, photographers\" />");
        try {
            Response deployed = flows.postXml("manager", "/api/flows", edited);
            assertThat(deployed.status()).as(deployed.raw()).isEqualTo(201);
            assertThat(deployed.text("resourceId")).isEqualTo("product-image");
            int newVersion = deployed.body().path("version").asInt();
            assertThat(newVersion).isEqualTo(before + 1);
            assertThat(deployed.body().path("key").asLong()).isPositive();
            assertThat(flows.latestVersion(ProductImageProcess.PROCESS_ID)).isEqualTo(newVersion);

            Response again = flows.postXml("manager", "/api/flows", edited);
            assertThat(again.status()).as("the same file again is not a new version").isEqualTo(200);
            assertThat(again.body().path("version").asInt()).isEqualTo(newVersion);

            // a new image runs the new version: its review task has the added group
            String newImage = api.upload("photographer", "FLOW-NEW-1", "brick.png", TestPhotos.bytes("brick.png"));
            JsonNode newTask = api.awaitTask("retoucher", newImage);
            assertThat(newTask.path("candidateGroups").toString()).isEqualTo("[\"retouchers\",\"photographers\"]");
            assertThat(api.get("photographer", "/api/tasks").raw()).contains(newImage).doesNotContain(waitingImage);

            // the image that was already waiting finishes on its own version
            String taskId = oldTask.path("id").asText();
            assertThat(api.post("retoucher", "/api/tasks/" + taskId + "/claim").status()).isEqualTo(200);
            Response approved = api.postJson("retoucher", "/api/tasks/" + taskId + "/complete", Map.of("decision", "APPROVE"));
            assertThat(approved.status()).as(approved.raw()).isEqualTo(200);
            assertThat(api.awaitStatus(waitingImage, "PUBLISHED", "REJECTED").path("status").asText()).isEqualTo("PUBLISHED");
            String newTaskId = newTask.path("id").asText();
            assertThat(api.post("photographer", "/api/tasks/" + newTaskId + "/claim").status()).isEqualTo(200);
            Response rejected = api.postJson("photographer", "/api/tasks/" + newTaskId + "/complete",
                    Map.of("decision", "REJECT", "comment", "wall, not a product"));
            assertThat(rejected.status()).as(rejected.raw()).isEqualTo(200);
            assertThat(api.awaitStatus(newImage, "REJECTED", "PUBLISHED").path("status").asText()).isEqualTo("REJECTED");

            Response diff = flows.get("auditor", "/api/flows/product-image/diff?from=" + before + "&to=" + newVersion);
            assertThat(diff.status()).as(diff.raw()).isEqualTo(200);
            assertThat(diff.body().path("added")).isEmpty();
            assertThat(diff.body().path("removed")).isEmpty();
            assertThat(diff.body().path("layoutChanges").asInt()).isZero();
            List<String> changes = new ArrayList<>();
            diff.body().path("changed").forEach(element -> element.path("changes").forEach(change -> changes.add(
                    element.path("id").asText() + " " + change.path("property").asText() + ": " + change.path("from").asText()
                            + " -> " + change.path("to").asText())));
            assertThat(changes).containsExactlyInAnyOrder(
                    "review-and-retouch name: Review and retouch -> Review, retouch and sign off",
                    "review-and-retouch extensionElements/assignmentDefinition@candidateGroups: retouchers -> retouchers, photographers");

            // a restart deploys the shipped files again: the manager's version stays in force
            deployments.deployAtStartup();
            assertThat(flows.latestVersion(ProductImageProcess.PROCESS_ID)).as("a restart brings no new version").isEqualTo(newVersion);
            assertThat(flows.get("auditor", "/api/flows/product-image/versions/" + newVersion).raw())
                    .contains("Review, retouch and sign off");

            Response versions = flows.get("manager", "/api/flows/product-image/versions");
            assertThat(versions.body().findValuesAsText("version")).contains(String.valueOf(before), String.valueOf(newVersion));
            JsonNode mine = versions.body().get(versions.body().size() - 1);
            assertThat(mine.path("deployedBy").asText()).isEqualTo("manager");
            assertThat(mine.path("roles").toString()).contains("MANAGER");
            assertThat(mine.path("sha256").asText()).hasSize(64);
            assertThat(mine.has("xml")).as("lists leave the XML out").isFalse();

            // who deployed what is in the audit: user, roles, process, version, sha256 of the XML
            AuditEvent event = deployEvent(mine.path("sha256").asText());
            assertThat(event.step()).isEqualTo("deploy-flow");
            assertThat(event.elementId()).isEqualTo("product-image");
            assertThat(event.decision()).isEqualTo("DEPLOYED");
            assertThat(event.actor().name()).isEqualTo("manager");
            assertThat(event.actor().roles()).containsExactly("MANAGER");
            assertThat(event.scores()).containsEntry("version", newVersion)
                    .containsEntry("sha256", mine.path("sha256").asText());
        } finally {
            Response rolledBack = flows.post("admin", "/api/flows/product-image/versions/" + before + "/rollback");
            assertThat(rolledBack.status()).as(rolledBack.raw()).isEqualTo(201);
            assertThat(rolledBack.body().path("version").asInt()).isEqualTo(flows.latestVersion(ProductImageProcess.PROCESS_ID));
            assertThat(flows.get("admin", "/api/flows/product-image/versions/" + flows.latestVersion(ProductImageProcess.PROCESS_ID)).raw()).isEqualTo(oldFlow);
        }
        Response diffBack = flows.get("auditor", "/api/flows/product-image/diff?from=" + before + "&to=" + flows.latestVersion(ProductImageProcess.PROCESS_ID));
        assertThat(diffBack.body().path("changed")).as("the rollback restores the old flow exactly").isEmpty();
    }

    @Test
    void unknownProcessOrVersionIsNotFound() {
        assertThat(flows.get("manager", "/api/flows/no-such-flow/versions").status()).isEqualTo(404);
        assertThat(flows.get("manager", "/api/flows/product-image/versions/999").status()).isEqualTo(404);
        assertThat(flows.post("manager", "/api/flows/product-image/versions/999/rollback").status()).isEqualTo(404);
    }

    private AuditEvent deployEvent(String sha256) {
        List<AuditEvent> deploys = audit.history(FlowDeployments.auditSubject(ProductImageProcess.PROCESS_ID));
        assertThat(audit.verify(FlowDeployments.auditSubject(ProductImageProcess.PROCESS_ID)).intact())
                .as("the deploy history is an intact hash chain").isTrue();
        return deploys.stream().filter(e -> sha256.equals(e.scores().get("sha256"))).findFirst()
                .orElseThrow(() -> new AssertionError("no deploy event for " + sha256 + " in " + deploys));
    }


    private static List<String> problems(Response response) {
        List<String> problems = new ArrayList<>();
        response.body().path("problems").forEach(p -> problems.add(
                (p.path("elementId").isTextual() ? p.path("elementId").asText() : "null") + ": " + p.path("message").asText()));
        return problems;
    }
}
