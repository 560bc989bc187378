package io.studioflow.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.studioflow.testing.IntegrationTest;
import io.studioflow.testing.StudioflowApi.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Only managers and admins change flows and the routing policy (acceptance 4); managers, admins and auditors
 * read them. Every write endpoint is tried as every role and without credentials. The writes that succeed
 * re-deploy what is already deployed (a no-op for the engine), so the flows other tests run are unchanged.
 */
class FlowRolesIntegrationTest extends IntegrationTest {

    private static final List<String> CANNOT_CHANGE = List.of("retoucher", "photographer", "auditor");
    private static final List<String> CAN_CHANGE = List.of("manager", "admin");

    private FlowsApi flows;

    @BeforeEach
    void flowsApi() {
        flows = new FlowsApi(http);
    }

    @Test
    void onlyManagersAndAdminsDeployFlowsRollBackAndDeployPolicies() {
        String flow = flows.get("admin", "/api/flows/product-image/versions/" + latest("product-image")).raw();
        Response currentPolicy = flows.get("admin", "/api/policy");
        Map<String, Object> policy = Map.of("rows", currentPolicy.body().path("rows"));
        int policyVersionBefore = latest("review-routing");

        Map<String, Function<String, Response>> writes = Map.of(
                "POST /api/flows", user -> flows.postXml(user, "/api/flows", flow),
                "POST /api/flows/validate", user -> flows.postXml(user, "/api/flows/validate", flow),
                "POST /api/flows/{id}/versions/{v}/rollback", user -> flows.post(user,
                        "/api/flows/product-image/versions/" + latest("product-image") + "/rollback"),
                "PUT /api/policy", user -> flows.putJson(user, "/api/policy", policy));
        try {
            List<String> outcomes = new ArrayList<>();
            writes.forEach((endpoint, call) -> {
                for (String user : CANNOT_CHANGE) {
                    outcomes.add(endpoint + " as " + user + ": " + call.apply(user).status());
                }
                outcomes.add(endpoint + " anonymous: " + call.apply(null).status());
                for (String user : CAN_CHANGE) {
                    int status = call.apply(user).status();
                    outcomes.add(endpoint + " as " + user + ": " + (status >= 200 && status < 300 ? "2xx" : status));
                }
            });

            List<String> expected = new ArrayList<>();
            writes.keySet().forEach(endpoint -> {
                CANNOT_CHANGE.forEach(user -> expected.add(endpoint + " as " + user + ": 403"));
                expected.add(endpoint + " anonymous: 401");
                CAN_CHANGE.forEach(user -> expected.add(endpoint + " as " + user + ": 2xx"));
            });
            assertThat(outcomes).containsExactlyInAnyOrderElementsOf(expected);
        } finally {
            // the policy PUT wrote the decision in the editor's format: put back the exact shipped decision
            if (latest("review-routing") != policyVersionBefore) {
                Response restored = flows.post("admin", "/api/flows/review-routing/versions/" + policyVersionBefore + "/rollback");
                assertThat(restored.status()).as(restored.raw()).isIn(200, 201);
            }
        }
    }

    @Test
    void managersAdminsAndAuditorsReadFlowsAndPolicy() {
        List<String> reads = List.of("/api/flows", "/api/flows/catalog", "/api/flows/product-image/versions",
                "/api/flows/product-image/versions/1", "/api/flows/product-image/diff?from=1&to=1", "/api/policy");
        for (String path : reads) {
            for (String user : List.of("manager", "admin", "auditor")) {
                assertThat(flows.get(user, path).status()).as(path + " as " + user).isEqualTo(200);
            }
            for (String user : List.of("retoucher", "photographer")) {
                assertThat(flows.get(user, path).status()).as(path + " as " + user).isEqualTo(403);
            }
            assertThat(flows.get(null, path).status()).as(path + " anonymous").isEqualTo(401);
        }
        Map<String, Object> whatIf = Map.of("rows", flows.get("admin", "/api/policy").body().path("rows"), "last", 5);
        for (String user : List.of("manager", "admin", "auditor")) {
            assertThat(flows.postJson(user, "/api/policy/what-if", whatIf).status()).as("what-if as " + user).isEqualTo(200);
        }
        for (String user : List.of("retoucher", "photographer")) {
            assertThat(flows.postJson(user, "/api/policy/what-if", whatIf).status()).as("what-if as " + user).isEqualTo(403);
        }
        assertThat(flows.postJson(null, "/api/policy/what-if", whatIf).status()).isEqualTo(401);
    }

    @Test
    void catalogListsTheWorkersJobTypesAndTheGroups() {
        JsonNode catalog = flows.get("manager", "/api/flows/catalog").body();
        assertThat(catalog.path("jobTypes").toString()).isEqualTo(
                "[\"capture-qc\",\"compose\",\"correct-colour\",\"publish\",\"remove-background\"]");
        assertThat(catalog.path("candidateGroups").toString()).isEqualTo("[\"photographers\",\"retouchers\"]");
    }

    private int latest(String resourceId) {
        Response list = flows.get("admin", "/api/flows?kind=ALL");
        assertThat(list.status()).as(list.raw()).isEqualTo(200);
        for (JsonNode flow : list.body()) {
            if (flow.path("processId").asText().equals(resourceId)) {
                return flow.path("latestVersion").asInt();
            }
        }
        throw new AssertionError(resourceId + " is not listed: " + list.raw());
    }
}
