package io.studioflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.studioflow.flows.FlowsApi;
import io.studioflow.testing.StandaloneApp;
import io.studioflow.testing.StudioPhotos;
import io.studioflow.testing.StudioflowApi;
import io.studioflow.testing.StudioflowApi.Response;
import io.studioflow.testing.TestPhotos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/** Assets, renditions and the audit trail outlive the application: a restart finds them all. */
class RestartIntegrationTest {

    @TempDir
    Path dataDir;

    /**
     * Also a manager's own process, deployed beside the shipped ones for a flow template: the embedded engine forgets
     * it in a restart, and Studioflow deploys it again, so an upload naming the template still runs on it.
     */
    @Test
    void publishedImageItsHistoryAndAManagersOwnFlowSurviveARestart() throws Exception {
        String id;
        JsonNode before;
        List<String> historyBefore;
        try (ConfigurableApplicationContext app = start()) {
            StudioflowApi api = api(app);
            id = api.upload("photographer", "VASE-RESTART", "vase.jpg", StudioPhotos.packshot("coffee.png"));
            Response deployed = api.request("manager", HttpMethod.POST, "/api/flows",
                    FlowsApi.productFlowAs("jewellery-restart"), MediaType.APPLICATION_XML);
            assertThat(deployed.status()).as(deployed.raw()).isEqualTo(201);
            Response template = api.request("manager", HttpMethod.PUT, "/api/flow-templates/jewellery-restart",
                    Map.of("label", "Jewellery", "processId", "jewellery-restart"), MediaType.APPLICATION_JSON);
            assertThat(template.status()).as(template.raw()).isEqualTo(201);
            before = api.awaitStatus(id, "PUBLISHED", "IN_REVIEW");
            assertThat(before.path("status").asText()).isEqualTo("PUBLISHED");
            historyBefore = eventIds(api, id);
        }

        try (ConfigurableApplicationContext app = start()) {
            StudioflowApi api = api(app);
            JsonNode after = api.get("auditor", "/api/images/" + id).body();
            assertThat(after.path("status").asText()).isEqualTo("PUBLISHED");
            assertThat(after.path("renditions")).isEqualTo(before.path("renditions"));
            assertThat(after.path("scores")).isEqualTo(before.path("scores"));
            assertThat(eventIds(api, id)).isEqualTo(historyBefore);
            Path published = dataDir.resolve("published").resolve(after.path("renditions").get(0).path("path").asText());
            assertThat(Files.size(published)).isPositive();
            // brick.png goes to review; on the template's process photographers may take the task too
            Response upload = api.postMultipart("photographer", "/api/images", Map.of("sku", "RING-RESTART",
                    "template", "jewellery-restart"), "brick.png", TestPhotos.bytes("brick.png"));
            assertThat(upload.status()).as(upload.raw()).isEqualTo(202);
            JsonNode task = api.awaitTask("photographer", upload.text("id"));
            assertThat(task.path("candidateGroups").toString()).contains("photographers");
        }
    }

    private ConfigurableApplicationContext start() {
        return StandaloneApp.start(dataDir);
    }

    private static StudioflowApi api(ConfigurableApplicationContext app) {
        return StandaloneApp.api(app);
    }

    private static List<String> eventIds(StudioflowApi api, String id) {
        List<String> ids = new ArrayList<>();
        api.get("auditor", "/api/images/" + id + "/history").body().forEach(e -> ids.add(e.path("id").asText()));
        assertThat(ids).isNotEmpty();
        return ids;
    }
}
