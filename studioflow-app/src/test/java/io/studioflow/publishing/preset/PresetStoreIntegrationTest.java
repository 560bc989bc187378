package io.studioflow.publishing.preset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.studioflow.audit.AuditEvent;
import io.studioflow.audit.AuditLog;
import io.studioflow.publishing.preset.PresetProperties.BrandPreset;
import io.studioflow.testing.IntegrationTest;
import io.studioflow.testing.StudioflowApi.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * Presets in the real Elasticsearch node through {@code /api/presets}: seeded at start, created and edited by a
 * manager with optimistic concurrency, refused with the wrong fields named, every save on the audit trail, and an
 * edit that a new catalogue (a restart, another replica) still sees. Each test works on a preset of its own.
 */
class PresetStoreIntegrationTest extends IntegrationTest {

    @Autowired
    private PresetCatalog catalog;
    @Autowired
    private PresetStore store;
    @Autowired
    private AuditLog audit;

    @Test
    void builtInPresetsAreSeededAndReadableByEveryoneSignedIn() {
        Response list = api.get("retoucher", "/api/presets");
        assertThat(list.status()).as(list.raw()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        list.body().forEach(p -> ids.add(p.path("id").asText()));
        assertThat(ids).contains("white-square-2000", "amazon-main", "zalando", "shopify", "etsy");

        Response amazon = api.get("photographer", "/api/presets/amazon-main");
        assertThat(amazon.status()).as(amazon.raw()).isEqualTo(200);
        assertThat(amazon.body().path("width").asInt()).isEqualTo(2000);
        assertThat(amazon.body().path("background").asText()).isEqualTo("#FFFFFF");
        assertThat(amazon.body().path("format").asText()).isEqualTo("jpeg");
        assertThat(amazon.body().path("version").asLong()).isPositive();
        assertThat(amazon.body().path("checklist").toString()).contains("Amazon main image");
        Response etsy = api.get("auditor", "/api/presets/etsy");
        assertThat(etsy.body().path("longestSide").asInt()).isEqualTo(2000);
        assertThat(etsy.body().path("shadow").asText()).isEqualTo("contact");

        assertThat(api.get("manager", "/api/presets/no-such-preset").status()).isEqualTo(404);
        assertThat(api.get(null, "/api/presets").status()).isEqualTo(401);
    }

    @Test
    void aManagerCreatesAndEditsAPresetAndAStaleEditIsRefused() {
        String id = uniqueId("it-edit");
        Response created = put("manager", id, preset(0.8, "#F2F2F2", null));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.body().path("version").asLong()).isEqualTo(1);
        assertThat(created.body().path("updatedBy").asText()).isEqualTo("manager");
        // the workers' catalogue sees it at once: this process emptied its cache on the write
        assertThat(catalog.get(id).fillRatio()).isEqualTo(0.8);

        Response edited = put("admin", id, preset(0.6, "#EEEEEE", 1L));
        assertThat(edited.status()).as(edited.raw()).isEqualTo(200);
        assertThat(edited.body().path("version").asLong()).isEqualTo(2);
        assertThat(catalog.get(id).fillRatio()).isEqualTo(0.6);
        assertThat(catalog.get(id).background().hex()).isEqualTo("#EEEEEE");
        assertThat(catalog.checklist(id)).containsExactly("Label faces the camera");
        assertThat(catalog.reviewChecklist(id, List.of("Edges are clean"))).containsExactly("Edges are clean",
                "Label faces the camera");

        // a second manager still holding version 1 saves: refused, nothing overwritten
        Response stale = put("manager", id, preset(0.9, "#FFFFFF", 1L));
        assertThat(stale.status()).as(stale.raw()).isEqualTo(409);
        assertThat(stale.text("detail")).contains("version 2").contains("admin").contains("reload");
        Response noVersion = put("manager", id, preset(0.9, "#FFFFFF", null));
        assertThat(noVersion.status()).as("an existing preset's edit must name its version").isEqualTo(409);
        assertThat(catalog.get(id).fillRatio()).isEqualTo(0.6);
        assertThat(api.get("retoucher", "/api/presets/" + id).body().path("version").asLong()).isEqualTo(2);

        // every save is on the preset's own audit chain, with what changed and who did it
        List<AuditEvent> history = audit.history(PresetCatalog.auditSubject(id));
        assertThat(history).extracting(AuditEvent::decision).containsExactly("CREATED", "CHANGED");
        assertThat(history.get(1).actor().name()).isEqualTo("admin");
        assertThat(history.get(1).reasons()).contains("fill 0.8 → 0.6", "background #F2F2F2 → #EEEEEE");
        assertThat(((Number) history.get(1).scores().get("version")).longValue()).isEqualTo(2);
    }

    @Test
    void invalidEditsAreRefusedNamingEachField() {
        String id = uniqueId("it-invalid");
        Map<String, Object> bad = new LinkedHashMap<>(preset(1.5, "white", null));
        bad.put("width", 20_000);
        bad.put("shadow", "soft");
        bad.put("format", "gif");
        bad.put("quality", 0);
        bad.put("margin", 0.5);
        bad.put("checklist", Collections.nCopies(21, "x"));
        Response refused = put("manager", id, bad);
        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
        assertThat(fields(refused)).contains("fill", "background", "width", "shadow", "format", "quality", "margin",
                "checklist");
        assertThat(refused.text("detail")).contains("fill: must be more than 0 and at most 1");

        Map<String, Object> transparentJpeg = new LinkedHashMap<>(preset(0.8, "transparent", null));
        assertThat(fields(put("manager", id, transparentJpeg))).containsExactly("background");
        transparentJpeg.put("format", "png-alpha");
        assertThat(put("manager", id, transparentJpeg).status()).as("transparent where the format allows it")
                .isEqualTo(201);

        Map<String, Object> longItem = new LinkedHashMap<>(preset(0.8, "#FFFFFF", null));
        longItem.put("checklist", List.of("a".repeat(201)));
        assertThat(fields(put("manager", uniqueId("it-long"), longItem))).containsExactly("checklist");
        assertThat(fields(put("manager", "Bad_Name", preset(0.8, "#FFFFFF", null)))).containsExactly("id");
        Map<String, Object> wrongType = new LinkedHashMap<>(preset(0.8, "#FFFFFF", null));
        wrongType.put("fill", "lots");
        assertThat(fields(put("manager", uniqueId("it-type"), wrongType))).containsExactly("fill");
        assertThat(catalog.contains("bad-name")).isFalse();
    }

    @Test
    void anEditSurvivesANewCatalogueWhoseConfigurationSaysOtherwise() {
        String id = uniqueId("it-restart");
        assertThat(put("manager", id, preset(0.8, "#FFFFFF", null)).status()).isEqualTo(201);
        assertThat(put("manager", id, preset(0.55, "#FAFAFA", 1L)).status()).isEqualTo(200);

        // a restart: configuration naming the same preset seeds create-only, so the manager's edit stays
        PresetProperties configured = new PresetProperties(Map.of(id, new BrandPreset(null, "from configuration",
                null, null, null, "#000000", null, 0.9, null, null, null, null, null, null)));
        PresetCatalog restarted = new PresetCatalog(configured, store, audit);
        assertThat(restarted.get(id).fillRatio()).isEqualTo(0.55);
        assertThat(restarted.get(id).background().hex()).isEqualTo("#FAFAFA");
        assertThat(restarted.document(id).version()).isEqualTo(2);
        assertThat(restarted.names()).contains("amazon-main", id);
    }

    private Response put(String user, String id, Map<String, Object> body) {
        return api.request(user, HttpMethod.PUT, "/api/presets/" + id, body, MediaType.APPLICATION_JSON);
    }

    static Map<String, Object> preset(double fill, String background, Long version) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("label", "Integration test preset");
        body.put("width", 1200);
        body.put("height", 1200);
        body.put("background", background);
        body.put("fill", fill);
        body.put("shadow", "none");
        body.put("format", "jpeg");
        body.put("quality", 90);
        body.put("checklist", List.of("Label faces the camera"));
        if (version != null) {
            body.put("version", version);
        }
        return body;
    }

    static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static List<String> fields(Response response) {
        assertThat(response.status()).as(response.raw()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        for (JsonNode error : response.body().path("errors")) {
            fields.add(error.path("field").asText());
        }
        return fields;
    }
}
