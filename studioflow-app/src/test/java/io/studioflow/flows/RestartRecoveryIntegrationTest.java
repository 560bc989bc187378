package io.studioflow.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.studioflow.testing.StudioPhotos;
import io.studioflow.testing.StandaloneApp;
import io.studioflow.testing.StudioflowApi;
import io.studioflow.testing.StudioflowApi.Response;
import io.studioflow.testing.TestPhotos;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The embedded engine forgets every instance when the application stops. Stopped mid-batch and started again on
 * the same data directory, every unfinished image resumes: it reaches PUBLISHED or an inbox task, the tasks people
 * held keep their holder, decisions already taken are not asked again, nothing is published twice and no step is
 * recorded twice.
 */
class RestartRecoveryIntegrationTest {

    private static final List<String> TEXTURES = List.of("coffee.png", "chelsea.png", "astronaut.png", "rocket.jpg",
            "apple.jpg", "orange.jpg", "fruits.jpg", "baboon.jpg", "butterfly.jpg");

    @TempDir
    Path dataDir;

    @Test
    void everyUnfinishedImageResumesWhereItWasAfterARestart() {
        List<String> ids = new ArrayList<>();
        String claimed;
        String claimedTaskId;
        String reprocessed;
        String reprocessedTaskId;
        String retake;
        Map<String, String> statusAtStop = new LinkedHashMap<>();
        try (ConfigurableApplicationContext app = start()) {
            StudioflowApi api = api(app);
            // real photos off a studio backdrop go to a retoucher; a blurred packshot back to the photographer
            claimed = api.upload("photographer", "RR-WALL-1", "brick.png", TestPhotos.bytes("brick.png"));
            reprocessed = api.upload("photographer", "RR-WALL-2", "brick.png", TestPhotos.bytes("brick.png"));
            retake = api.upload("photographer", "RR-BLUR-1", "blurred.jpg", StudioPhotos.blurredPackshot("coffee.png"));
            ids.addAll(List.of(claimed, reprocessed, retake));

            claimedTaskId = api.awaitTask("retoucher", claimed).path("id").asText();
            assertThat(api.claim("retoucher", claimedTaskId).status()).isEqualTo(200);
            assertThat(api.comment("retoucher", claimedTaskId, "looking at the joints").status()).isBetween(200, 204);

            // a decision taken before the stop: composed again with other settings, back to the same person
            String firstTask = api.awaitTask("retoucher2", reprocessed).path("id").asText();
            assertThat(api.claim("retoucher2", firstTask).status()).isEqualTo(200);
            Response reprocess = api.reprocess("retoucher2", firstTask, Map.of("reason", "more air around it", "fillRatio", 0.7));
            assertThat(reprocess.status()).as(reprocess.raw()).isEqualTo(200);

            for (int i = 0; i < TEXTURES.size(); i++) {
                ids.add(api.upload("photographer", "RR-PACK-" + i, "pack-" + i + ".jpg", StudioPhotos.packshot(TEXTURES.get(i))));
            }
            reprocessedTaskId = api.awaitTask("retoucher2", reprocessed,
                    t -> !t.path("id").asText().equals(firstTask)).path("id").asText();
            api.awaitTask("photographer", retake);
            // stop mid-batch: a few packshots through, the rest on their way
            List<String> packshots = ids.subList(3, ids.size());
            await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(200)).until(() ->
                    packshots.stream().filter(id -> "PUBLISHED".equals(api.get("admin", "/api/images/" + id).text("status"))).count() >= 2);
            ids.forEach(id -> statusAtStop.put(id, api.get("admin", "/api/images/" + id).text("status")));
        }
        long unfinishedAtStop = statusAtStop.values().stream().filter(s -> !s.equals("PUBLISHED") && !s.equals("REJECTED")).count();

        long restarted = System.nanoTime();
        try (ConfigurableApplicationContext app = start()) {
            long startMs = (System.nanoTime() - restarted) / 1_000_000;
            StudioflowApi api = api(app);
            String run = app.getBean(EngineRun.class).id();
            int resumed = app.getBean(FlowRecovery.class).resumedCount();
            assertThat(resumed).as("images resumed, of %s at the stop", statusAtStop).isGreaterThanOrEqualTo((int) unfinishedAtStop - 1)
                    .isPositive();

            // every image is published or waits in an inbox, on a task of this engine run, once
            Predicate<JsonNode> ofThisRun = t -> run.equals(t.path("engineRun").asText());
            Map<String, JsonNode> openTask = RecoveryChecks.awaitSettled(api, ids, Duration.ofSeconds(300), ofThisRun);
            long wallMs = (System.nanoTime() - restarted) / 1_000_000;

            JsonNode held = openTask.get(claimed);
            assertThat(held.path("id").asText()).as("the claimed task is taken over, not opened again").isEqualTo(claimedTaskId);
            assertThat(held.path("assignee").asText()).isEqualTo("retoucher");
            JsonNode again = openTask.get(reprocessed);
            assertThat(again.path("id").asText()).as("the reprocess decision is replayed, not asked again").isEqualTo(reprocessedTaskId);
            assertThat(again.path("assignee").asText()).isEqualTo("retoucher2");
            assertThat(openTask.get(retake).path("kind").asText()).isEqualTo("RETAKE");

            // the adopted task completes the new instance's job
            assertThat(api.complete("retoucher", claimedTaskId, "APPROVE", "fine after all").status()).isEqualTo(200);
            api.awaitStatus(claimed, "PUBLISHED");

            int stepEvents = RecoveryChecks.assertHistoriesClean(api, ids);
            long reused = app.getBean(StepReuse.class).reusedCount();
            assertThat(reused).as("steps returned from what was kept").isPositive();
            System.out.printf("[figure] restart recovery: %d images, %d unfinished at the stop, %d resumed, %d steps reused "
                    + "instead of computed, %d step events without a double; the restart took %d ms (start-up and resumption), every "
                    + "image was published or in an inbox %d ms after it began%n", ids.size(), unfinishedAtStop, resumed,
                    reused, stepEvents, startMs, wallMs);
        }
    }

    private ConfigurableApplicationContext start() {
        return StandaloneApp.start(dataDir);
    }

    private static StudioflowApi api(ConfigurableApplicationContext app) {
        return StandaloneApp.api(app);
    }
}
