package io.studioflow.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.studioflow.testing.IntegrationTest;
import io.studioflow.testing.StudioflowApi.Response;
import io.studioflow.testing.TestPhotos;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A task that an earlier run of the embedded engine opened, and that the image's resumed flow went past (the image was
 * published without reaching it again), is closed as SUPERSEDED when the image is published: it leaves the inbox,
 * nobody can claim it, and the image's history says so.
 */
class SupersededTaskIntegrationTest extends IntegrationTest {

    @Autowired
    private TaskRepository taskIndex;
    @Autowired
    private ObjectMapper json;

    @Test
    void aTaskOfAnEarlierEngineRunIsClosedWhenItsImageIsPublished() throws Exception {
        String sku = "SUPERSEDED-" + UUID.randomUUID().toString().substring(0, 8);
        String imageId = api.upload("photographer", sku, "brick.png", TestPhotos.bytes("brick.png"));
        JsonNode current = api.awaitTask("retoucher", imageId);

        // as a restart leaves it: the same image's review, opened by an engine run that is gone
        ObjectNode earlier = json.valueToTree(taskIndex.get(current.path("id").asText()).task());
        String earlierId = "1-" + UUID.randomUUID().toString().substring(0, 8);
        earlier.put("id", earlierId);
        earlier.put("engineRun", "an-earlier-run");
        earlier.put("jobKey", 1L);
        assertThat(taskIndex.createIfAbsent(json.treeToValue(earlier, ReviewTask.class))).isTrue();

        String taskId = current.path("id").asText();
        assertThat(api.claim("retoucher", taskId).status()).isEqualTo(200);
        Response approved = api.complete("retoucher", taskId, "APPROVE", "clean edges");
        assertThat(approved.status()).as(approved.raw()).isEqualTo(200);
        api.awaitStatus(imageId, "PUBLISHED");

        ReviewTask closed = org.awaitility.Awaitility.await().until(() -> taskIndex.get(earlierId).task(),
                task -> !task.isOpen());
        assertThat(closed.decision()).isEqualTo(TaskService.SUPERSEDED);
        assertThat(closed.completedBy()).isEqualTo("flow-recovery");
        Response claim = api.claim("retoucher2", earlierId);
        assertThat(claim.status()).as(claim.raw()).isEqualTo(409);
        assertThat(api.history(imageId)).anySatisfy(event -> {
            assertThat(event.path("decision").asText()).isEqualTo("SUPERSEDED");
            assertThat(event.path("id").asText()).startsWith(earlierId);
        });
        // the task of this run was decided by the retoucher, not closed
        assertThat(taskIndex.get(taskId).task().decision()).isEqualTo("APPROVE");
    }
}
