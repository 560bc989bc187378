package io.studioflow.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.studioflow.platform.imaging.OpenCv;
import io.studioflow.testing.IntegrationTest;
import io.studioflow.testing.StudioPhotos;
import io.studioflow.testing.StudioflowApi.Response;
import io.studioflow.testing.TestPhotos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * One photo at a time through the whole product-image flow on the embedded engine, with the real
 * workers, the real ISNet model and a real Elasticsearch node, driven through the REST API.
 */
class ProductImageFlowIntegrationTest extends IntegrationTest {

    @Test
    void cleanPackshotIsPublishedWithoutAHuman() throws Exception {
        String id = api.upload("photographer", "VASE-001", "vase.jpg", StudioPhotos.packshot("coffee.png"));

        JsonNode image = api.awaitStatus(id, "PUBLISHED", "IN_REVIEW", "RETAKE", "REJECTED");
        assertThat(image.path("status").asText()).as(image.toString()).isEqualTo("PUBLISHED");
        assertThat(image.path("scores").path("segmentation").path("confidence").asDouble()).isGreaterThan(0.75);

        JsonNode main = image.path("renditions").get(0);
        assertThat(main.path("name").asText()).isEqualTo("main");
        assertThat(main.path("width").asInt()).isEqualTo(2000);
        assertThat(main.path("height").asInt()).isEqualTo(2000);
        Path published = dataDir().resolve("published").resolve(main.path("path").asText());
        assertThat(published).startsWith(dataDir().resolve("published").resolve("VASE-001")).exists();
        assertPureWhiteSquare(Files.readAllBytes(published));

        List<JsonNode> history = history(id);
        assertThat(history).extracting(e -> e.path("step").asText())
                .containsSubsequence("ingest", "capture-qc", "segmentation", "colour", "compose", "routing", "publish");
        for (JsonNode event : history) {
            assertThat(event.path("actor").path("name").asText()).as(event.toString()).isNotBlank();
            assertThat(event.path("time").asText()).isNotBlank();
        }
        JsonNode segmentation = step(history, "segmentation");
        assertThat(segmentation.path("actor").path("type").asText()).isEqualTo("MODEL");
        assertThat(segmentation.path("actor").path("name").asText()).isEqualTo("isnet-medium");
        assertThat(segmentation.path("actor").path("version").asText()).isNotBlank();
        assertThat(segmentation.path("scores").path("confidence").asDouble()).isGreaterThan(0.75);
        assertThat(segmentation.path("scores").path("modelSha256").asText()).hasSize(64);
        for (String step : List.of("capture-qc", "colour", "compose")) {
            assertThat(step(history, step).path("scores").has("confidence")).as(step).isTrue();
            assertThat(step(history, step).path("inputHashes")).as(step).isNotEmpty();
        }
        JsonNode routing = step(history, "routing");
        assertThat(routing.path("decision").asText()).isEqualTo("AUTO_APPROVE");
        assertThat(routing.path("scores").path("segmentation").asDouble()).isGreaterThan(0.75);
        assertThat(step(history, "publish").path("outputHashes").get(0).asText()).isEqualTo(main.path("hash").asText());

        assertThat(openTaskIds("retoucher", id)).isEmpty();
    }

    @Test
    void fullFrameTextureGoesToReviewWhereOneRetoucherClaimsAndApprovesIt() {
        String id = api.upload("photographer", "WALL-001", "brick.png", TestPhotos.bytes("brick.png"));

        JsonNode image = api.awaitStatus(id, "IN_REVIEW", "PUBLISHED", "RETAKE");
        assertThat(image.path("status").asText()).as(image.toString()).isEqualTo("IN_REVIEW");
        assertThat(image.path("reasons").toString()).contains("Background removal");

        JsonNode task = api.awaitTask("retoucher", id);
        assertThat(task.path("kind").asText()).isEqualTo("REVIEW");
        assertThat(task.path("candidateGroups").toString()).contains("retouchers");
        assertThat(openTaskIds("photographer", id)).as("photographers do not see review tasks").isEmpty();
        String taskId = task.path("id").asText();

        Response claimed = api.post("retoucher", "/api/tasks/" + taskId + "/claim");
        assertThat(claimed.status()).as(claimed.raw()).isEqualTo(200);
        assertThat(claimed.text("assignee")).isEqualTo("retoucher");

        Response second = api.post("retoucher2", "/api/tasks/" + taskId + "/claim");
        assertThat(second.status()).as(second.raw()).isEqualTo(409);
        assertThat(second.text("detail")).contains("already claimed by retoucher");
        Response notHolder = api.postJson("retoucher2", "/api/tasks/" + taskId + "/complete", Map.of("decision", "APPROVE"));
        assertThat(notHolder.status()).as(notHolder.raw()).isEqualTo(409);

        Response approved = api.postJson("retoucher", "/api/tasks/" + taskId + "/complete",
                Map.of("decision", "APPROVE", "comment", "texture shot is intended, edges fine"));
        assertThat(approved.status()).as(approved.raw()).isEqualTo(200);

        assertThat(api.awaitStatus(id, "PUBLISHED", "REJECTED").path("status").asText()).isEqualTo("PUBLISHED");
        JsonNode decision = history(id).stream()
                .filter(e -> e.path("step").asText().equals("review") && e.path("decision").asText().equals("APPROVE"))
                .findFirst().orElseThrow();
        assertThat(decision.path("actor").path("name").asText()).isEqualTo("retoucher");
        assertThat(decision.path("actor").path("roles").toString()).contains("RETOUCHER");
        assertThat(decision.path("comment").asText()).isEqualTo("texture shot is intended, edges fine");
        assertThat(history(id)).extracting(e -> e.path("step").asText() + ":" + e.path("decision").asText())
                .containsSubsequence("routing:HUMAN_REVIEW", "review:CLAIMED", "review:APPROVE", "publish:PUBLISHED");
        Response again = api.post("retoucher", "/api/tasks/" + taskId + "/claim");
        assertThat(again.status()).as("a completed task cannot be claimed").isEqualTo(409);
    }

    @Test
    void rejectionNeedsAReasonAndEndsTheImageUnpublished() {
        String id = api.upload("photographer", "GRAVEL-001", "gravel.png", TestPhotos.bytes("gravel.png"));
        String taskId = api.awaitTask("retoucher", id).path("id").asText();

        // two retouchers claim at the same moment: exactly one wins
        List<Response> claims;
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Response>> futures = List.of("retoucher", "retoucher2").stream().map(user -> pool.submit(() -> {
                go.await();
                return api.post(user, "/api/tasks/" + taskId + "/claim");
            })).toList();
            go.countDown();
            claims = futures.stream().map(f -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
        assertThat(claims).extracting(Response::status).containsExactlyInAnyOrder(200, 409);
        String winner = claims.stream().filter(r -> r.status() == 200).findFirst().orElseThrow().text("assignee");
        if (!winner.equals("retoucher")) {
            assertThat(api.post(winner, "/api/tasks/" + taskId + "/unclaim").status()).isEqualTo(200);
            assertThat(api.post("retoucher", "/api/tasks/" + taskId + "/claim").status()).isEqualTo(200);
        }

        Response noReason = api.postJson("retoucher", "/api/tasks/" + taskId + "/complete", Map.of("decision", "REJECT"));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.text("detail")).contains("reason");
        Response unknown = api.postJson("retoucher", "/api/tasks/" + taskId + "/complete", Map.of("decision", "MAYBE"));
        assertThat(unknown.status()).isEqualTo(400);

        Response rejected = api.postJson("retoucher", "/api/tasks/" + taskId + "/complete",
                Map.of("decision", "REJECT", "comment", "no product in the photo"));
        assertThat(rejected.status()).as(rejected.raw()).isEqualTo(200);

        JsonNode image = api.awaitStatus(id, "REJECTED");
        assertThat(image.path("renditions")).isEmpty();
        assertThat(dataDir().resolve("published").resolve("GRAVEL-001")).doesNotExist();
        assertThat(history(id)).extracting(e -> e.path("decision").asText()).contains("REJECT");
    }

    @Test
    void blurredPhotoGoesBackToThePhotographerWhoseRetakeIsPublished() {
        String id = api.upload("photographer", "VASE-002", "vase-blurred.jpg", StudioPhotos.blurredPackshot("coffee.png"));

        JsonNode image = api.awaitStatus(id, "RETAKE", "PUBLISHED", "IN_REVIEW");
        assertThat(image.path("status").asText()).as(image.toString()).isEqualTo("RETAKE");
        assertThat(image.path("reasons").toString()).containsIgnoringCase("blurred");

        JsonNode task = api.awaitTask("photographer", id);
        assertThat(task.path("kind").asText()).isEqualTo("RETAKE");
        assertThat(openTaskIds("retoucher", id)).as("retouchers do not see retakes").isEmpty();
        String taskId = task.path("id").asText();
        assertThat(api.post("photographer", "/api/tasks/" + taskId + "/claim").status()).isEqualTo(200);

        Response withoutPhoto = api.postJson("photographer", "/api/tasks/" + taskId + "/complete", Map.of("decision", "RETAKEN"));
        assertThat(withoutPhoto.status()).isEqualTo(400);
        Response retaken = api.postMultipart("photographer", "/api/tasks/" + taskId + "/complete",
                Map.of("comment", "refocused"), "vase-sharp.jpg", StudioPhotos.packshot("coffee.png"));
        assertThat(retaken.status()).as(retaken.raw()).isEqualTo(200);

        assertThat(api.awaitStatus(id, "PUBLISHED", "IN_REVIEW", "RETAKE", "REJECTED").path("status").asText())
                .isEqualTo("PUBLISHED");
        assertThat(history(id)).extracting(e -> e.path("step").asText() + ":" + e.path("decision").asText())
                .containsSubsequence("capture-qc:RETAKE", "retake:RETAKEN", "capture-qc:PASSED", "publish:PUBLISHED");
    }

    @Test
    void tinyPhotoGoesToRetakeWithTheReason() {
        String id = api.upload("photographer", "TINY-001", "tiny.jpg", StudioPhotos.tiny("coffee.png"));

        JsonNode image = api.awaitStatus(id, "RETAKE", "PUBLISHED", "IN_REVIEW");
        assertThat(image.path("status").asText()).isEqualTo("RETAKE");
        assertThat(image.path("reasons").toString()).containsIgnoringCase("too small");
    }

    @Test
    void retouchedUploadIsWhatGetsPublished() throws Exception {
        String id = api.upload("photographer", "WALL-002", "brick.png", TestPhotos.bytes("brick.png"));
        String taskId = api.awaitTask("retoucher", id).path("id").asText();
        assertThat(api.post("retoucher", "/api/tasks/" + taskId + "/claim").status()).isEqualTo(200);

        Response notAnImage = api.postMultipart("retoucher", "/api/tasks/" + taskId + "/complete",
                Map.of("decision", "APPROVE"), "retouched.jpg", "not a photo".getBytes());
        assertThat(notAnImage.status()).isBetween(400, 499);
        assertThat(api.get("retoucher", "/api/tasks/" + taskId).text("state")).as("nothing changed").isEqualTo("OPEN");

        byte[] retouched = StudioPhotos.packshot("astronaut.png");
        Response done = api.postMultipart("retoucher", "/api/tasks/" + taskId + "/complete",
                Map.of("decision", "APPROVE", "comment", "replaced by the retouched file"), "retouched.jpg", retouched);
        assertThat(done.status()).as(done.raw()).isEqualTo(200);

        JsonNode image = api.awaitStatus(id, "PUBLISHED");
        Path published = dataDir().resolve("published").resolve(image.path("renditions").get(0).path("path").asText());
        assertThat(Files.readAllBytes(published)).isEqualTo(retouched);
    }

    private List<JsonNode> history(String id) {
        List<JsonNode> events = new ArrayList<>();
        api.get("auditor", "/api/images/" + id + "/history").body().forEach(events::add);
        return events;
    }

    private static JsonNode step(List<JsonNode> history, String step) {
        return history.stream().filter(e -> e.path("step").asText().equals(step)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + step + " event in " + history));
    }

    private List<String> openTaskIds(String user, String imageId) {
        List<String> ids = new ArrayList<>();
        api.get(user, "/api/tasks").body().forEach(t -> {
            if (imageId.equals(t.path("imageId").asText())) {
                ids.add(t.path("id").asText());
            }
        });
        return ids;
    }

    private static void assertPureWhiteSquare(byte[] jpeg) {
        OpenCv.load();
        Mat image = Imgcodecs.imdecode(new MatOfByte(jpeg), Imgcodecs.IMREAD_COLOR);
        try {
            assertThat(image.cols()).isEqualTo(2000);
            assertThat(image.rows()).isEqualTo(2000);
            for (int[] corner : new int[][] {{0, 0}, {0, 1999}, {1999, 0}, {1999, 1999}, {1000, 5}}) {
                double[] pixel = image.get(corner[1], corner[0]);
                assertThat(pixel).as("pixel at %s", List.of(corner[0], corner[1])).containsExactly(255, 255, 255);
            }
        } finally {
            image.release();
        }
    }
}
