package io.studioflow.review.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.mvysny.kaributesting.v10.ComboBoxKt;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.github.mvysny.kaributesting.v10.UploadKt;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.upload.Upload;
import io.studioflow.audit.ui.AuditView;
import io.studioflow.ingest.Asset;
import io.studioflow.ingest.AssetRepository;
import io.studioflow.ingest.AssetStatus;
import io.studioflow.platform.storage.BlobStore;
import io.studioflow.review.ReviewOutcome;
import io.studioflow.review.ReviewProperties;
import io.studioflow.review.ReviewTask;
import io.studioflow.review.ReviewTask.TaskState;
import io.studioflow.review.TaskKind;
import io.studioflow.review.TaskRepository;
import io.studioflow.testing.StudioPhotos;
import io.studioflow.testing.StudioflowApi;
import io.studioflow.testing.TestPhotos;
import io.studioflow.testing.UiTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * One task as a retoucher works it, against the whole application. Decisions complete the engine's job, so
 * they run on real tasks: brick photos that background removal is unsure of, uploaded once before the first
 * test so their flows run while the other tests do. Views of tasks that nobody decides (held by someone else,
 * assigned by a manager) use tasks written straight into the index, over images with real stored files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskViewUiTest extends UiTest {

    private static final String PRESET = "white-square-2000";

    @Autowired
    private TaskRepository taskIndex;

    @Autowired
    private AssetRepository assets;

    @Autowired
    private BlobStore blobs;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String brand = "task-ui-" + run;

    /** Approved after a comment, a refused and an accepted retouched version, an unclaim and the checklist. */
    private String approveImage;
    private String rejectImage;
    private String reprocessImage;

    @BeforeAll
    void uploadThePhotosThatGoToReview() {
        StudioflowApi uploader = new StudioflowApi(http);
        byte[] brick = TestPhotos.bytes("brick.png");
        approveImage = uploader.upload("photographer", "TV-APPROVE-" + run, brand, 60, "brick.png", brick);
        rejectImage = uploader.upload("photographer", "TV-REJECT-" + run, brand, 60, "brick.png", brick);
        reprocessImage = uploader.upload("photographer", "TV-REPROCESS-" + run, brand, 60, "brick.png", brick);
    }

    @Test
    void aClaimedReviewShowsItsEvidenceTakesCommentsAndVersionsAndApprovingPublishesIt() {
        String taskId = awaitReview(approveImage);
        login("retoucher");
        open(taskId);

        assertThat(state()).isEqualTo("Open, unclaimed");
        _assertNone(Button.class, spec -> spec.withAttribute("data-testid", "task-approve"));
        _click(byTestId(Button.class, "task-claim"));
        assertThat(notificationTexts()).contains("Claimed: it is yours now");
        assertThat(state()).isEqualTo("Yours");
        assertThat(taskIndex.get(taskId).task().assignee()).isEqualTo("retoucher");

        // what the decision rests on: the photo and the automated result, why it is here, the scores
        ImageCompare compare = _get(ImageCompare.class);
        assertThat(compare.isVisible()).isTrue();
        assertThat(byTestId(Image.class, ImageCompare.TEST_ID_ORIGINAL).getSrc()).isNotBlank();
        assertThat(byTestId(Image.class, ImageCompare.TEST_ID_RESULT).getSrc()).isNotBlank();
        assertThat(byTestId(Image.class, ImageCompare.TEST_ID_RESULT).getAlt()).contains("Automated result");
        assertThat(items("task-reasons")).isNotEmpty().allSatisfy(r -> assertThat(r).isNotBlank());
        assertThat(_find(byTestId(Component.class, "task-side"), Span.class)).extracting(Span::getText)
                .contains("Background removal unsure");
        assertThat(_find(byTestId(Div.class, "task-scores"), Span.class)).extracting(Span::getText)
                .contains("Background removal: how sure the model is of the product's outline")
                .anySatisfy(text -> assertThat(text).matches("\\d+%"));

        List<Checkbox> checklist = checklist();
        assertThat(checklist).extracting(Checkbox::getLabel).containsExactlyElementsOf(ReviewProperties.DEFAULT_CHECKLIST);
        assertThat(checklist).allMatch(Checkbox::isEnabled);
        assertThat(byTestId(Button.class, "task-approve").isEnabled()).as("nothing ticked yet").isFalse();

        String note = "edges soft on the left " + run;
        _setValue(byTestId(TextArea.class, "task-comment"), note);
        _click(byTestId(Button.class, "task-comment-add"));
        assertThat(notificationTexts()).contains("Comment added");
        assertThat(items("task-history")).anySatisfy(line ->
                assertThat(line).contains("COMMENTED · retoucher — " + note));

        // a text file dressed as a JPEG is refused with the reason, and nothing is kept
        NotificationsKt.clearNotifications();
        UploadKt._upload(byTestId(Upload.class, "task-upload-version"), "notes.jpg", "image/jpeg",
                "just some notes, not a photo\n".repeat(20).getBytes(StandardCharsets.UTF_8));
        assertThat(errorNotifications()).singleElement().asString().contains("not an image");
        _assertNone(UnorderedList.class, spec -> spec.withAttribute("data-testid", "task-versions"));
        assertThat(taskIndex.get(taskId).task().versions()).isEmpty();

        byte[] retouched = StudioPhotos.packshot("astronaut.png");
        UploadKt._upload(byTestId(Upload.class, "task-upload-version"), "wall-v1.jpg", "image/jpeg", retouched);
        assertThat(notificationTexts()).contains("Retouched version saved; approving publishes it");
        assertThat(items("task-versions")).singleElement().asString()
                .startsWith("v1 · wall-v1.jpg · retoucher · ").endsWith("(published on approval)");
        assertThat(byTestId(Image.class, ImageCompare.TEST_ID_RESULT).getAlt()).contains("Retouched v1");
        assertThat(taskIndex.get(taskId).task().versions()).hasSize(1);

        // let go and take it back: the decision buttons follow who holds it
        _click(byTestId(Button.class, "task-unclaim"));
        assertThat(notificationTexts()).contains("Released: back in the queue");
        assertThat(state()).isEqualTo("Open, unclaimed");
        assertThat(taskIndex.get(taskId).task().assignee()).isNull();
        assertThat(checklist()).noneMatch(Checkbox::isEnabled);
        _assertNone(Button.class, spec -> spec.withAttribute("data-testid", "task-approve"));
        _click(byTestId(Button.class, "task-claim"));

        checklist = checklist();
        for (Checkbox item : checklist.subList(0, checklist.size() - 1)) {
            _setValue(item, true);
        }
        assertThat(byTestId(Button.class, "task-approve").isEnabled()).as("one item still open").isFalse();
        assertThat(byTestId(Button.class, "task-approve-next").isEnabled()).isFalse();
        _setValue(checklist.getLast(), true);
        assertThat(byTestId(Button.class, "task-approve").isEnabled()).isTrue();

        _click(byTestId(Button.class, "task-approve"));

        assertThat(currentView()).isEqualTo(InboxView.class);
        JsonNode image = api.awaitStatus(approveImage, "PUBLISHED", "REJECTED");
        assertThat(image.path("status").asText()).isEqualTo("PUBLISHED");
        JsonNode approval = event(approveImage, "APPROVE");
        assertThat(approval.path("actor").path("name").asText()).isEqualTo("retoucher");
        assertThat(approval.path("reasons")).extracting(JsonNode::asText)
                .as("the ticked checklist goes on record with the approval")
                .containsExactlyElementsOf(ReviewProperties.DEFAULT_CHECKLIST.stream().map(i -> "confirmed: " + i).toList());
        ReviewTask done = taskIndex.get(taskId).task();
        assertThat(done.state()).isEqualTo(TaskState.COMPLETED);
        assertThat(done.decision()).isEqualTo("APPROVE");
    }

    @Test
    void aRejectionNeedsAReasonAndThenRejectsTheImage() {
        String taskId = awaitReview(rejectImage);
        login("retoucher");
        open(taskId);
        _click(byTestId(Button.class, "task-claim"));

        _click(byTestId(Button.class, "task-reject"));
        _click(byTestId(Button.class, "reject-confirm"));
        TextArea reason = byTestId(TextArea.class, "reject-reason");
        assertThat(reason.isInvalid()).isTrue();
        assertThat(reason.getErrorMessage()).isEqualTo("A rejection needs a reason");
        assertThat(taskIndex.get(taskId).task().state()).as("nothing completed").isEqualTo(TaskState.OPEN);
        assertThat(currentView()).isEqualTo(TaskView.class);

        _setValue(reason, "bricks are not our product");
        _click(byTestId(Button.class, "reject-confirm"));

        assertThat(currentView()).isEqualTo(InboxView.class);
        JsonNode image = api.awaitStatus(rejectImage, "REJECTED", "PUBLISHED");
        assertThat(image.path("status").asText()).isEqualTo("REJECTED");
        assertThat(event(rejectImage, "REJECT").path("comment").asText()).isEqualTo("bricks are not our product");
        assertThat(taskIndex.get(taskId).task().decision()).isEqualTo("REJECT");
    }

    @Test
    void reprocessingWithAnotherFillBringsANewTaskBackToTheSameRetoucher() {
        String taskId = awaitReview(reprocessImage);
        login("retoucher");
        open(taskId);
        _click(byTestId(Button.class, "task-claim"));

        _click(byTestId(Button.class, "task-reprocess"));
        IntegerField fill = byTestId(IntegerField.class, "reprocess-fill");
        assertThat(fill.getValue()).as("the preset's fill to start from").isEqualTo(85);
        _setValue(fill, 70);
        _click(byTestId(Button.class, "reprocess-confirm"));
        TextArea reason = byTestId(TextArea.class, "reprocess-reason");
        assertThat(reason.isInvalid()).as("the history needs a why").isTrue();
        _setValue(reason, "product too large on the canvas");
        _click(byTestId(Button.class, "reprocess-confirm"));

        assertThat(currentView()).isEqualTo(InboxView.class);
        ReviewTask sent = taskIndex.get(taskId).task();
        assertThat(sent.decision()).isEqualTo(TaskKind.REPROCESS);
        assertThat(sent.comment()).isEqualTo("product too large on the canvas [reprocess with fill 70%, shadow none, edge threshold "
                + io.studioflow.processing.compose.ComposeSpec.DEFAULT_ALPHA_THRESHOLD + "]");
        JsonNode again = api.awaitTask("retoucher", reprocessImage, t -> "reprocess".equals(t.path("check").asText()));
        assertThat(again.path("id").asText()).isNotEqualTo(taskId);
        assertThat(again.path("assignee").asText()).as("the new result returns to whoever asked").isEqualTo("retoucher");
    }

    @Test
    void aTaskHeldBySomeoneElseSaysWhoHoldsItAndOffersNoDecision() {
        String taskId = store(task("HELD", "retoucher2"));
        login("retoucher");
        open(taskId);

        assertThat(state()).isEqualTo("Held by retoucher2");
        assertThat(_find(byTestId(Component.class, "task-actions"), Paragraph.class)).extracting(Paragraph::getText)
                .containsExactly("retoucher2 holds this task; only they can decide it.");
        for (String action : List.of("task-claim", "task-unclaim", "task-approve", "task-approve-next", "task-reject",
                "task-reprocess", "task-retake", "task-assign", "task-upload-version")) {
            _assertNone(Component.class, spec -> spec.withAttribute("data-testid", action));
        }
        assertThat(checklist()).isNotEmpty().noneMatch(Checkbox::isEnabled);
    }

    @Test
    void aSecondApprovalShowsTheFirstApprovalAndIsNotOfferedToTheFirstApprover() {
        String taskId = store(secondApproval(task("FOUR-EYES", null), "retoucher", "edges clean"));
        login("retoucher");
        open(taskId);

        Div first = byTestId(Div.class, "task-first-approval");
        assertThat(_find(first, Span.class)).extracting(Span::getText).contains("Second approval · four eyes");
        assertThat(_find(first, Paragraph.class)).extracting(Paragraph::getText).containsExactly(
                "First approved by retoucher: “edges clean”",
                "You gave the first approval: someone else must decide this one.");
        for (String action : List.of("task-claim", "task-approve", "task-reject", "task-reprocess", "task-retake")) {
            _assertNone(Component.class, spec -> spec.withAttribute("data-testid", action));
        }
    }

    @Test
    void anotherRetoucherClaimsASecondApprovalSeeingWhoApprovedFirst() {
        String taskId = store(secondApproval(task("FOUR-EYES-2", null), "retoucher", "edges clean"));
        login("retoucher2");
        open(taskId);
        assertThat(_find(byTestId(Div.class, "task-first-approval"), Paragraph.class)).extracting(Paragraph::getText)
                .containsExactly("First approved by retoucher: “edges clean”");
        assertThat(_find(byTestId(Component.class, "task-side"), Span.class)).extracting(Span::getText)
                .contains("Second approval (four eyes)");
        _click(byTestId(Button.class, "task-claim"));
        assertThat(state()).isEqualTo("Yours");
        assertThat(checklist()).as("the second approver ticks the brand's checklist too").isNotEmpty().allMatch(Checkbox::isEnabled);
        assertThat(byTestId(Button.class, "task-approve").isEnabled()).isFalse();
    }

    @Test
    void aManagerAssignsATaskToRetoucher2() {
        String taskId = store(task("ASSIGN", null));
        login("manager");
        open(taskId);

        @SuppressWarnings("unchecked")
        ComboBox<String> assignee = byTestId(ComboBox.class, "task-assignee");
        assertThat(ComboBoxKt.getSuggestions(assignee)).contains("retoucher", "retoucher2").doesNotContain("auditor");
        _setValue(assignee, "retoucher2");
        _click(byTestId(Button.class, "task-assign"));

        assertThat(notificationTexts()).contains("Assigned to retoucher2");
        assertThat(taskIndex.get(taskId).task().assignee()).isEqualTo("retoucher2");
        assertThat(state()).isEqualTo("Held by retoucher2");
        assertThat(byTestId(Button.class, "task-unclaim").getText()).as("a manager may take it back")
                .isEqualTo("Release from retoucher2");
    }

    @Test
    void anUnknownTaskIdSaysThereIsNoSuchTask() {
        login("retoucher");
        open("no-such-task-" + run);

        assertThat(byTestId(Paragraph.class, "task-problem").getText())
                .isEqualTo("There is no task no-such-task-" + run + ". It may have been completed and removed.");
        _assertNone(ImageCompare.class); // hidden: nothing to compare
        _click(_get(Button.class, spec -> spec.withText("Back to the inbox")));
        assertThat(currentView()).isEqualTo(InboxView.class);
    }

    @Test
    void aRetoucherIsRefusedTheManagersViews() {
        login("retoucher");
        for (Class<? extends Component> view : List.of(TeamQueueView.class, AuditView.class)) {
            // Karibu's stand-in for the access-denied view may report a failed navigation: the refusal we expect
            Throwable refusal = catchThrowable(() -> UI.getCurrent().navigate(view));
            if (refusal != null) {
                assertThat(refusal).hasStackTraceContaining("Access is denied");
            }
            assertThat(UI.getCurrent().getInternals().getActiveRouterTargetsChain()).as(view.getSimpleName())
                    .noneMatch(view::isInstance);
        }
    }

    // ------------------------------------------------------------------ helpers

    private String awaitReview(String imageId) {
        JsonNode task = api.awaitTask("retoucher", imageId);
        assertThat(task.path("check").asText()).as("brick goes to review for its outline").isEqualTo("segmentation");
        return task.path("id").asText();
    }

    private TaskView open(String taskId) {
        TaskView.open(UI.getCurrent(), taskId);
        return _get(TaskView.class);
    }

    private static String state() {
        return byTestId(Span.class, "task-state").getText();
    }

    private static List<Checkbox> checklist() {
        return _find(byTestId(Div.class, "task-checklist"), Checkbox.class);
    }

    private static List<String> items(String listTestId) {
        return _find(byTestId(UnorderedList.class, listTestId), ListItem.class).stream().map(ListItem::getText).toList();
    }

    private static List<String> notificationTexts() {
        return NotificationsKt.getNotifications().stream().map(TaskViewUiTest::text).toList();
    }

    private static List<String> errorNotifications() {
        return NotificationsKt.getNotifications().stream().filter(n -> n.getThemeNames().contains("error"))
                .map(TaskViewUiTest::text).toList();
    }

    private static String text(Notification notification) {
        return notification.getElement().getProperty("text", "");
    }

    private JsonNode event(String imageId, String decision) {
        return api.history(imageId).stream().filter(e -> e.path("decision").asText().equals(decision)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + decision + " event for image " + imageId));
    }

    private String store(ReviewTask task) {
        assertThat(taskIndex.createIfAbsent(task)).isTrue();
        return task.id();
    }

    /** The same task as the second approval of an image {@code firstApprover} approved. */
    private static ReviewTask secondApproval(ReviewTask t, String firstApprover, String comment) {
        return new ReviewTask(t.id(), TaskKind.SECOND_APPROVAL, TaskKind.SECOND_APPROVAL.title(), "second-approval",
                t.imageId(), t.sku(), t.brand(), t.preset(), t.candidateGroups(), t.assignee(), t.state(),
                List.of("Four eyes: " + firstApprover + " approved it"), "four-eyes", t.scores(), t.confidence(),
                t.priority(), t.processInstanceKey(), t.createdAt(), t.dueAt(), t.claimedAt(), null, null, null, null,
                List.of(), new ReviewOutcome("APPROVE", comment, firstApprover, null));
    }

    /** A review nobody will decide, over an image with real stored files. */
    private ReviewTask task(String sku, String assignee) {
        Instant now = Instant.now();
        String original = blobs.put(TestPhotos.bytes("apple.jpg"));
        String rendition = blobs.put(TestPhotos.bytes("orange.jpg"));
        String mask = blobs.put(TestPhotos.bytes("plant_result.png"));
        String imageId = "tv-img-" + UUID.randomUUID();
        assets.create(new Asset(imageId, "TV-" + sku + "-" + run, brand, PRESET, AssetStatus.IN_REVIEW, original, "apple.jpg",
                "image/jpeg", null, null, null, "photographer", now, now, List.of("unsure of the outline"), Map.of(),
                Map.of("original", original, "rendition", rendition, "mask", mask), List.of(), 50, null));
        return new ReviewTask("tv-" + UUID.randomUUID(), TaskKind.REVIEW, TaskKind.REVIEW.title(), "review-and-retouch",
                imageId, "TV-" + sku + "-" + run, brand, PRESET, List.of("retouchers"), assignee, TaskState.OPEN,
                List.of("unsure of the outline"), "segmentation", Map.of("segmentation", 0.42), 0.42, 50, null, now,
                now.plus(Duration.ofHours(4)), assignee == null ? null : now, null, null, null, null, List.of());
    }
}
