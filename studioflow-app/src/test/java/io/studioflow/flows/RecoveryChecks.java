package io.studioflow.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.studioflow.testing.StudioflowApi;
import io.studioflow.testing.StudioflowApi.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** What every restart test checks of its images afterwards: settled once each, nothing done twice, chains intact. */
final class RecoveryChecks {

    private static final Set<String> STEPS = Set.of("capture-qc", "segmentation", "colour", "compose", "routing", "publish");

    private RecoveryChecks() {
    }

    /**
     * Waits until every image is published or waits on exactly one open task that {@code taskOk} accepts.
     *
     * @return per image its open task, or null when published
     */
    static Map<String, JsonNode> awaitSettled(StudioflowApi api, List<String> ids, Duration timeout, Predicate<JsonNode> taskOk) {
        Map<String, JsonNode> settled = new LinkedHashMap<>();
        await().atMost(timeout).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Map<String, List<JsonNode>> open = openTasksByImage(api);
            for (String id : ids) {
                if (settled.containsKey(id)) {
                    continue;
                }
                String status = api.get("admin", "/api/images/" + id).text("status");
                if ("PUBLISHED".equals(status)) {
                    settled.put(id, null);
                    continue;
                }
                List<JsonNode> tasks = open.getOrDefault(id, List.of());
                assertThat(tasks).as("open tasks of %s (%s)", id, status).hasSizeLessThanOrEqualTo(1);
                assertThat(tasks).as("%s (%s) waits on a task", id, status).singleElement().matches(taskOk);
                settled.put(id, tasks.getFirst());
            }
        });
        // a task opened twice would show only now that every image has one
        Map<String, List<JsonNode>> open = openTasksByImage(api);
        ids.forEach(id -> assertThat(open.getOrDefault(id, List.of())).as("open tasks of %s", id).hasSizeLessThanOrEqualTo(1));
        return settled;
    }

    /**
     * Asserts of every image's history: no step recorded twice, one publish event if published and none otherwise,
     * the chain verifies.
     *
     * @return how many step events the images have
     */
    static int assertHistoriesClean(StudioflowApi api, List<String> ids) {
        int stepEvents = 0;
        for (String id : ids) {
            List<JsonNode> history = api.history(id);
            Set<String> seen = new HashSet<>();
            for (JsonNode event : history) {
                if (!STEPS.contains(event.path("step").asText())) {
                    continue;
                }
                stepEvents++;
                String what = event.path("step").asText() + " " + event.path("decision").asText() + " "
                        + event.path("inputHashes") + " -> " + event.path("outputHashes");
                assertThat(seen.add(what)).as("%s recorded twice for %s", what, id).isTrue();
            }
            long publishes = history.stream().filter(e -> "publish".equals(e.path("step").asText())).count();
            boolean published = "PUBLISHED".equals(api.get("admin", "/api/images/" + id).text("status"));
            assertThat(publishes).as("publish events of %s", id).isEqualTo(published ? 1 : 0);
            Response verdict = api.get("auditor", "/api/images/" + id + "/history/verify");
            assertThat(verdict.body().path("intact").asBoolean()).as("%s: %s", id, verdict.raw()).isTrue();
        }
        return stepEvents;
    }

    private static Map<String, List<JsonNode>> openTasksByImage(StudioflowApi api) {
        Response tasks = api.get("admin", "/api/tasks?limit=1000");
        assertThat(tasks.status()).as(tasks.raw()).isEqualTo(200);
        Map<String, List<JsonNode>> byImage = new HashMap<>();
        tasks.body().forEach(t -> byImage.computeIfAbsent(t.path("imageId").asText(), i -> new ArrayList<>()).add(t));
        return byImage;
    }
}
