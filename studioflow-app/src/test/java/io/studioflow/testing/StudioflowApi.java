package io.studioflow.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** The REST API as a user of it sees it: HTTP Basic as one of the dev users, JSON answers. */
public final class StudioflowApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestRestTemplate http;

    public StudioflowApi(TestRestTemplate http) {
        this.http = http;
    }

    public record Response(int status, JsonNode body, String raw) {
        public String text(String field) {
            return body.path(field).asText();
        }
    }

    /** Each dev user's password is their name. */
    public Response get(String user, String path) {
        return exchange(user, HttpMethod.GET, path, null, null);
    }

    public Response postJson(String user, String path, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return exchange(user, HttpMethod.POST, path, body, headers);
    }

    public Response post(String user, String path) {
        return exchange(user, HttpMethod.POST, path, null, null);
    }

    public Response postMultipart(String user, String path, Map<String, String> fields, String fileName, byte[] file) {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        fields.forEach(form::add);
        if (file != null) {
            form.add("file", new ByteArrayResource(file) {
                @Override
                public String getFilename() {
                    return fileName;
                }
            });
        }
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        return exchange(user, HttpMethod.POST, path, form, headers);
    }

    public String upload(String user, String sku, String fileName, byte[] photo) {
        Response response = postMultipart(user, "/api/images", Map.of("sku", sku, "brand", "acme"), fileName, photo);
        assertThat(response.status()).as(response.raw()).isEqualTo(202);
        return response.text("id");
    }

    /** Waits until the image reaches one of the statuses and returns its JSON. */
    public JsonNode awaitStatus(String imageId, String... statuses) {
        List<String> wanted = Arrays.asList(statuses);
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Response image = get("admin", "/api/images/" + imageId);
            last[0] = image.body();
            assertThat(image.text("status")).as(image.raw()).isIn(wanted);
        });
        return last[0];
    }

    /** The open task of this image that the user can see, waiting for it to appear. */
    public JsonNode awaitTask(String user, String imageId) {
        JsonNode[] task = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Response tasks = get(user, "/api/tasks");
            assertThat(tasks.status()).as(tasks.raw()).isEqualTo(200);
            List<JsonNode> mine = new ArrayList<>();
            tasks.body().forEach(t -> {
                if (imageId.equals(t.path("imageId").asText())) {
                    mine.add(t);
                }
            });
            assertThat(mine).as("open tasks of image %s for %s", imageId, user).hasSize(1);
            task[0] = mine.getFirst();
        });
        return task[0];
    }

    public List<String> historySteps(String imageId) {
        List<String> steps = new ArrayList<>();
        get("auditor", "/api/images/" + imageId + "/history").body().forEach(e -> steps.add(e.path("step").asText()));
        return steps;
    }

    private Response exchange(String user, HttpMethod method, String path, Object body, HttpHeaders headers) {
        TestRestTemplate client = user == null ? http : http.withBasicAuth(user, user);
        ResponseEntity<String> response = client.exchange(path, method, new HttpEntity<>(body, headers == null ? new HttpHeaders() : headers), String.class);
        String raw = response.getBody() == null ? "" : response.getBody();
        JsonNode json;
        try {
            json = raw.isBlank() ? JSON.nullNode() : JSON.readTree(raw);
        } catch (Exception e) {
            json = JSON.nullNode();
        }
        return new Response(response.getStatusCode().value(), json, raw);
    }
}
