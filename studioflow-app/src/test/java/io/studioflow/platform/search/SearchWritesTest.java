package io.studioflow.platform.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A waiting update must read as Elasticsearch will store it: objects merged field by field, the rest replaced. */
class SearchWritesTest {

    @Test
    void partialUpdatesMergeObjectsAndReplaceEverythingElse() {
        Map<String, Object> stored = Map.of(
                "status", "PROCESSING",
                "scores", Map.of("capture-qc", Map.of("confidence", 0.9)),
                "artifacts", Map.of("original", "a1"),
                "reasons", List.of("blurred"));
        Map<String, Object> merged = SearchWrites.merge(stored, Map.of(
                "status", "PUBLISHED",
                "scores", Map.of("segmentation", Map.of("confidence", 0.8)),
                "artifacts", Map.of("mask", "m1"),
                "reasons", List.of()));

        assertThat(merged).containsEntry("status", "PUBLISHED").containsEntry("reasons", List.of());
        assertThat(merged.get("scores")).isEqualTo(Map.of(
                "capture-qc", Map.of("confidence", 0.9), "segmentation", Map.of("confidence", 0.8)));
        assertThat(merged.get("artifacts")).isEqualTo(Map.of("original", "a1", "mask", "m1"));
        assertThat(stored).as("the stored document is left as it was").containsEntry("status", "PROCESSING");
    }
}
