package io.studioflow.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import io.studioflow.testing.IntegrationTest;
import io.studioflow.testing.StudioflowApi.Response;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Nobody edits or deletes an audit event: per role (and without signing in), every write method on every
 * audit path is refused; only GET is mapped on them; the audit code only ever creates documents.
 */
class AuditAccessIntegrationTest extends IntegrationTest {

    private static final List<String> USERS = Arrays.asList("retoucher", "photographer", "manager", "auditor", "admin", null);
    private static final Set<String> READERS = Set.of("manager", "auditor", "admin");
    private static final List<HttpMethod> WRITES = List.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    private final String imageId = UUID.randomUUID().toString();

    private List<String> auditPaths() {
        return List.of("/api/audit", "/api/audit/figures", "/api/audit/export?batch=b1", "/api/audit/" + imageId,
                "/api/images/" + imageId + "/history", "/api/images/" + imageId + "/history/verify",
                "/api/images/" + imageId + "/history.json", "/api/images/" + imageId + "/history.csv",
                "/api/images/" + imageId + "/history/" + imageId + ":ingest");
    }

    @Test
    void everyWriteMethodOnEveryAuditPathIsRefusedForEveryRole() {
        List<String> accepted = new ArrayList<>();
        int tried = 0;
        for (String user : USERS) {
            for (String path : auditPaths()) {
                for (HttpMethod method : WRITES) {
                    int status = send(user, method, path);
                    tried++;
                    if (status != 401 && status != 403 && status != 405) {
                        accepted.add(method + " " + path + " as " + (user == null ? "anonymous" : user) + " -> " + status);
                    }
                    if (user == null) {
                        assertThat(status).as("%s %s anonymous", method, path).isEqualTo(401);
                    }
                }
            }
        }
        assertThat(accepted).as("write requests that were not refused").isEmpty();
        assertThat(tried).isEqualTo(USERS.size() * auditPaths().size() * WRITES.size());
    }

    @Test
    void auditorsManagersAndAdminsReadOthersAreRefused() {
        for (String user : USERS) {
            Response search = api.get(user, "/api/audit?sku=nothing-" + imageId);
            Response history = api.get(user, "/api/images/" + imageId + "/history");
            if (user == null) {
                assertThat(search.status()).isEqualTo(401);
                assertThat(history.status()).isEqualTo(401);
            } else if (READERS.contains(user)) {
                assertThat(search.status()).as(user + " " + search.raw()).isEqualTo(200);
                assertThat(search.body().path("total").asInt()).isZero();
                assertThat(history.status()).as("%s: unknown image", user).isEqualTo(404);
            } else {
                assertThat(search.status()).as(user).isEqualTo(403);
                assertThat(history.status()).as(user).isEqualTo(403);
            }
        }
    }

    @Test
    void onlyGetIsMappedOnAuditPaths() {
        List<String> auditMappings = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, ?> entry : mappings.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = entry.getKey();
            Set<String> patterns = info.getPatternValues();
            if (patterns.stream().anyMatch(p -> p.startsWith("/api/audit") || p.contains("/history"))) {
                auditMappings.add(patterns + " " + info.getMethodsCondition().getMethods());
                assertThat(info.getMethodsCondition().getMethods()).as(patterns.toString()).containsExactly(RequestMethod.GET);
            }
        }
        assertThat(auditMappings).hasSizeGreaterThanOrEqualTo(7);
    }

    @Test
    void theAuditCodeOnlyEverCreatesDocuments() throws IOException {
        for (Method method : AuditLog.class.getDeclaredMethods()) {
            if (Modifier.isPublic(method.getModifiers())) {
                assertThat(method.getName()).as("public AuditLog methods").isIn("record", "recordFirst", "history", "verify", "outboxDepth");
            }
        }
        // no update, delete or (overwriting) index request anywhere in the audit package, bulk included
        Pattern writes = Pattern.compile("\\.(update|delete|deleteByQuery|updateByQuery|index)\\s*\\(\\s*[a-z]\\w*\\s*->");
        Path sources = Path.of(System.getProperty("studioflow.root", ".."), "studioflow-app/src/main/java/io/studioflow/audit");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            assertThat(writes.matcher(Files.readString(file)).find()).as("%s writes other than create", file).isFalse();
        }
        assertThat(Files.readString(sources.resolve("AuditDeliverer.java"))).contains("b.create(");
    }

    private int send(String user, HttpMethod method, String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        var client = user == null ? http : http.withBasicAuth(user, user);
        return client.exchange(path, method, new HttpEntity<>("{\"decision\":\"APPROVE\"}", headers), String.class)
                .getStatusCode().value();
    }
}
