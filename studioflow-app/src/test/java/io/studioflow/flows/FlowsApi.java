package io.studioflow.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.studioflow.testing.StudioflowApi.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The flow and policy REST calls the tests make that {@code StudioflowApi} has no helper for (XML bodies, PUT). */
public final class FlowsApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestRestTemplate http;

    public FlowsApi(TestRestTemplate http) {
        this.http = http;
    }

    /** {@code user} null: no credentials. */
    public Response postXml(String user, String path, String xml) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_XML);
        return exchange(user, HttpMethod.POST, path, xml, headers);
    }

    public Response putJson(String user, String path, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return exchange(user, HttpMethod.PUT, path, body, headers);
    }

    public Response postJson(String user, String path, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return exchange(user, HttpMethod.POST, path, body, headers);
    }

    public Response post(String user, String path) {
        return exchange(user, HttpMethod.POST, path, null, new HttpHeaders());
    }

    public Response get(String user, String path) {
        return exchange(user, HttpMethod.GET, path, null, new HttpHeaders());
    }

    /** The newest deployed version of a process, as {@code GET /api/flows} lists it. */
    public int latestVersion(String processId) {
        Response list = get("manager", "/api/flows");
        if (list.status() != 200) {
            throw new AssertionError("GET /api/flows answered " + list.status() + ": " + list.raw());
        }
        for (JsonNode flow : list.body()) {
            if (flow.path("processId").asText().equals(processId)) {
                return flow.path("latestVersion").asInt();
            }
        }
        throw new AssertionError(processId + " is not listed: " + list.raw());
    }

    /** The product flow as shipped in {@code processes/}. */
    public static String productFlow() {
        return read("product-image.bpmn");
    }

    /**
     * The product flow as a process of its own ({@code processId}), whose review task photographers may take as well as
     * retouchers: what a manager deploys for a flow template's job, and how a test tells which process an image ran on.
     */
    public static String productFlowAs(String processId) {
        String xml = productFlow()
                .replace("processRef=\"product-image\"", "processRef=\"" + processId + "\"")
                .replace("<bpmn:process id=\"product-image\"", "<bpmn:process id=\"" + processId + "\"");
        int review = xml.indexOf("<bpmn:userTask id=\"review-and-retouch\"");
        String retouchers = "candidateGroups=\"retouchers\"";
        int groups = xml.indexOf(retouchers, review);
        return xml.substring(0, groups) + "candidateGroups=\"retouchers, photographers\""
                + xml.substring(groups + retouchers.length());
    }

    public static String read(String processFile) {
        Path path = Path.of("../processes", processFile);
        try {
            return Files.readString(Files.exists(path) ? path : Path.of("processes", processFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Response exchange(String user, HttpMethod method, String path, Object body, HttpHeaders headers) {
        TestRestTemplate client = user == null ? http : http.withBasicAuth(user, user);
        ResponseEntity<String> response = client.exchange(path, method, new HttpEntity<>(body, headers), String.class);
        String raw = response.getBody() == null ? "" : response.getBody();
        JsonNode json;
        try {
            json = raw.isBlank() || raw.startsWith("<") ? JSON.nullNode() : JSON.readTree(raw);
        } catch (Exception e) {
            json = JSON.nullNode();
        }
        return new Response(response.getStatusCode().value(), json, raw);
    }
}
