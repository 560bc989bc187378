package io.studioflow.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.studioflow.testing.StandaloneApp;
import io.studioflow.testing.StudioPhotos;
import io.studioflow.testing.StudioflowApi;
import io.studioflow.testing.TestPhotos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash in the middle of a batch: the application runs in a JVM of its own, takes a batch of photos (200 by default,
 * {@code -Dkill.images=N}), and is killed with SIGKILL ({@code kill -9}) when about half of them are published or in
 * an inbox. Its Elasticsearch node, a child JVM, must not outlive it. Started again on the same data directory, every
 * image reaches PUBLISHED or exactly one inbox task; none is lost, none published twice, no step recorded twice, and
 * every audit chain verifies.
 */
class KillRestartIntegrationTest {

    private static final int IMAGES = Integer.getInteger("kill.images", 200);
    private static final List<String> TEXTURES = List.of("coffee.png", "chelsea.png", "astronaut.png", "rocket.jpg",
            "apple.jpg", "orange.jpg", "fruits.jpg", "baboon.jpg");
    private static final Pattern RESUMED = Pattern.compile("Resumed (\\d+) of (\\d+) unfinished images");

    @TempDir
    Path dataDir;

    @Test
    void killedMidBatchEveryImageIsPublishedOrInAnInboxOnceAfterTheRestart() throws Exception {
        Path logs = Path.of("target", "kill-restart").toAbsolutePath();
        Files.createDirectories(logs);
        Files.deleteIfExists(logs.resolve("app-1.log"));
        Files.deleteIfExists(logs.resolve("app-2.log"));
        // of every ten: eight studio packshots, a real photo off a backdrop (a retoucher's), a blurred one (a retake)
        List<byte[]> packshots = TEXTURES.stream().map(StudioPhotos::packshot).toList();
        byte[] wall = TestPhotos.bytes("brick.png");
        byte[] blurred = StudioPhotos.blurredPackshot("coffee.png");

        long began = System.nanoTime();
        int port = StandaloneApp.freePort();
        Process app = StandaloneApp.launch(dataDir, port, logs.resolve("app-1.log"), Duration.ofMinutes(5));
        List<String> ids = new ArrayList<>();
        Map<String, Long> atKill;
        List<ProcessHandle> children;
        try {
            StudioflowApi api = StandaloneApp.api(port);
            for (int i = 0; i < IMAGES; i++) {
                int kind = i % 10;
                byte[] photo = kind == 8 ? wall : kind == 9 ? blurred : packshots.get((i / 10 + kind) % packshots.size());
                ids.add(api.upload("photographer", "KILL-" + i, "kill-" + i + ".jpg", photo));
            }
            await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofSeconds(3))
                    .until(() -> settledCount(statuses(api, ids)) >= IMAGES / 2);
            atKill = statuses(api, ids);
            children = app.toHandle().descendants().toList();
        } finally {
            app.destroyForcibly(); // SIGKILL: no shutdown hook, no context close, no flush
            app.waitFor();
        }
        long killedAtMs = (System.nanoTime() - began) / 1_000_000;
        assertThat(app.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        await().atMost(Duration.ofSeconds(60)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(children).as("the Elasticsearch node's JVM was the application's child").isNotEmpty();
        assertThat(atKill.getOrDefault("CAPTURE", 0L) + atKill.getOrDefault("PROCESSING", 0L))
                .as("images still on their way at the kill: %s", atKill).isPositive();

        long restarted = System.nanoTime();
        app = StandaloneApp.launch(dataDir, port, logs.resolve("app-2.log"), Duration.ofMinutes(10));
        try {
            long readyMs = (System.nanoTime() - restarted) / 1_000_000;
            StudioflowApi api = StandaloneApp.api(port);
            Map<String, JsonNode> settled = RecoveryChecks.awaitSettled(api, ids, Duration.ofMinutes(20), task -> true);
            long settledMs = (System.nanoTime() - restarted) / 1_000_000;
            int stepEvents = RecoveryChecks.assertHistoriesClean(api, ids);
            long published = settled.values().stream().filter(task -> task == null).count();

            Matcher resumed = RESUMED.matcher(Files.readString(logs.resolve("app-2.log")));
            assertThat(resumed.find()).as("the restart resumed the unfinished images:\n%s",
                    StandaloneApp.tail(logs.resolve("app-2.log"))).isTrue();
            System.out.printf("[figure] kill -9: %d images, killed %d s in with %s; its Elasticsearch child JVM stopped with"
                            + " it; restart ready in %d ms having resumed %s of %s; every image published (%d) or in an inbox"
                            + " (%d) %d s after the restart; %d step events, none twice; one publish each; every chain"
                            + " intact%n", IMAGES, killedAtMs / 1000, atKill, readyMs, resumed.group(1), resumed.group(2),
                    published, IMAGES - published, settledMs / 1000, stepEvents);
        } finally {
            app.destroy();
            app.waitFor();
        }
    }

    private static Map<String, Long> statuses(StudioflowApi api, List<String> ids) {
        Map<String, Long> count = new TreeMap<>();
        for (String id : ids) {
            count.merge(api.get("admin", "/api/images/" + id).text("status"), 1L, Long::sum);
        }
        return count;
    }

    /** Published, or waiting in an inbox (review, retake). */
    private static long settledCount(Map<String, Long> statuses) {
        return statuses.getOrDefault("PUBLISHED", 0L) + statuses.getOrDefault("IN_REVIEW", 0L)
                + statuses.getOrDefault("RETAKE", 0L) + statuses.getOrDefault("REJECTED", 0L);
    }
}
