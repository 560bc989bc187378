package io.studioflow.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

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

    /** An upload with a brand and an inbox priority (null for the default). */
    public String upload(String user, String sku, String brand, Integer priority, String fileName, byte[] photo) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("sku", sku);
        fields.put("brand", brand);
        if (priority != null) {
            fields.put("priority", priority.toString());
        }
        Response response = postMultipart(user, "/api/images", fields, fileName, photo);
        assertThat(response.status()).as(response.raw()).isEqualTo(202);
        return response.text("id");
    }

    /**
     * One page of the user's inbox: GET /api/tasks/search with these query parameters (scope, brand,
     * preset, check, minConfidence, maxConfidence, sku, sort, offset, limit); null values are left out.
     */
    public Response search(String user, Map<String, ?> parameters) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/api/tasks/search");
        parameters.forEach((name, value) -> {
            if (value != null) {
                uri.queryParam(name, value);
            }
        });
        // the rest template encodes the query once: plain values here
        return get(user, uri.build().toUriString());
    }

    /** The ids of one inbox page, in the order the server gave them; fails unless the search answered 200. */
    public List<String> searchIds(String user, Map<String, ?> parameters) {
        Response page = search(user, parameters);
        assertThat(page.status()).as(page.raw()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        page.body().path("items").forEach(t -> ids.add(t.path("id").asText()));
        return ids;
    }

    public Response task(String user, String taskId) {
        return get(user, "/api/tasks/" + taskId);
    }

    public Response claim(String user, String taskId) {
        return post(user, "/api/tasks/" + taskId + "/claim");
    }

    public Response assign(String user, String taskId, String assignee) {
        return postJson(user, "/api/tasks/" + taskId + "/assign", Collections.singletonMap("assignee", assignee));
    }

    public Response comment(String user, String taskId, String text) {
        return postJson(user, "/api/tasks/" + taskId + "/comments", Collections.singletonMap("text", text));
    }

    /** A retouched file kept as the task's newest version. */
    public Response addVersion(String user, String taskId, String fileName, byte[] file) {
        return postMultipart(user, "/api/tasks/" + taskId + "/versions", Map.of(), fileName, file);
    }

    /** Completes a task without a file: a decision and an optional comment. */
    public Response complete(String user, String taskId, String decision, String comment) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("decision", decision);
        if (comment != null) {
            body.put("comment", comment);
        }
        return postJson(user, "/api/tasks/" + taskId + "/complete", body);
    }

    /** Sends a review back to be composed with other settings: reason, fillRatio, shadow, alphaThreshold. */
    public Response reprocess(String user, String taskId, Map<String, ?> request) {
        return postJson(user, "/api/tasks/" + taskId + "/reprocess", request);
    }

    public Response bulkApprove(String user, List<String> taskIds, String comment) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("taskIds", taskIds);
        body.put("comment", comment);
        return postJson(user, "/api/tasks/bulk-approve", body);
    }

    /** The image's audit events, oldest first, as the auditor reads them. */
    public List<JsonNode> history(String imageId) {
        Response history = get("auditor", "/api/images/" + imageId + "/history");
        assertThat(history.status()).as(history.raw()).isEqualTo(200);
        List<JsonNode> events = new ArrayList<>();
        history.body().forEach(events::add);
        return events;
    }

    /** Waits for an open task of this image, visible to the user, that matches the condition. */
    public JsonNode awaitTask(String user, String imageId, Predicate<JsonNode> condition) {
        JsonNode[] task = new JsonNode[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Response tasks = get(user, "/api/tasks");
            assertThat(tasks.status()).as(tasks.raw()).isEqualTo(200);
            List<JsonNode> matching = new ArrayList<>();
            tasks.body().forEach(t -> {
                if (imageId.equals(t.path("imageId").asText()) && condition.test(t)) {
                    matching.add(t);
                }
            });
            assertThat(matching).as("open tasks of image %s for %s", imageId, user).hasSize(1);
            task[0] = matching.getFirst();
        });
        return task[0];
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

    /** Any request; {@code user} null is an anonymous caller. */
    public Response request(String user, HttpMethod method, String path, Object body, MediaType contentType) {
        HttpHeaders headers = new HttpHeaders();
        if (contentType != null) {
            headers.setContentType(contentType);
        }
        return exchange(user, method, path, body, headers);
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
