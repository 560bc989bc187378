package io.studioflow.ingest.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.studioflow.testing.HostileArchives;
import io.studioflow.testing.IntegrationTest;
import io.studioflow.testing.StudioPhotos;
import io.studioflow.testing.StudioflowApi.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * Batches through the real flow: a ZIP with a manifest becomes images per SKU and angle, the same ZIP again does no
 * work, cancelling leaves every image in a clear state and retrying runs the cancelled ones, the hot folder takes
 * files in, and the export lays the renditions out per SKU.
 */
class BatchIntegrationTest extends IntegrationTest {

    private static final Duration SETTLED = Duration.ofMinutes(6);

    @Test
    void aZipWithAManifestBecomesImagesPerSkuAndAngle_andTheSameZipAgainDoesNoWork() throws IOException {
        List<byte[]> shots = StudioPhotos.packshots("coffee.png", 4);
        byte[] zip = HostileArchives.zip()
                .file("shoot/" + BatchIntake.MANIFEST_NAME, ("file,sku,angle\n"
                        + "mug-1.jpg,MUG-RED,front\nmug-2.jpg,MUG-RED,back\nmug-3.jpg,MUG-BLUE,front\n")
                        .getBytes(StandardCharsets.UTF_8))
                .file("shoot/mug-1.jpg", shots.get(0))
                .file("shoot/mug-2.jpg", shots.get(1))
                .file("shoot/mug-3.jpg", shots.get(2))
                .file("shoot/MUG-GREEN_side.jpg", shots.get(3)) // not in the manifest: its name gives SKU and angle
                .file("shoot/IMG 0001.jpg", shots.get(0)) // no SKU anywhere
                .file("shoot/notes.txt", "call the client".getBytes(StandardCharsets.UTF_8))
                .bytes();

        Response sent = sendForm("photographer", Map.of("name", "Mugs spring", "brand", "acme"), "mugs.zip", zip);
        assertThat(sent.status()).as(sent.raw()).isEqualTo(202);
        String batchId = sent.text("id");
        assertThat(sent.text("status")).isEqualTo("RECEIVING");

        JsonNode done = awaitMachineDone(batchId);
        JsonNode batch = done.path("batch");
        assertThat(batch.path("name").asText()).isEqualTo("Mugs spring");
        assertThat(batch.path("accepted").asInt()).as(done.toString()).isEqualTo(4);
        assertThat(batch.path("refused").asInt()).as(done.toString()).isEqualTo(2);
        assertThat(batch.path("duplicates").asInt()).isZero();
        assertThat(problems(batch)).anySatisfy(p -> assertThat(p).contains("IMG 0001.jpg", "no SKU"))
                .anySatisfy(p -> assertThat(p).contains("notes.txt"));
        assertThat(done.path("total").asInt()).isEqualTo(4);
        assertThat(done.path("stages").path("QUEUED").asInt()).isZero();

        List<JsonNode> images = images(batchId);
        assertThat(images).extracting(i -> i.path("sku").asText() + "/" + i.path("angle").asText(null))
                .containsExactlyInAnyOrder("MUG-BLUE/front", "MUG-GREEN/side", "MUG-RED/front", "MUG-RED/back");
        JsonNode one = api.get("admin", "/api/images/" + images.getFirst().path("id").asText()).body();
        assertThat(one.path("batchId").asText()).isEqualTo(batchId);
        assertThat(one.path("brand").asText()).isEqualTo("acme");

        // the same ZIP again: recognised photo by photo, nothing new is processed
        Response again = sendForm("manager", Map.of(), "mugs.zip", zip);
        assertThat(again.status()).as(again.raw()).isEqualTo(202);
        JsonNode second = awaitMachineDone(again.text("id"));
        assertThat(second.path("batch").path("accepted").asInt()).as(second.toString()).isZero();
        assertThat(second.path("batch").path("duplicates").asInt()).isEqualTo(4);
        assertThat(second.path("batch").path("refused").asInt()).isEqualTo(2); // still no SKU for one, notes.txt no photo
        assertThat(second.path("total").asInt()).isZero();
        Set<String> firstIds = new HashSet<>();
        images.forEach(i -> firstIds.add(i.path("id").asText()));
        second.path("batch").path("problems").forEach(p -> {
            if ("DUPLICATE".equals(p.path("kind").asText())) {
                assertThat(firstIds).contains(p.path("imageId").asText());
            }
        });

        // the export: renditions per SKU, and a CSV for the shop
        awaitFinished(batchId);
        var csv = http.withBasicAuth("auditor", "auditor").getForEntity("/api/batches/" + batchId + "/export.csv", String.class);
        assertThat(csv.getStatusCode().value()).isEqualTo(200);
        long published = images(batchId).stream().filter(i -> "PUBLISHED".equals(i.path("status").asText())).count();
        assertThat(csv.getBody().lines().toList()).hasSize((int) published + 1)
                .first().isEqualTo("sku,angle,image_id,rendition,format,width,height,sha256,url");
        var exported = http.withBasicAuth("manager", "manager").getForEntity("/api/batches/" + batchId + "/export.zip", byte[].class);
        assertThat(exported.getStatusCode().value()).isEqualTo(200);
        List<String> entries = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(exported.getBody()))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.add(e.getName());
                assertThat(in.readAllBytes().length).isPositive();
            }
        }
        assertThat(entries).hasSize((int) published).allSatisfy(name -> assertThat(name).matches("MUG-[A-Z]+/MUG-[A-Z]+_[a-z]+\\.[a-z]+"));
    }

    @Test
    void cancellingStopsQueuedImagesInAClearState_andRetryRunsThem() {
        List<byte[]> shots = StudioPhotos.packshots("chelsea.png", 16);
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        for (int i = 0; i < shots.size(); i++) {
            form.add("files", file("CAT-" + i + "_front.jpg", shots.get(i)));
        }
        Response sent = send("photographer", form);
        assertThat(sent.status()).as(sent.raw()).isEqualTo(202);
        String batchId = sent.text("id");
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() ->
                "OPEN".equals(api.get("photographer", "/api/batches/" + batchId).body().path("batch").path("status").asText()));

        Response cancel = api.post("photographer", "/api/batches/" + batchId + "/cancel");
        assertThat(cancel.status()).as(cancel.raw()).isEqualTo(200);
        int cancelled = cancel.body().path("images").asInt();
        // 16 photos, at most max-in-flight (8 here) in machine work at once: the rest were still queued
        assertThat(cancelled).as("images still queued when cancelled").isPositive();

        JsonNode afterCancel = awaitMachineDone(batchId);
        assertThat(afterCancel.path("batch").path("status").asText()).isEqualTo("CANCELLED");
        assertThat(afterCancel.path("stages").path("CANCELLED").asInt()).isEqualTo(cancelled);
        assertThat(afterCancel.path("stages").path("QUEUED").asInt()).isZero();
        for (JsonNode image : images(batchId)) {
            String status = image.path("status").asText();
            assertThat(status).isIn("CANCELLED", "PUBLISHED", "IN_REVIEW", "RETAKE", "REJECTED");
            if ("CANCELLED".equals(status)) {
                assertThat(image.path("processInstanceKey").isMissingNode() || image.path("processInstanceKey").isNull()).isTrue();
                assertThat(api.historySteps(image.path("id").asText())).containsExactly("ingest", "batch");
            }
        }

        Response retry = api.post("manager", "/api/batches/" + batchId + "/retry");
        assertThat(retry.status()).as(retry.raw()).isEqualTo(200);
        assertThat(retry.body().path("images").asInt()).isEqualTo(cancelled);
        JsonNode afterRetry = awaitMachineDone(batchId);
        assertThat(afterRetry.path("batch").path("status").asText()).isEqualTo("OPEN");
        assertThat(afterRetry.path("stages").path("CANCELLED").asInt()).isZero();
        assertThat(afterRetry.path("total").asInt()).isEqualTo(16);
        assertThat(afterRetry.path("finished").asInt() + afterRetry.path("waitingForPeople").asInt()).isEqualTo(16);
        assertThat(afterRetry.path("imagesPerMinute").asDouble()).isPositive();
        assertThat(afterRetry.path("etaSeconds").asLong()).isZero();
        assertThat(afterRetry.path("slowest")).isNotEmpty();
    }

    @Test
    void theHotFolderTakesSettledFilesInAsABatch() throws IOException {
        List<byte[]> shots = StudioPhotos.packshots("fruits.jpg", 2);
        Files.createDirectories(hotFolder());
        Files.writeString(hotFolder().resolve(BatchIntake.MANIFEST_NAME), "file,sku,angle\nf1.jpg,FRUIT-BOWL,top\n");
        Files.write(hotFolder().resolve("f1.jpg"), shots.get(0));
        Files.write(hotFolder().resolve("FRUIT-PLATE_side.jpg"), shots.get(1));

        JsonNode[] batch = new JsonNode[1];
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode list = api.get("manager", "/api/batches").body();
            List<JsonNode> fromFolder = new ArrayList<>();
            list.forEach(b -> {
                if ("hot-folder".equals(b.path("source").asText())) {
                    fromFolder.add(b);
                }
            });
            assertThat(fromFolder).hasSize(1);
            batch[0] = fromFolder.getFirst();
        });
        JsonNode done = awaitMachineDone(batch[0].path("id").asText());
        assertThat(done.path("batch").path("accepted").asInt()).as(done.toString()).isEqualTo(2);
        assertThat(done.path("batch").path("createdBy").asText()).isEqualTo("hot-folder");
        assertThat(images(batch[0].path("id").asText())).extracting(i -> i.path("sku").asText() + "/" + i.path("angle").asText())
                .containsExactlyInAnyOrder("FRUIT-BOWL/top", "FRUIT-PLATE/side");
        try (var left = Files.list(hotFolder())) {
            assertThat(left.filter(p -> !p.getFileName().toString().startsWith("."))).as("files left in the hot folder").isEmpty();
        }
    }

    @Test
    void wrongBatchesAreRefusedWithTheirReason_andRolesApply() throws IOException {
        byte[] shot = StudioPhotos.packshots("apple.jpg", 1).getFirst();
        MultiValueMap<String, Object> badManifest = new LinkedMultiValueMap<>();
        badManifest.add("files", file("APPLE_front.jpg", shot));
        badManifest.add("manifest", file("m.csv", "name,code\n".getBytes(StandardCharsets.UTF_8)));
        assertRefused(send("photographer", badManifest), "'file' and 'sku'");
        assertRefused(sendForm("photographer", Map.of("pattern", "{sku}_{colour}.{any}"), "APPLE_front.jpg", shot), "{colour}");
        assertRefused(sendForm("photographer", Map.of("template", "no-such-template"), "APPLE_front.jpg", shot), "no-such-template");
        assertRefused(sendForm("photographer", Map.of("brand", "../etc"), "APPLE_front.jpg", shot), "brand");
        assertRefused(send("photographer", new LinkedMultiValueMap<>()), "files");
        try (var kept = Files.list(dataDir().resolve("batches").resolve(".uploads"))) {
            assertThat(kept.toList()).as("files kept for refused batches").isEmpty();
        }

        assertThat(sendForm("retoucher", Map.of(), "APPLE_front.jpg", shot).status()).isEqualTo(403);
        assertThat(sendForm(null, Map.of(), "APPLE_front.jpg", shot).status()).isEqualTo(401);
        assertThat(api.get("retoucher", "/api/batches").status()).isEqualTo(403);
        assertThat(api.get("auditor", "/api/batches").status()).isEqualTo(200);
        assertThat(api.post("auditor", "/api/batches/x/cancel").status()).isEqualTo(403);
        assertThat(api.get("auditor", "/api/batches/no-such-batch").status()).isEqualTo(404);

        // a ZIP as the request body: not a ZIP at all is one refused file, not an error
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("application/zip"));
        var raw = http.withBasicAuth("photographer", "photographer").exchange("/api/batches?filename=odd.zip",
                HttpMethod.POST, new HttpEntity<>("not a zip".getBytes(StandardCharsets.UTF_8), headers), String.class);
        assertThat(raw.getStatusCode().value()).as(raw.getBody()).isEqualTo(202);
    }

    @Test
    void theApiIsDescribedWithOpenApi() {
        Response docs = api.get("photographer", "/api/openapi.json");
        assertThat(docs.status()).as(docs.raw()).isEqualTo(200);
        assertThat(docs.body().path("paths").has("/api/batches")).as(docs.raw()).isTrue();
        assertThat(docs.body().path("paths").has("/api/batches/{id}/cancel")).isTrue();
    }

    private static void assertRefused(Response response, String reason) {
        assertThat(response.status()).as(response.raw()).isEqualTo(400);
        assertThat(response.raw()).contains(reason);
    }

    private Response sendForm(String user, Map<String, String> fields, String fileName, byte[] file) {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        fields.forEach(form::add);
        form.add("files", file(fileName, file));
        return send(user, form);
    }

    private Response send(String user, MultiValueMap<String, Object> form) {
        return api.request(user, HttpMethod.POST, "/api/batches", form, MediaType.MULTIPART_FORM_DATA);
    }

    private static ByteArrayResource file(String name, byte[] bytes) {
        return new ByteArrayResource(bytes) {
            @Override
            public String getFilename() {
                return name;
            }
        };
    }

    private JsonNode awaitMachineDone(String batchId) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(SETTLED).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Response progress = api.get("manager", "/api/batches/" + batchId);
            assertThat(progress.status()).as(progress.raw()).isEqualTo(200);
            last[0] = progress.body();
            assertThat(last[0].path("batch").path("status").asText()).isNotEqualTo("RECEIVING");
            assertThat(last[0].path("machineRemaining").asInt()).as(progress.raw()).isZero();
            assertThat(last[0].path("total").asInt()).isEqualTo(images(batchId).size());
        });
        return last[0];
    }

    private void awaitFinished(String batchId) {
        await().atMost(SETTLED).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(images(batchId))
                .allSatisfy(i -> assertThat(i.path("status").asText()).isIn("PUBLISHED", "IN_REVIEW", "RETAKE", "REJECTED")));
    }

    private List<JsonNode> images(String batchId) {
        Response images = api.get("manager", "/api/batches/" + batchId + "/images");
        assertThat(images.status()).as(images.raw()).isEqualTo(200);
        List<JsonNode> list = new ArrayList<>();
        images.body().forEach(list::add);
        return list;
    }

    private static List<String> problems(JsonNode batch) {
        List<String> problems = new ArrayList<>();
        batch.path("problems").forEach(p -> problems.add(p.toString()));
        return problems;
    }
}
