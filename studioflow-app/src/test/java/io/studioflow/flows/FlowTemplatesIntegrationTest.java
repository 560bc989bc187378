package io.studioflow.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.studioflow.audit.AuditEvent;
import io.studioflow.audit.AuditLog;
import io.studioflow.testing.IntegrationTest;
import io.studioflow.testing.StudioflowApi.Response;
import io.studioflow.testing.TestPhotos;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Flow templates on the running app: the shipped ones are there, an edit is checked field by field and against what is
 * deployed, a stale edit is refused, and an upload that picks a template runs on the template's own process with the
 * template's brand, preset and priority, unless the upload gives its own.
 */
class FlowTemplatesIntegrationTest extends IntegrationTest {

    @Autowired
    private AuditLog audit;
    private FlowsApi flows;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void setUp() {
        flows = new FlowsApi(http);
    }

    @Test
    void theShippedTemplatesAreThereForEveryoneSignedIn() {
        Response list = api.get("photographer", "/api/flow-templates");
        assertThat(list.status()).as(list.raw()).isEqualTo(200);
        Map<String, JsonNode> byId = new HashMap<>();
        list.body().forEach(t -> byId.put(t.path("id").asText(), t));
        assertThat(byId).containsKeys("apparel-on-white", "jewellery-with-shadow");
        assertThat(byId.get("apparel-on-white").path("processId").asText()).isEqualTo(ProductImageProcess.PROCESS_ID);
        assertThat(byId.get("apparel-on-white").path("preset").asText()).isEqualTo("zalando");
        assertThat(api.get(null, "/api/flow-templates").status()).isEqualTo(401);
    }

    @Test
    void aWrongEditIsRefusedNamingEachField() {
        Map<String, Object> edit = new LinkedHashMap<>();
        edit.put("label", " ");
        edit.put("processId", "no-such-flow");
        edit.put("preset", "no-such-preset");
        edit.put("brand", "../etc");
        edit.put("priority", 101);
        Response refused = flows.putJson("manager", "/api/flow-templates/broken-" + run, edit);
        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        refused.body().path("errors").forEach(e -> fields.add(e.path("field").asText()));
        assertThat(fields).containsExactlyInAnyOrder("label", "processId", "preset", "brand", "priority");
        assertThat(refused.raw()).contains("No process 'no-such-flow' is deployed").contains("No preset 'no-such-preset'");

        Response badId = flows.putJson("manager", "/api/flow-templates/Bad_Id", Map.of("label", "x", "processId",
                ProductImageProcess.PROCESS_ID));
        assertThat(badId.status()).as(badId.raw()).isEqualTo(400);
        assertThat(badId.raw()).contains("lower-case letters");
        assertThat(api.get("manager", "/api/flow-templates/broken-" + run).status()).as("nothing was stored").isEqualTo(404);
    }

    @Test
    void onlyManagersAndAdminsSaveAndAStaleEditIsRefused() {
        String id = "t-" + run;
        Map<String, Object> edit = new LinkedHashMap<>(Map.of("label", "Shoes on white", "processId",
                ProductImageProcess.PROCESS_ID, "preset", "etsy"));
        for (String user : List.of("retoucher", "photographer", "auditor")) {
            assertThat(flows.putJson(user, "/api/flow-templates/" + id, edit).status()).as(user).isEqualTo(403);
        }
        Response created = flows.putJson("manager", "/api/flow-templates/" + id, edit);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.body().path("version").asLong()).isEqualTo(1);

        edit.put("version", 1);
        edit.put("preset", "shopify");
        Response changed = flows.putJson("admin", "/api/flow-templates/" + id, edit);
        assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
        assertThat(changed.body().path("version").asLong()).isEqualTo(2);
        assertThat(changed.body().path("updatedBy").asText()).isEqualTo("admin");

        Response stale = flows.putJson("manager", "/api/flow-templates/" + id, edit);
        assertThat(stale.status()).as(stale.raw()).isEqualTo(409);
        assertThat(stale.raw()).contains("changed by admin").contains("now version 2");

        // both saves are in the template's own audit chain, under who made them
        List<AuditEvent> history = audit.history(FlowTemplates.auditSubject(id));
        assertThat(history).extracting(AuditEvent::decision).containsExactly("CREATED", "CHANGED");
        assertThat(history.get(1).actor().name()).isEqualTo("admin");
        assertThat(history.get(1).reasons()).containsExactly("preset etsy → shopify");
        assertThat(audit.verify(FlowTemplates.auditSubject(id)).intact()).isTrue();
    }

    @Test
    void anUploadPicksATemplateAndRunsOnItsProcessWithItsDefaults() {
        // the jewellery job's own process: the product flow whose review photographers may take as well
        String processId = "jewellery-" + run;
        String xml = FlowsApi.productFlowAs(processId);
        Response deployed = flows.postXml("manager", "/api/flows", xml);
        assertThat(deployed.status()).as(deployed.raw()).isEqualTo(201);

        String template = "jewellery-" + run;
        Response saved = flows.putJson("manager", "/api/flow-templates/" + template, Map.of("label", "Jewellery " + run,
                "processId", processId, "preset", "etsy", "brand", "lumen", "priority", 80));
        assertThat(saved.status()).as(saved.raw()).isEqualTo(201);

        // brick.png goes to review on the product flow: on this template's flow photographers may take its task too
        String picked = upload(Map.of("sku", "TPL-" + run, "template", template));
        JsonNode image = api.get("manager", "/api/images/" + picked).body();
        assertThat(image.path("template").asText()).isEqualTo(template);
        assertThat(image.path("processId").asText()).isEqualTo(processId);
        assertThat(image.path("brand").asText()).isEqualTo("lumen");
        assertThat(image.path("preset").asText()).isEqualTo("etsy");
        api.awaitStatus(picked, "IN_REVIEW");
        JsonNode task = api.awaitTask("manager", picked);
        List<String> groups2 = new ArrayList<>();
        task.path("candidateGroups").forEach(g -> groups2.add(g.asText()));
        assertThat(groups2).containsExactly("retouchers", "photographers");
        assertThat(task.path("priority").asInt()).isEqualTo(80);
        assertThat(task.path("preset").asText()).isEqualTo("etsy");
        // the auditor sees which template (and which version of it) decided the image's flow
        JsonNode ingest = api.history(picked).getFirst();
        assertThat(ingest.path("scores").path("template").asText()).isEqualTo(template);
        assertThat(ingest.path("scores").path("templateVersion").asLong()).isEqualTo(1);
        assertThat(ingest.path("scores").path("processId").asText()).isEqualTo(processId);

        // what the upload names itself wins over the template's defaults
        String own = upload(Map.of("sku", "TPL-OWN-" + run, "template", template, "preset", "amazon-main",
                "brand", "acme", "priority", "10"));
        JsonNode ownImage = api.get("manager", "/api/images/" + own).body();
        assertThat(ownImage.path("preset").asText()).isEqualTo("amazon-main");
        assertThat(ownImage.path("brand").asText()).isEqualTo("acme");
        assertThat(ownImage.path("processId").asText()).isEqualTo(processId);
        JsonNode ownTask = api.awaitTask("manager", own);
        assertThat(ownTask.path("priority").asInt()).isEqualTo(10);

        // without a template an image stays on the product flow
        String plain = upload(Map.of("sku", "TPL-PLAIN-" + run, "brand", "lumen"));
        assertThat(api.get("manager", "/api/images/" + plain).body().path("processId").asText())
                .isEqualTo(ProductImageProcess.PROCESS_ID);
        JsonNode plainTask = api.awaitTask("manager", plain);
        assertThat(plainTask.path("candidateGroups").toString()).contains("retouchers").doesNotContain("photographers");
    }

    @Test
    void anUnknownTemplateIsTheUploadersMistakeToldWithTheKnownOnes() {
        Response refused = api.postMultipart("photographer", "/api/images", Map.of("sku", "TPL-X-" + run, "template",
                "no-such-template"), "brick.png", TestPhotos.bytes("brick.png"));
        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
        assertThat(refused.raw()).contains("no flow template 'no-such-template'").contains("apparel-on-white");
    }

    private String upload(Map<String, String> fields) {
        Response response = api.postMultipart("photographer", "/api/images", fields, "brick.png", TestPhotos.bytes("brick.png"));
        assertThat(response.status()).as(response.raw()).isEqualTo(202);
        return response.text("id");
    }
}
