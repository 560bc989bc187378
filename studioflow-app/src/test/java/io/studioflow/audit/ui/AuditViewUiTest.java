package io.studioflow.audit.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.UI;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.TextField;
import io.studioflow.audit.Actor;
import io.studioflow.audit.AuditEvent;
import io.studioflow.audit.AuditIndices;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.search.Hit;
import java.io.IOException;
import io.studioflow.ingest.Asset;
import io.studioflow.ingest.AssetRepository;
import io.studioflow.ingest.AssetStatus;
import io.studioflow.platform.storage.BlobStore;
import io.studioflow.review.ReviewTask;
import io.studioflow.review.TaskKind;
import io.studioflow.review.TaskRepository;
import io.studioflow.review.TaskService;
import io.studioflow.testing.TestPhotos;
import io.studioflow.testing.UiTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The auditor's read-only view: recent images, and for the selected one who did what. The history is made
 * through the task service (a claim, a comment), as the inbox makes it.
 */
class AuditViewUiTest extends UiTest {

    @Autowired
    private AssetRepository assets;

    @Autowired
    private BlobStore blobs;

    @Autowired
    private TaskRepository taskIndex;

    @Autowired
    private TaskService tasks;

    @Autowired
    private ElasticsearchClient client;

    @Autowired
    private AuditIndices indices;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void anAuditorSeesTheImagesAndTheHistoryOfTheSelectedOne() throws IOException {
        String sku = "AUDIT-" + run;
        String imageId = storeAsset(sku);
        String taskId = "av-" + UUID.randomUUID();
        Instant now = Instant.now();
        assertThat(taskIndex.createIfAbsent(new ReviewTask(taskId, TaskKind.REVIEW, TaskKind.REVIEW.title(),
                "review-and-retouch", imageId, sku, "audit-ui-" + run, "white-square-2000", List.of("retouchers"), null,
                ReviewTask.TaskState.OPEN, List.of("unsure of the outline"), "segmentation", Map.of("segmentation", 0.42),
                0.42, 50, null, now, now.plus(Duration.ofHours(4)), null, null, null, null, null, List.of()))).isTrue();
        tasks.claim(taskId, worker("retoucher"));
        tasks.comment(taskId, worker("retoucher2"), "halo on the left edge " + run);
        // the images grid lists the most recently changed images, read by search: wait until ours is searchable
        await().atMost(Duration.ofSeconds(10)).until(() -> assets.latest(200).stream().anyMatch(a -> a.id().equals(imageId)));

        login("auditor");
        UI.getCurrent().navigate(AuditView.class);

        Grid<Asset> images = grid("audit-images");
        Grid<AuditEvent> history = grid("audit-history");
        assertThat(GridKt._size(history)).as("nothing selected yet").isZero();
        int row = rowOf(images, sku);
        List<String> image = GridKt._getFormattedRow(images, row);
        assertThat(image.subList(0, 3)).containsExactly(sku, "audit-ui-" + run, "IN_REVIEW");
        assertThat(image.get(3)).isNotBlank();

        GridKt._selectRow(images, row);

        assertThat(GridKt._size(history)).isEqualTo(2);
        List<String> claimed = GridKt._getFormattedRow(history, 0);
        assertThat(claimed.subList(1, 4)).containsExactly("review", "CLAIMED", "retoucher [RETOUCHER]");
        List<String> commented = GridKt._getFormattedRow(history, 1);
        assertThat(commented.subList(1, 4)).containsExactly("review", "COMMENTED", "retoucher2 [RETOUCHER]");
        assertThat(commented.get(4)).startsWith("halo on the left edge " + run).contains("segmentation=0.42");

        LocatorJ._click(byTestId(Button.class, "verify"));
        Span verdict = byTestId(Span.class, "audit-verdict");
        assertThat(verdict.getText()).startsWith("✔ Intact: 2 events");
        assertThat(verdict.getElement().getThemeList()).contains("badge", "success");

        // someone changes the claim in the index behind the application's back: the verdict turns red
        await().atMost(Duration.ofSeconds(10)).until(() -> storedEvents(imageId).size() == 2);
        Hit<Map> claim = storedEvents(imageId).stream()
                .filter(h -> "CLAIMED".equals(h.source().get("decision"))).findFirst().orElseThrow();
        client.update(u -> u.index(claim.index()).id(claim.id()).doc(Map.of("actor", Map.of("type", "USER",
                "name", "someone-else"))).refresh(Refresh.True), Map.class);
        LocatorJ._click(byTestId(Button.class, "verify"));
        assertThat(verdict.getText()).startsWith("✘ Broken at event 1 (TAMPERED)").contains("CLAIMED");
        assertThat(verdict.getElement().getThemeList()).contains("badge", "error");

        images.deselectAll();
        assertThat(GridKt._size(history)).isZero();

        // a search by sku finds the image and opens its timeline at once
        byTestId(TextField.class, "search-sku").setValue(sku);
        LocatorJ._click(byTestId(Button.class, "search"));
        assertThat(GridKt._size(images)).isEqualTo(1);
        assertThat(GridKt._size(history)).isEqualTo(2);
        assertThat(byTestId(Span.class, "timeline-heading").getText()).startsWith(sku + " · audit-ui-" + run);
    }

    @Test
    void aRetoucherIsRefusedTheAuditView() {
        login("retoucher");
        // as in TeamQueueViewUiTest: Karibu's stand-in for the access-denied view may report a failed navigation
        Throwable refusal = catchThrowable(() -> UI.getCurrent().navigate(AuditView.class));
        if (refusal != null) {
            assertThat(refusal).hasStackTraceContaining("Access is denied");
        }
        assertThat(UI.getCurrent().getInternals().getActiveRouterTargetsChain()).noneMatch(AuditView.class::isInstance);
    }

    @SuppressWarnings("rawtypes")
    private List<Hit<Map>> storedEvents(String imageId) throws IOException {
        return client.search(s -> s.index(indices.pattern()).query(q -> q.term(t -> t.field("imageId").value(imageId))),
                Map.class).hits().hits();
    }

    private String storeAsset(String sku) {
        String original = blobs.put(TestPhotos.bytes("apple.jpg"));
        String id = "av-img-" + UUID.randomUUID();
        Instant now = Instant.now();
        assets.create(new Asset(id, sku, "audit-ui-" + run, "white-square-2000", AssetStatus.IN_REVIEW, original, "apple.jpg",
                "image/jpeg", null, null, null, "photographer", now, now, List.of(), Map.of(), Map.of("original", original),
                List.of(), 50, null));
        return id;
    }

    private static TaskService.Worker worker(String name) {
        return new TaskService.Worker(Actor.user(name, List.of("RETOUCHER")), Set.of("retouchers"), false);
    }

    @SuppressWarnings("unchecked")
    private static <T> Grid<T> grid(String testId) {
        return byTestId(Grid.class, testId);
    }

    private static int rowOf(Grid<Asset> grid, String sku) {
        for (int row = 0; row < GridKt._size(grid); row++) {
            if (sku.equals(GridKt._get(grid, row).sku())) {
                return row;
            }
        }
        throw new AssertionError("no image " + sku + " among " + GridKt._size(grid) + " rows");
    }
}
