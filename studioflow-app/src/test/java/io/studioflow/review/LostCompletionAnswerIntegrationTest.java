package io.studioflow.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.client.CamundaClient;
import io.studioflow.testing.IntegrationTest;
import io.studioflow.testing.StudioflowApi.Response;
import io.studioflow.testing.TestPhotos;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A decision the engine took but whose answer never came back (the engine too slow under load, a connection
 * dropped): the retoucher sends it again and it is recorded, instead of a 409 that would leave the task open for good
 * while the image went on without it (seen in the 20-retoucher load run).
 */
class LostCompletionAnswerIntegrationTest extends IntegrationTest {

    @Autowired
    private TaskRepository taskIndex;
    @Autowired
    private CamundaClient camunda;

    @Test
    void theSameDecisionSentAgainAfterALostAnswerIsRecorded() {
        String sku = "LOST-ANSWER-" + UUID.randomUUID().toString().substring(0, 8);
        String imageId = api.upload("photographer", sku, "brick.png", TestPhotos.bytes("brick.png"));
        String taskId = api.awaitTask("retoucher", imageId).path("id").asText();
        assertThat(api.claim("retoucher", taskId).status()).isEqualTo(200);

        // the first attempt: the task notes what it sends, the engine takes it, the answer is lost on the way back
        Map<String, Object> variables = Map.of("review", new ReviewOutcome("APPROVE", "clean edges", "retoucher", null));
        TaskRepository.Versioned read = taskIndex.get(taskId);
        assertThat(taskIndex.replace(read, read.task().withCompletionSent(variables))).isTrue();
        camunda.newCompleteCommand(read.task().engineJobKey()).variables(variables).requestTimeout(Duration.ofSeconds(20))
                .send().join();

        // the retoucher sends the same decision again: recorded, and the image goes on as decided
        Response again = api.complete("retoucher", taskId, "APPROVE", "clean edges");
        assertThat(again.status()).as(again.raw()).isEqualTo(200);
        ReviewTask done = taskIndex.get(taskId).task();
        assertThat(done.isOpen()).isFalse();
        assertThat(done.decision()).isEqualTo("APPROVE");
        assertThat(done.completedBy()).isEqualTo("retoucher");
        assertThat(api.awaitStatus(imageId, "PUBLISHED", "REJECTED").path("status").asText()).isEqualTo("PUBLISHED");
        assertThat(api.history(imageId)).filteredOn(e -> "APPROVE".equals(e.path("decision").asText()))
                .extracting(e -> e.path("actor").path("name").asText()).containsExactly("retoucher");

        // a different decision after the engine took one is still refused: what the engine has stands
        String other = api.upload("photographer", sku + "-2", "brick.png", TestPhotos.bytes("brick.png"));
        String otherTask = api.awaitTask("retoucher", other).path("id").asText();
        assertThat(api.claim("retoucher", otherTask).status()).isEqualTo(200);
        TaskRepository.Versioned otherRead = taskIndex.get(otherTask);
        assertThat(taskIndex.replace(otherRead, otherRead.task().withCompletionSent(variables))).isTrue();
        camunda.newCompleteCommand(otherRead.task().engineJobKey()).variables(variables).send().join();
        Response changedMind = api.complete("retoucher", otherTask, "REJECT", "the strap is cut off");
        assertThat(changedMind.status()).as(changedMind.raw()).isEqualTo(409);
        JsonNode stillOpen = api.task("retoucher", otherTask).body();
        assertThat(stillOpen.path("state").asText()).isEqualTo("OPEN");
    }
}
