package io.studioflow.flows;

import static org.assertj.core.api.Assertions.assertThat;

import io.studioflow.audit.Actor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Step audit ids name the work, not the job: the same work is one event, other work another. */
class StepEventIdTest {

    private static StepRecorder.Step compose(String corrected, String rendition, Map<String, Object> scores, long ms) {
        return new StepRecorder.Step("compose", Actor.system("composer"), "COMPOSED", List.of(), scores,
                List.of(corrected, "mask-1"), Map.of("rendition", rendition), null, ms);
    }

    @Test
    void theSameWorkOnTheSameInputsHasTheSameIdWhateverJobOrTimingItHad() {
        String first = StepRecorder.eventId("image-1", compose("corrected-1", "rendition-1", Map.of("confidence", 0.9), 40));
        String again = StepRecorder.eventId("image-1", compose("corrected-1", "rendition-1", Map.of("confidence", 0.9), 75));
        assertThat(again).isEqualTo(first).startsWith("image-1:compose:");
    }

    @Test
    void otherInputsOutputsOrImagesGiveAnotherId() {
        String first = StepRecorder.eventId("image-1", compose("corrected-1", "rendition-1", Map.of(), 40));
        assertThat(StepRecorder.eventId("image-1", compose("corrected-2", "rendition-1", Map.of(), 40))).isNotEqualTo(first);
        // a reprocess with other settings: same inputs, another rendition
        assertThat(StepRecorder.eventId("image-1", compose("corrected-1", "rendition-2", Map.of(), 40))).isNotEqualTo(first);
        assertThat(StepRecorder.eventId("image-2", compose("corrected-1", "rendition-1", Map.of(), 40))).isNotEqualTo(first);
    }

    @Test
    void outputsCountInNameOrderNotInsertionOrder() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("b", "2");
        ba.put("a", "1");
        StepRecorder.Step one = new StepRecorder.Step("x", Actor.system("x"), "DONE", null, Map.of(), List.of("in"), ab, null, 1);
        StepRecorder.Step two = new StepRecorder.Step("x", Actor.system("x"), "DONE", null, Map.of(), List.of("in"), ba, null, 1);
        assertThat(StepRecorder.eventId("i", one)).isEqualTo(StepRecorder.eventId("i", two));
    }

    @Test
    void onlyTheEmbeddedEngineSeparatesItsRuns() {
        EngineRun embedded = new EngineRun(true, "0123456789abcdef");
        assertThat(embedded.taskId(2251799813685249L)).isEqualTo("2251799813685249-01234567");
        assertThat(embedded.owns("0123456789abcdef")).isTrue();
        assertThat(embedded.owns("another run")).isFalse();
        assertThat(embedded.owns(null)).isFalse();
        EngineRun cluster = new EngineRun(false, "0123456789abcdef");
        assertThat(cluster.taskId(2251799813685249L)).isEqualTo("2251799813685249");
        assertThat(cluster.owns(null)).isTrue();
    }
}
