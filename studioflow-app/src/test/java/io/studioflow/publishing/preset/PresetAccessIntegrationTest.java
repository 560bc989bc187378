package io.studioflow.publishing.preset;

import static org.assertj.core.api.Assertions.assertThat;

import io.studioflow.testing.IntegrationTest;
import io.studioflow.testing.StudioflowApi.Response;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/** Only managers and admins change a preset; everyone else is refused and nothing changes. One test per role. */
class PresetAccessIntegrationTest extends IntegrationTest {

    private String id;

    @BeforeEach
    void aPresetOfThisTest() {
        id = PresetStoreIntegrationTest.uniqueId("it-access");
        Response created = put("manager", PresetStoreIntegrationTest.preset(0.8, "#FFFFFF", null));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
    }

    @Test
    void aManagerMayChangeAPreset() {
        assertChangedBy("manager");
    }

    @Test
    void anAdminMayChangeAPreset() {
        assertChangedBy("admin");
    }

    @Test
    void aRetoucherMayNot() {
        assertRefused("retoucher", 403);
    }

    @Test
    void aPhotographerMayNot() {
        assertRefused("photographer", 403);
    }

    @Test
    void anAuditorMayNot() {
        assertRefused("auditor", 403);
    }

    @Test
    void anAnonymousCallerMayNot() {
        assertRefused(null, 401);
    }

    private void assertChangedBy(String user) {
        Response response = put(user, PresetStoreIntegrationTest.preset(0.7, "#FFFFFF", 1L));
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        assertThat(response.body().path("updatedBy").asText()).isEqualTo(user);
        assertThat(api.get(user, "/api/presets/" + id).body().path("fill").asDouble()).isEqualTo(0.7);
    }

    private void assertRefused(String user, int status) {
        Response response = put(user, PresetStoreIntegrationTest.preset(0.7, "#FFFFFF", 1L));
        assertThat(response.status()).as(response.raw()).isEqualTo(status);
        Response after = api.get("manager", "/api/presets/" + id);
        assertThat(after.body().path("fill").asDouble()).isEqualTo(0.8);
        assertThat(after.body().path("version").asLong()).isEqualTo(1);
        if (user != null) {
            assertThat(api.get(user, "/api/presets/" + id).status()).as("but reads it").isEqualTo(200);
        }
    }

    private Response put(String user, Map<String, Object> body) {
        return api.request(user, HttpMethod.PUT, "/api/presets/" + id, body, MediaType.APPLICATION_JSON);
    }
}
