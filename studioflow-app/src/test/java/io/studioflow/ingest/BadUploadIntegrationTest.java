package io.studioflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.studioflow.testing.IntegrationTest;
import io.studioflow.testing.StudioPhotos;
import io.studioflow.testing.StudioflowApi.Response;
import io.studioflow.testing.TestPhotos;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad uploads get a 4xx with a message that says what is wrong; nothing is stored; the app keeps serving. */
class BadUploadIntegrationTest extends IntegrationTest {

    @Test
    void emptyFile() {
        assertRefused(upload("SKU-1", "empty.jpg", new byte[0]), 400, "empty");
    }

    @Test
    void truncatedJpeg() {
        assertRefused(upload("SKU-1", "half.jpg", StudioPhotos.truncated(StudioPhotos.packshot("coffee.png"))), 400, "truncated");
    }

    @Test
    void textFileNamedJpg() {
        byte[] text = "just some notes, not a photo\n".repeat(20).getBytes(StandardCharsets.UTF_8);
        assertRefused(upload("SKU-1", "notes.jpg", text), 415, "not an image");
    }

    @Test
    void headerDeclaringFortyThousandSquarePixels() {
        assertRefused(upload("SKU-1", "bomb.png", StudioPhotos.pngHeaderOnly(40000, 40000, 8, 2)), 413, "40000");
    }

    @Test
    void missingSku() {
        Response response = api.postMultipart("photographer", "/api/images", Map.of(), "cup.png", TestPhotos.bytes("coffee.png"));
        assertRefused(response, 400, "sku is required");
    }

    @Test
    void skuThatTriesToLeaveThePublishFolder() {
        assertRefused(upload("../../etc", "cup.png", TestPhotos.bytes("coffee.png")), 400, "sku must be");
    }

    @Test
    void missingFile() {
        Response response = api.postMultipart("photographer", "/api/images", Map.of("sku", "SKU-1"), null, null);
        assertRefused(response, 400, "file is required");
    }

    @Test
    void unknownPreset() {
        Response response = api.postMultipart("photographer", "/api/images", Map.of("sku", "SKU-1", "preset", "billboard"),
                "cup.png", TestPhotos.bytes("coffee.png"));
        assertRefused(response, 400, "unknown preset");
    }

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
        assertRefused(response, 404, "no image with id");
    }

    private Response upload(String sku, String fileName, byte[] bytes) {
        return api.postMultipart("photographer", "/api/images", Map.of("sku", sku), fileName, bytes);
    }

    private void assertRefused(Response response, int status, String messagePart) {
        assertThat(response.status()).as(response.raw()).isEqualTo(status);
        assertThat(response.text("detail")).as(response.raw()).containsIgnoringCase(messagePart);
        // and the application is still there
        assertThat(api.get("admin", "/api/tasks").status()).isEqualTo(200);
    }
}
