package io.studioflow.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.studioflow.testing.CuttableTcpProxy;
import io.studioflow.testing.StandaloneApp;
import io.studioflow.testing.StudioPhotos;
import io.studioflow.testing.StudioflowApi;
import io.studioflow.testing.StudioflowApi.Response;
import io.studioflow.testing.TestPhotos;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The engine away for a while (its gRPC connection cut, as a network failure or a gateway restart would cut it):
 * uploads are still accepted and wait to be started, a reviewer's decision is refused with a clear 503 and the task
 * stays theirs, the workers keep retrying, and when the engine is back everything goes on: every image published
 * once, every audit chain intact.
 */
class EngineOutageIntegrationTest {

    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void uploadsAndDecisionsDuringAnEngineOutageAreNotLost() throws Exception {
        int enginePort = StandaloneApp.freePort();
        try (CuttableTcpProxy proxy = CuttableTcpProxy.to(enginePort);
             ConfigurableApplicationContext app = StandaloneApp.start(dataDir, "--studioflow.engine.port=" + enginePort,
                     "--studioflow.engine.client-port=" + proxy.port())) {
            StudioflowApi api = StandaloneApp.api(app);
            List<String> ids = new ArrayList<>();
            // before: one image waits in review, claimed by a retoucher
            String reviewed = api.upload("photographer", "ENGINE-WALL", "brick.png", TestPhotos.bytes("brick.png"));
            ids.add(reviewed);
            String taskId = api.awaitTask("retoucher", reviewed).path("id").asText();
            assertThat(api.claim("retoucher", taskId).status()).isEqualTo(200);

            proxy.cut();
            long cutAt = System.nanoTime();
            // uploads are accepted and recorded; their flows wait for the engine
            for (int i = 0; i < 3; i++) {
                String id = api.upload("photographer", "ENGINE-AWAY-" + i, "vase.jpg",
                        StudioPhotos.packshot(List.of("coffee.png", "chelsea.png", "astronaut.png").get(i)));
                ids.add(id);
                JsonNode image = api.get("admin", "/api/images/" + id).body();
                assertThat(image.path("status").asText()).isEqualTo("CAPTURE");
                assertThat(image.hasNonNull("processInstanceKey")).as("started while the engine is away: %s", image).isFalse();
            }
            // a decision cannot reach the engine: a clear refusal, and the task is still the retoucher's
            Response refused = api.complete("retoucher", taskId, "APPROVE", "clean edges");
            assertThat(refused.status()).as(refused.raw()).isEqualTo(503);
            assertThat(refused.text("detail")).contains("process engine cannot be reached").contains("nothing was changed");
            JsonNode held = api.task("retoucher", taskId).body();
            assertThat(held.path("state").asText()).isEqualTo("OPEN");
            assertThat(held.path("assignee").asText()).isEqualTo("retoucher");
            Thread.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - cutAt) / 1_000_000));
            proxy.restore();
            long awayMs = (System.nanoTime() - cutAt) / 1_000_000;

            // back: the decision goes through, the waiting uploads start, every image ends published once
            long restored = System.nanoTime();
            Response approved = org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> api.complete("retoucher", taskId, "APPROVE", "clean edges"), r -> r.status() == 200);
            assertThat(approved.status()).isEqualTo(200);
            // the approved image is still IN_REVIEW until its publish step has run: wait for that, not for any stop
            assertThat(api.awaitStatus(reviewed, "PUBLISHED", "RETAKE", "REJECTED").path("status").asText())
                    .as("approved image %s", reviewed).isEqualTo("PUBLISHED");
            for (String id : ids) {
                assertThat(api.awaitStatus(id, "PUBLISHED", "IN_REVIEW", "RETAKE", "REJECTED").path("status").asText())
                        .as("image %s", id).isEqualTo("PUBLISHED");
            }
            long settledMs = (System.nanoTime() - restored) / 1_000_000;
            int stepEvents = RecoveryChecks.assertHistoriesClean(api, ids);
            System.out.printf("[figure] engine outage: engine away %d ms, 3 uploads accepted and a decision refused (503)"
                    + " meanwhile; all %d images published %d ms after it came back, %d step events, none twice, every"
                    + " chain intact%n", awayMs, ids.size(), settledMs, stepEvents);
        }
    }
}
