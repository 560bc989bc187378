package io.studioflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.studioflow.testing.IntegrationTest;
import io.studioflow.testing.StudioflowApi.Response;
import io.studioflow.testing.TestPhotos;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Uploads refused for who sends them or what they ask for. The refusals of bad files, SKUs, presets and
 * sizes (empty, truncated, not an image, header bombs, missing sku or file, unknown preset, SKUs that try
 * to leave the publish folder) are cases of {@link HostileInputCorpusIntegrationTest}'s table.
 */
class BadUploadIntegrationTest extends IntegrationTest {

    @Test
    void onlyPhotographersManagersAndAdminsUpload() {
        assertThat(api.postMultipart("retoucher", "/api/images", Map.of("sku", "SKU-1"), "cup.png", TestPhotos.bytes("coffee.png")).status())
                .isEqualTo(403);
        assertThat(api.postMultipart("auditor", "/api/images", Map.of("sku", "SKU-1"), "cup.png", TestPhotos.bytes("coffee.png")).status())
                .isEqualTo(403);
        assertThat(api.postMultipart(null, "/api/images", Map.of("sku", "SKU-1"), "cup.png", TestPhotos.bytes("coffee.png")).status())
                .isEqualTo(401);
        assertThat(http.withBasicAuth("photographer", "wrong").getForEntity("/api/tasks", String.class).getStatusCode().value())
                .isEqualTo(401);
    }

    @Test
    void unknownImageIs404() {
        Response response = api.get("admin", "/api/images/no-such-image");
        assertThat(response.status()).as(response.raw()).isEqualTo(404);
        assertThat(response.text("detail")).as(response.raw()).containsIgnoringCase("no image with id");
        // and the application is still there
        assertThat(api.get("admin", "/api/tasks").status()).isEqualTo(200);
    }
}
