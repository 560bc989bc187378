package io.studioflow.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.studioflow.testing.IntegrationTest;
import io.studioflow.testing.StudioflowApi.Response;
import io.studioflow.testing.TestPhotos;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every REST endpoint the app really maps (read from Spring MVC, so a new endpoint cannot be forgotten) against
 * every role and an anonymous caller. Anonymous callers get 401; a role outside the endpoint's row gets 403; a role
 * inside it gets past security (any answer but 401/403, and no server error). The task endpoints are called on a real
 * review task held by someone outside the matrix (retoucher2), so their checks run to the end (403 for a group that is
 * not the task's, 409 for one that is but does not hold it) and nothing is decided. Elsewhere requests carry a
 * malformed body, so an allowed call is refused as a bad request rather than changing anything.
 */
class AccessMatrixIntegrationTest extends IntegrationTest {

    private static final Set<Role> EVERYONE = EnumSet.allOf(Role.class);
    private static final Set<Role> WORKERS = EnumSet.of(Role.RETOUCHER, Role.PHOTOGRAPHER, Role.MANAGER, Role.ADMIN);
    private static final Set<Role> AUDIT_READERS = EnumSet.of(Role.AUDITOR, Role.MANAGER, Role.ADMIN);
    private static final Set<Role> FLOW_READERS = EnumSet.of(Role.MANAGER, Role.ADMIN, Role.AUDITOR);
    private static final Set<Role> MANAGERS = EnumSet.of(Role.MANAGER, Role.ADMIN);
    private static final Set<Role> BATCH_SENDERS = EnumSet.of(Role.PHOTOGRAPHER, Role.MANAGER, Role.ADMIN);
    private static final Set<Role> BATCH_READERS = EnumSet.of(Role.PHOTOGRAPHER, Role.MANAGER, Role.ADMIN, Role.AUDITOR);
    /** The roles in the review task's group ({@code retouchers}); a photographer is in another group. */
    private static final Set<Role> REVIEWERS = EnumSet.of(Role.RETOUCHER, Role.MANAGER, Role.ADMIN);

    /** Who may call what: one row per mapped endpoint ("METHOD pattern"). */
    private static final Map<String, Set<Role>> ALLOWED = new LinkedHashMap<>();

    static {
        ALLOWED.put("POST /api/images", EnumSet.of(Role.PHOTOGRAPHER, Role.MANAGER, Role.ADMIN));
        ALLOWED.put("GET /api/images/{id}", EVERYONE);
        ALLOWED.put("GET /api/images/{id}/history", AUDIT_READERS);
        ALLOWED.put("GET /api/images/{id}/history/verify", AUDIT_READERS);
        ALLOWED.put("GET /api/images/{id}/history.json", AUDIT_READERS);
        ALLOWED.put("GET /api/images/{id}/history.csv", AUDIT_READERS);
        ALLOWED.put("GET /api/audit", AUDIT_READERS);
        ALLOWED.put("GET /api/audit/figures", AUDIT_READERS);
        ALLOWED.put("GET /api/audit/export", AUDIT_READERS);
        ALLOWED.put("GET /api/dashboard", AUDIT_READERS);
        ALLOWED.put("GET /api/tasks", WORKERS);
        ALLOWED.put("GET /api/tasks/search", WORKERS);
        ALLOWED.put("GET /api/tasks/team-queue", MANAGERS);
        ALLOWED.put("GET /api/tasks/{id}", REVIEWERS);
        ALLOWED.put("POST /api/tasks/{id}/assign", MANAGERS);
        ALLOWED.put("POST /api/tasks/{id}/comments", REVIEWERS);
        ALLOWED.put("POST /api/tasks/{id}/versions", REVIEWERS);
        ALLOWED.put("POST /api/tasks/{id}/reprocess", REVIEWERS);
        ALLOWED.put("POST /api/tasks/bulk-approve", WORKERS);
        ALLOWED.put("POST /api/tasks/{id}/claim", REVIEWERS);
        ALLOWED.put("POST /api/tasks/{id}/unclaim", REVIEWERS);
        ALLOWED.put("POST /api/tasks/{id}/complete", REVIEWERS);
        ALLOWED.put("GET /api/flows", FLOW_READERS);
        ALLOWED.put("GET /api/flows/catalog", FLOW_READERS);
        ALLOWED.put("POST /api/flows", MANAGERS);
        ALLOWED.put("POST /api/flows/validate", MANAGERS);
        ALLOWED.put("GET /api/flows/{processId}/versions", FLOW_READERS);
        ALLOWED.put("GET /api/flows/{processId}/versions/{version}", FLOW_READERS);
        ALLOWED.put("GET /api/flows/{processId}/diff", FLOW_READERS);
        ALLOWED.put("POST /api/flows/{processId}/versions/{version}/rollback", MANAGERS);
        ALLOWED.put("GET /api/policy", FLOW_READERS);
        ALLOWED.put("PUT /api/policy", MANAGERS);
        ALLOWED.put("POST /api/policy/what-if", FLOW_READERS);
        ALLOWED.put("GET /api/presets", EVERYONE);
        ALLOWED.put("GET /api/presets/{id}", EVERYONE);
        ALLOWED.put("PUT /api/presets/{id}", MANAGERS);
        ALLOWED.put("GET /api/flow-templates", EVERYONE);
        ALLOWED.put("GET /api/flow-templates/{id}", EVERYONE);
        ALLOWED.put("PUT /api/flow-templates/{id}", MANAGERS);
        ALLOWED.put("POST /api/batches", BATCH_SENDERS);
        ALLOWED.put("GET /api/batches", BATCH_READERS);
        ALLOWED.put("GET /api/batches/{id}", BATCH_READERS);
        ALLOWED.put("GET /api/batches/{id}/images", BATCH_READERS);
        ALLOWED.put("GET /api/batches/{id}/export.zip", BATCH_READERS);
        ALLOWED.put("GET /api/batches/{id}/export.csv", BATCH_READERS);
        ALLOWED.put("POST /api/batches/{id}/cancel", BATCH_SENDERS);
        ALLOWED.put("POST /api/batches/{id}/retry", BATCH_SENDERS);
    }

    /** A request to one mapped endpoint. */
    private record Endpoint(String method, String pattern, MediaType consumes) {
        String key() {
            return method + " " + pattern;
        }
    }

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mapping;

    @Test
    void everyEndpointAgainstEveryRoleAndAnAnonymousCaller() {
        List<Endpoint> endpoints = mappedEndpoints();
        Set<String> mapped = new TreeSet<>();
        endpoints.forEach(e -> mapped.add(e.key()));
        assertThat(mapped).as("every mapped endpoint has a row in the matrix (and every row an endpoint)")
                .containsExactlyInAnyOrderElementsOf(ALLOWED.keySet());

        // a real image in review and its task, so that checks behind a lookup are reached
        String imageId = api.upload("photographer", "ACL-" + UUID.randomUUID().toString().substring(0, 8), "acl", 50,
                "brick.png", TestPhotos.bytes("brick.png"));
        api.awaitStatus(imageId, "IN_REVIEW");
        String taskId = api.awaitTask("manager", imageId).path("id").asText();
        Response assigned = api.assign("manager", taskId, "retoucher2");
        assertThat(assigned.status()).as(assigned.raw()).isEqualTo(200);

        List<String> wrong = new ArrayList<>();
        int calls = 0;
        for (Endpoint endpoint : endpoints) {
            String path = endpoint.pattern().replace("{id}", endpoint.pattern().startsWith("/api/tasks") ? taskId : imageId)
                    .replace("{processId}", "product-image").replace("{version}", "99999");
            if (path.endsWith("/diff")) {
                path += "?from=1&to=1";
            }
            Response anonymous = call(null, endpoint, path);
            calls++;
            if (anonymous.status() != 401) {
                wrong.add(endpoint.key() + " anonymous: " + anonymous.status() + " (expected 401)");
            }
            for (Role role : Role.values()) {
                String user = role.name().toLowerCase();
                Response response = call(user, endpoint, path);
                calls++;
                boolean allowed = ALLOWED.get(endpoint.key()).contains(role);
                int status = response.status();
                if (allowed && (status == 401 || status == 403 || status >= 500)) {
                    wrong.add(endpoint.key() + " as " + user + ": " + status + " (expected past security) " + response.raw());
                } else if (!allowed && status != 403) {
                    wrong.add(endpoint.key() + " as " + user + ": " + status + " (expected 403)");
                }
            }
        }
        assertThat(wrong).as("access matrix violations").isEmpty();
        System.out.printf("[figure] access matrix: %d endpoints x (%d roles + anonymous) = %d calls, all as expected%n",
                endpoints.size(), Role.values().length, calls);
    }

    private Response call(String user, Endpoint endpoint, String path) {
        HttpMethod method = HttpMethod.valueOf(endpoint.method());
        String pattern = endpoint.pattern();
        if (method == HttpMethod.GET) {
            return api.request(user, method, path, null, null);
        }
        // well-formed bodies where the service's own checks come after reading it: the task is held by retoucher2
        switch (pattern) {
            case "/api/tasks/{id}/assign":
                return api.request(user, method, path, Map.of("assignee", "retoucher2"), MediaType.APPLICATION_JSON);
            case "/api/tasks/{id}/comments":
                return api.request(user, method, path, Map.of("text", "access matrix check"), MediaType.APPLICATION_JSON);
            case "/api/tasks/{id}/reprocess":
                return api.request(user, method, path, Map.of("reason", "access matrix check", "fillRatio", 0.8),
                        MediaType.APPLICATION_JSON);
            case "/api/tasks/{id}/complete":
                return api.request(user, method, path, Map.of("decision", "APPROVE"), MediaType.APPLICATION_JSON);
            case "/api/tasks/{id}/versions":
                return api.postMultipart(user, path, Map.of(), "retouched.jpg", "not a photo".getBytes());
            case "/api/tasks/{id}/claim", "/api/tasks/{id}/unclaim", "/api/flows/{processId}/versions/{version}/rollback":
                return api.request(user, method, path, null, null);
            default:
                break;
        }
        MediaType type = endpoint.consumes();
        if (type == null || MediaType.APPLICATION_JSON.includes(type)) {
            return api.request(user, method, path, "{not json", MediaType.APPLICATION_JSON);
        }
        if (MediaType.MULTIPART_FORM_DATA.includes(type)) {
            LinkedMultiValueMap<String, Object> noFile = new LinkedMultiValueMap<>();
            noFile.add("note", "no file");
            return api.request(user, method, path, noFile, MediaType.MULTIPART_FORM_DATA);
        }
        if (MediaType.parseMediaType("application/zip").includes(type)) {
            return api.request(user, method, path, new byte[0], type); // an empty archive
        }
        return api.request(user, method, path, "<definitions", type); // malformed XML
    }

    /** One entry per method and pattern of the app's own controllers, with the first content type it accepts. */
    private List<Endpoint> mappedEndpoints() {
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mapping.getHandlerMethods().entrySet()) {
            if (!entry.getValue().getBeanType().getPackageName().startsWith("io.studioflow")) {
                continue;
            }
            RequestMappingInfo info = entry.getKey();
            Set<MediaType> consumes = info.getConsumesCondition().getConsumableMediaTypes();
            MediaType first = consumes.isEmpty() ? null : consumes.iterator().next();
            for (String pattern : info.getPatternValues()) {
                for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                    Endpoint endpoint = new Endpoint(method.name(), pattern, first);
                    endpoints.putIfAbsent(endpoint.key() + " " + first, endpoint);
                }
            }
        }
        return endpoints.values().stream().sorted(Comparator.comparing(Endpoint::key)).toList();
    }
}
