package io.studioflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.studioflow.testing.StudioPhotos;
import io.studioflow.testing.StandaloneApp;
import io.studioflow.testing.StudioflowApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** Assets, renditions and the audit trail outlive the application: a restart finds them all. */
class RestartIntegrationTest {

    @TempDir
    Path dataDir;

    @Test
    void publishedImageAndItsHistorySurviveARestart() throws Exception {
        String id;
        JsonNode before;
        List<String> historyBefore;
        try (ConfigurableApplicationContext app = start()) {
            StudioflowApi api = api(app);
            id = api.upload("photographer", "VASE-RESTART", "vase.jpg", StudioPhotos.packshot("coffee.png"));
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
