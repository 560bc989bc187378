package io.studioflow.review.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.github.mvysny.kaributesting.v10.ComboBoxKt;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.tabs.Tabs;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import io.studioflow.audit.Actor;
import io.studioflow.ingest.Asset;
import io.studioflow.ingest.AssetRepository;
import io.studioflow.ingest.AssetStatus;
import io.studioflow.platform.storage.BlobStore;
import io.studioflow.review.InboxQuery;
import io.studioflow.review.ReviewProperties;
import io.studioflow.review.ReviewTask;
import io.studioflow.review.ReviewTask.TaskState;
import io.studioflow.review.SavedFilters;
import io.studioflow.review.TaskKind;
import io.studioflow.review.TaskRepository;
import io.studioflow.review.TaskService;
import io.studioflow.testing.TestPhotos;
import io.studioflow.testing.UiTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The inbox as retouchers and photographers use it, against the real task index. The index is shared with
 * every other integration test, so each test gives its tasks a SKU prefix of its own and first narrows the
 * grid to that prefix with the SKU filter (itself under test); brands are unique per test too.
 */
class InboxViewUiTest extends UiTest {

    private static final String PRESET = "white-square-2000";
    private static final String REVIEW_ELEMENT = "review-and-retouch";
    // columns in the order InboxView adds them
    private static final int SKU_COLUMN = 1;
    private static final int WHY_COLUMN = 2;
    private static final int CONFIDENCE_COLUMN = 3;
    private static final int ACTION_COLUMN = 8;

    @Autowired
    private TaskRepository taskIndex;

    @Autowired
    private TaskService service;

    @Autowired
    private AssetRepository assets;

    @Autowired
    private BlobStore blobs;

    @Autowired
    private SavedFilters savedFilters;

    @Autowired
    private ReviewProperties reviewProperties;

    private final String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    /** Every SKU of this test starts with it. */
    private final String prefix = "KV" + run + "-";
    private final String brand = "inbox-ui-" + run.toLowerCase();
    private final Instant now = Instant.now();

    @Test
    void showsMyGroupsTasksWithSkuWhyAndConfidence() {
        String doubtful = store(review("MUG-1", brand, "segmentation", 0.42, 50, now, null));
        String mine = store(review("MUG-2", brand, "composition", 0.55, 70, now, "retoucher"));
        String theirs = store(review("CUP-1", brand, "colour", 0.31, 30, now, "retoucher2"));
        store(retake("MUG-3", brand));

        login("retoucher");
        navigate(InboxView.class);
        narrowToThisTest();

        Grid<ReviewTask> grid = grid();
        assertThat(ids(grid)).as("the retake is for photographers").containsExactlyInAnyOrder(doubtful, mine, theirs);
        assertThat(byTestId(Span.class, "inbox-total").getText()).isEqualTo("3 tasks");

        int row = rowOf(grid, doubtful);
        assertThat(texts(cell(grid, row, SKU_COLUMN)))
                .containsExactly(prefix + "MUG-1", brand + " · " + PRESET + " · " + TaskKind.REVIEW.title());
        assertThat(texts(cell(grid, row, WHY_COLUMN)))
                .containsExactly("Background removal unsure", "unsure of the outline; written by InboxViewUiTest");
        assertThat(((Span) cell(grid, row, CONFIDENCE_COLUMN)).getText()).isEqualTo("42%");
        assertThat(formatted(grid, row, "Priority")).isEqualTo("50");
        assertThat(formatted(grid, row, "Assignee")).isEqualTo("—");
        assertThat(actionButton(grid, row).getText()).isEqualTo("Claim");

        assertThat(formatted(grid, rowOf(grid, mine), "Assignee")).isEqualTo("you");
        assertThat(actionButton(grid, rowOf(grid, mine)).getText()).isEqualTo("Open");
        assertThat(formatted(grid, rowOf(grid, theirs), "Assignee")).isEqualTo("retoucher2");
        assertThat(actionButton(grid, rowOf(grid, theirs)).getText()).isEqualTo("View");
        assertThat(texts(cell(grid, rowOf(grid, theirs), WHY_COLUMN))).first().isEqualTo("Colour uncertain");
    }

    @Test
    void eachFilterAndScopeTabNarrowsTheGridAndTheSortChangesTheOrder() {
        String otherBrand = brand + "-other";
        String mugUnassigned = store(review("A-MUG", brand, "segmentation", 0.42, 50, now.minus(Duration.ofHours(3)),
                now.plus(Duration.ofHours(3)), null));
        String mugMine = store(review("B-MUG", brand, "composition", 0.55, 90, now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofHours(2)), "retoucher"));
        String cupTheirs = store(review("A-CUP", otherBrand, "colour", 0.31, 10, now.minus(Duration.ofHours(2)),
                now.plus(Duration.ofMinutes(30)), "retoucher2"));
        String bowl = store(review("C-BOWL", otherBrand, "segmentation", 0.71, 50, now.minus(Duration.ofMinutes(10)),
                now.plus(Duration.ofHours(1)), null));

        login("retoucher");
        navigate(InboxView.class);
        narrowToThisTest();
        Grid<ReviewTask> grid = grid();
        assertThat(ids(grid)).as("priority first, the earlier due among equals")
                .containsExactly(mugMine, bowl, mugUnassigned, cupTheirs);

        @SuppressWarnings("unchecked")
        ComboBox<String> brandFilter = byTestId(ComboBox.class, "filter-brand");
        assertThat(ComboBoxKt.getSuggestions(brandFilter)).as("the brands of open tasks").contains(brand, otherBrand);
        _setValue(brandFilter, brand);
        assertThat(ids(grid)).containsExactlyInAnyOrder(mugUnassigned, mugMine);
        assertThat(byTestId(Span.class, "inbox-total").getText()).isEqualTo("2 tasks");
        _setValue(brandFilter, null);

        @SuppressWarnings("unchecked")
        ComboBox<String> check = byTestId(ComboBox.class, "filter-check");
        assertThat(ComboBoxKt.getSuggestions(check)).as("checks read as words").contains("Background removal unsure");
        ComboBoxKt.selectByLabel(check, "Background removal unsure");
        assertThat(check.getValue()).isEqualTo("segmentation");
        assertThat(ids(grid)).containsExactlyInAnyOrder(mugUnassigned, bowl);
        _setValue(check, null);

        IntegerField min = byTestId(IntegerField.class, "filter-min-confidence");
        IntegerField max = byTestId(IntegerField.class, "filter-max-confidence");
        _setValue(min, 40);
        _setValue(max, 60);
        assertThat(ids(grid)).containsExactlyInAnyOrder(mugUnassigned, mugMine);
        _setValue(max, null);
        assertThat(ids(grid)).containsExactlyInAnyOrder(mugUnassigned, mugMine, bowl);
        _setValue(max, 30);
        assertThat(max.isInvalid()).as("a highest bound below the lowest is refused").isTrue();
        assertThat(max.getErrorMessage()).isEqualTo("below the lowest");
        assertThat(ids(grid)).as("the last valid query still shows").containsExactlyInAnyOrder(mugUnassigned, mugMine, bowl);
        _setValue(min, null);
        _setValue(max, null);
        assertThat(max.isInvalid()).isFalse();

        _setValue(byTestId(TextField.class, "filter-sku"), prefix + "A-");
        assertThat(ids(grid)).as("a SKU prefix").containsExactlyInAnyOrder(mugUnassigned, cupTheirs);
        narrowToThisTest();

        Tabs scope = byTestId(Tabs.class, "inbox-scope");
        scope.setSelectedIndex(1);
        assertThat(ids(grid)).as("Mine").containsExactly(mugMine);
        scope.setSelectedIndex(2);
        assertThat(ids(grid)).as("Unassigned").containsExactlyInAnyOrder(mugUnassigned, bowl);
        scope.setSelectedIndex(0);
        assertThat(ids(grid)).hasSize(4);

        @SuppressWarnings("unchecked")
        Select<InboxQuery.Sort> sort = byTestId(Select.class, "sort");
        assertThat(ComboBoxKt.getSuggestions(sort)).containsExactly("Priority", "Due first", "Oldest first");
        ComboBoxKt.selectByLabel(sort, "Due first");
        assertThat(ids(grid)).containsExactly(cupTheirs, bowl, mugMine, mugUnassigned);
        ComboBoxKt.selectByLabel(sort, "Oldest first");
        assertThat(ids(grid)).containsExactly(mugUnassigned, cupTheirs, mugMine, bowl);
    }

    @Test
    void aSavedFilterIsListedReappliedWhenPickedAndDeleted() {
        String colour = store(review("COL", brand, "colour", 0.31, 50, now, null));
        String outline = store(review("SEG", brand, "segmentation", 0.42, 50, now, null));
        String name = "colour " + run.toLowerCase();

        login("retoucher");
        navigate(InboxView.class);
        narrowToThisTest();
        @SuppressWarnings("unchecked")
        ComboBox<String> check = byTestId(ComboBox.class, "filter-check");
        _setValue(check, "colour");
        Grid<ReviewTask> grid = grid();
        assertThat(ids(grid)).containsExactly(colour);

        _click(byTestId(Button.class, "save-filter"));
        Dialog dialog = _get(Dialog.class);
        assertThat(dialog.getHeaderTitle()).isEqualTo("Save this filter");
        _setValue(byTestId(TextField.class, "save-filter-name"), "no / slashes");
        _click(byTestId(Button.class, "save-filter-confirm"));
        TextField nameField = byTestId(TextField.class, "save-filter-name");
        assertThat(nameField.isInvalid()).as("a bad name keeps the dialog open and says why").isTrue();
        assertThat(nameField.getErrorMessage()).contains("1-60 letters");
        _setValue(nameField, name);
        _click(byTestId(Button.class, "save-filter-confirm"));
        assertThat(dialog.isOpened()).isFalse();
        assertThat(notificationTexts()).contains("Filter '" + name + "' saved");
        assertThat(savedFilters.of("retoucher")).anySatisfy(f -> {
            assertThat(f.name()).isEqualTo(name);
            assertThat(f.query().check()).isEqualTo("colour");
            assertThat(f.query().sku()).isEqualTo(prefix);
        });

        @SuppressWarnings("unchecked")
        ComboBox<SavedFilters.SavedFilter> saved = byTestId(ComboBox.class, "saved-filters");
        assertThat(ComboBoxKt.getSuggestions(saved)).contains(name);

        // back to everything of this test, then the saved filter puts its fields back
        _setValue(check, null);
        assertThat(ids(grid)).containsExactlyInAnyOrder(colour, outline);
        ComboBoxKt.selectByLabel(saved, name);
        assertThat(check.getValue()).isEqualTo("colour");
        assertThat(byTestId(TextField.class, "filter-sku").getValue()).isEqualTo(prefix);
        assertThat(ids(grid)).containsExactly(colour);

        _click(deleteSavedFilterButton());
        assertThat(notificationTexts()).contains("Filter '" + name + "' deleted");
        assertThat(saved.getValue()).isNull();
        assertThat(ComboBoxKt.getSuggestions(saved)).doesNotContain(name);
        assertThat(savedFilters.of("retoucher")).noneMatch(f -> f.name().equals(name));
    }

    @Test
    void claimTakesTheTaskAndOpensIt() {
        String taskId = store(withImage(review("CLAIM", brand, "segmentation", 0.42, 50, now, null), storeAsset("CLAIM")));

        login("retoucher");
        navigate(InboxView.class);
        narrowToThisTest();
        Grid<ReviewTask> grid = grid();
        _click(actionButton(grid, rowOf(grid, taskId)));

        assertThat(currentView()).isEqualTo(TaskView.class);
        assertThat(taskIndex.get(taskId).task().assignee()).isEqualTo("retoucher");
        assertThat(byTestId(Span.class, "task-state").getText()).isEqualTo("Yours");
    }

    @Test
    void claimingATaskSomeoneElseClaimedMeanwhileSaysSoAndStays() {
        String taskId = store(review("RACE", brand, "segmentation", 0.42, 50, now, null));

        login("retoucher");
        navigate(InboxView.class);
        narrowToThisTest();
        Grid<ReviewTask> grid = grid();
        Button claim = actionButton(grid, rowOf(grid, taskId));
        assertThat(claim.getText()).isEqualTo("Claim");

        // retoucher2 is quicker, in another browser
        service.claim(taskId, retoucher2());
        _click(claim);

        assertThat(currentView()).isEqualTo(InboxView.class);
        assertThat(notificationTexts())
                .contains("Could not claim " + prefix + "RACE: task " + taskId + " is already claimed by retoucher2");
        assertThat(taskIndex.get(taskId).task().assignee()).isEqualTo("retoucher2");
        assertThat(formatted(grid, rowOf(grid, taskId), "Assignee")).isEqualTo("retoucher2");
    }

    @Test
    void aClaimElsewhereReachesTheOpenInboxByPush() {
        String taskId = store(review("PUSH", brand, "segmentation", 0.42, 50, now, null));
        login("retoucher");
        navigate(InboxView.class);
        narrowToThisTest();
        Grid<ReviewTask> grid = grid();
        assertThat(formatted(grid, rowOf(grid, taskId), "Assignee")).isEqualTo("—");
        NotificationsKt.clearNotifications();

        service.claim(taskId, retoucher2());

        await().atMost(Duration.ofSeconds(10)).pollInSameThread().untilAsserted(() -> {
            MockVaadin.clientRoundtrip();
            assertThat(notificationTexts()).anySatisfy(text -> assertThat(text).startsWith("retoucher2 claimed a task"));
        });
        assertThat(formatted(grid, rowOf(grid, taskId), "Assignee")).isEqualTo("retoucher2");
        assertThat(actionButton(grid, rowOf(grid, taskId)).getText()).isEqualTo("View");
    }

    @Test
    void bulkApprovalOfATaskBelowTheBarSaysWhyItWasNotApproved() {
        String doubtful = store(review("BULK", brand, "segmentation", 0.42, 50, now, null));

        login("retoucher");
        navigate(InboxView.class);
        narrowToThisTest();
        Grid<ReviewTask> grid = grid();
        // nothing selected, nothing to approve: the button is hidden (Karibu finds visible components only)
        LocatorJ._assertNone(Button.class, spec -> spec.withAttribute("data-testid", "bulk-approve"));

        GridKt._selectRow(grid, rowOf(grid, doubtful));
        Button bulk = byTestId(Button.class, "bulk-approve");
        assertThat(bulk.getText()).isEqualTo("Approve selected (1)");
        _click(bulk);
        assertThat(_get(Dialog.class).getHeaderTitle()).isEqualTo("Approve 1 task?");
        _click(byTestId(Button.class, "bulk-approve-confirm"));

        String bar = String.format("%.2f", reviewProperties.bulkApproveMinConfidence());
        assertThat(notificationTexts()).contains("0 approved; not approved:\n" + prefix
                + "BULK: confidence 0.42 is below the bulk-approval bar of " + bar);
        assertThat(grid.getSelectedItems()).isEmpty();
        ReviewTask task = taskIndex.get(doubtful).task();
        assertThat(task.state()).isEqualTo(TaskState.OPEN);
        assertThat(task.assignee()).as("a refused task is not claimed either").isNull();
    }

    @Test
    void aPhotographerSeesOnlyRetakeTasks() {
        String retake = store(retake("SHOE", brand));
        store(review("SHOE-R", brand, "segmentation", 0.42, 50, now, null));

        login("photographer");
        navigate(InboxView.class);
        narrowToThisTest();

        Grid<ReviewTask> grid = grid();
        assertThat(ids(grid)).containsExactly(retake);
        assertThat(texts(cell(grid, 0, WHY_COLUMN))).first().isEqualTo("Photo failed capture QC");
        assertThat(actionButton(grid, 0).getText()).isEqualTo("Claim");
    }

    @Test
    void anAuditorIsRefusedTheInbox() {
        login("auditor");
        // as in TeamQueueViewUiTest: Karibu's stand-in for the access-denied view may report a failed navigation
        Throwable refusal = catchThrowable(() -> UI.getCurrent().navigate(InboxView.class));
        if (refusal != null) {
            assertThat(refusal).hasStackTraceContaining("Access is denied");
        }
        assertThat(UI.getCurrent().getInternals().getActiveRouterTargetsChain()).noneMatch(InboxView.class::isInstance);
    }

    // ------------------------------------------------------------------ helpers

    private void narrowToThisTest() {
        _setValue(byTestId(TextField.class, "filter-sku"), prefix);
    }

    @SuppressWarnings("unchecked")
    private static Grid<ReviewTask> grid() {
        return byTestId(Grid.class, "inbox-grid");
    }

    private static List<String> ids(Grid<ReviewTask> grid) {
        return GridKt._findAll(grid).stream().map(ReviewTask::id).toList();
    }

    private static int rowOf(Grid<ReviewTask> grid, String taskId) {
        int row = ids(grid).indexOf(taskId);
        assertThat(row).as("task %s in the grid", taskId).isNotNegative();
        return row;
    }

    /** What a component column renders for a row (the inbox's columns have no keys, so by position). */
    @SuppressWarnings("unchecked")
    private static Component cell(Grid<ReviewTask> grid, int row, int column) {
        ComponentRenderer<? extends Component, ReviewTask> renderer =
                (ComponentRenderer<? extends Component, ReviewTask>) grid.getColumns().get(column).getRenderer();
        return renderer.createComponent(GridKt._get(grid, row));
    }

    private static Button actionButton(Grid<ReviewTask> grid, int row) {
        return LocatorJ._get(cell(grid, row, ACTION_COLUMN), Button.class);
    }

    private static String formatted(Grid<ReviewTask> grid, int row, String header) {
        return GridKt._getFormatted(GridKt._getColumnByHeader(grid, header), GridKt._get(grid, row));
    }

    /** The texts of the spans in a cell, in order. */
    private static List<String> texts(Component cell) {
        List<String> texts = new ArrayList<>();
        for (Span span : LocatorJ._find(cell, Span.class)) {
            texts.add(span.getText());
        }
        return texts;
    }

    private static List<String> notificationTexts() {
        return NotificationsKt.getNotifications().stream().map(InboxViewUiTest::text).toList();
    }

    private static String text(Notification notification) {
        return notification.getElement().getProperty("text", "");
    }

    private static Button deleteSavedFilterButton() {
        return LocatorJ._find(Button.class).stream()
                .filter(b -> b.getTooltip() != null && "Delete the selected saved filter".equals(b.getTooltip().getText()))
                .findFirst().orElseThrow();
    }

    private static TaskService.Worker retoucher2() {
        return new TaskService.Worker(Actor.user("retoucher2", List.of("RETOUCHER")), Set.of("retouchers"), false);
    }

    private String store(ReviewTask task) {
        assertThat(taskIndex.createIfAbsent(task)).isTrue();
        return task.id();
    }

    private ReviewTask review(String sku, String taskBrand, String check, double confidence, int priority, Instant created,
                              String assignee) {
        return review(sku, taskBrand, check, confidence, priority, created, created.plus(Duration.ofHours(4)), assignee);
    }

    private ReviewTask review(String sku, String taskBrand, String check, double confidence, int priority, Instant created,
                              Instant due, String assignee) {
        String id = "kv-" + UUID.randomUUID();
        return new ReviewTask(id, TaskKind.REVIEW, TaskKind.REVIEW.title(), REVIEW_ELEMENT, "image-of-" + id, prefix + sku,
                taskBrand, PRESET, List.of("retouchers"), assignee, TaskState.OPEN,
                List.of("unsure of the outline", "written by InboxViewUiTest"), check, Map.of(check, confidence), confidence,
                priority, null, created, due, assignee == null ? null : created, null, null, null, null, List.of());
    }

    private ReviewTask retake(String sku, String taskBrand) {
        String id = "kv-" + UUID.randomUUID();
        return new ReviewTask(id, TaskKind.RETAKE, TaskKind.RETAKE.title(), "retake-photo", "image-of-" + id, prefix + sku,
                taskBrand, PRESET, List.of("photographers"), null, TaskState.OPEN, List.of("too blurred"), "capture",
                Map.of("qc", 0.2), 0.2, 50, null, now, now.plus(Duration.ofHours(24)), null, null, null, null, null, List.of());
    }

    /** An image with real stored files (the task view opened after a claim shows them). */
    private String storeAsset(String sku) {
        String original = blobs.put(TestPhotos.bytes("apple.jpg"));
        String rendition = blobs.put(TestPhotos.bytes("orange.jpg"));
        String mask = blobs.put(TestPhotos.bytes("plant_result.png"));
        String id = "kv-img-" + UUID.randomUUID();
        assets.create(new Asset(id, prefix + sku, brand, PRESET, AssetStatus.IN_REVIEW, original, "apple.jpg", "image/jpeg",
                null, null, null, "photographer", now, now, List.of("unsure of the outline"), Map.of(),
                Map.of("original", original, "rendition", rendition, "mask", mask), List.of(), 50, null));
        return id;
    }

    private static ReviewTask withImage(ReviewTask t, String imageId) {
        return new ReviewTask(t.id(), t.kind(), t.name(), t.elementId(), imageId, t.sku(), t.brand(), t.preset(),
                t.candidateGroups(), t.assignee(), t.state(), t.reasons(), t.check(), t.scores(), t.confidence(), t.priority(),
                t.processInstanceKey(), t.createdAt(), t.dueAt(), t.claimedAt(), t.completedAt(), t.completedBy(),
                t.decision(), t.comment(), t.versions());
    }
}
