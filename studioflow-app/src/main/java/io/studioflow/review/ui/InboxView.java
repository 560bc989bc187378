package io.studioflow.review.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.Tabs;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.CallbackDataProvider;
import com.vaadin.flow.data.provider.DataProvider;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.studioflow.ingest.Asset;
import io.studioflow.ingest.AssetRepository;
import io.studioflow.ingest.ImageFiles;
import io.studioflow.review.InboxFacets;
import io.studioflow.review.InboxQuery;
import io.studioflow.review.ReviewTask;
import io.studioflow.review.SavedFilters;
import io.studioflow.review.SavedFilters.SavedFilter;
import io.studioflow.review.TaskChecks;
import io.studioflow.review.TaskEvents;
import io.studioflow.review.TaskService;
import io.studioflow.review.TaskService.BulkResult;
import io.studioflow.review.TaskService.Worker;
import jakarta.annotation.security.RolesAllowed;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The retoucher's and photographer's inbox: the open tasks of their groups, filtered and sorted, loaded a
 * page at a time from Elasticsearch, and refreshed by server push when tasks arrive or change hands.
 */
@Route("inbox")
@PageTitle("Inbox · Studioflow")
@RolesAllowed({"RETOUCHER", "PHOTOGRAPHER", "MANAGER", "ADMIN"})
public class InboxView extends VerticalLayout {

    static final int THUMBNAIL_SIZE = 72;
    /** Elasticsearch pages no deeper than the tasks index's max_result_window. */
    private static final int DEEPEST = 190_000;

    private final TaskService tasks;
    private final SavedFilters savedFilters;
    private final TaskEvents events;
    private final AssetRepository assets;
    private final ImageFiles files;
    // captured once: data is also fetched from push callbacks, which run without the request's security context
    private final Worker worker;

    private final Tabs scope = new Tabs();
    private final Tab allTab = new Tab("My groups");
    private final Tab mineTab = new Tab("Mine");
    private final Tab unassignedTab = new Tab("Unassigned");
    private final ComboBox<String> brand = new ComboBox<>("Brand");
    private final ComboBox<String> preset = new ComboBox<>("Preset");
    private final ComboBox<String> check = new ComboBox<>("Why");
    private final IntegerField minConfidence = new IntegerField("Confidence ≥ %");
    private final IntegerField maxConfidence = new IntegerField("≤ %");
    private final TextField sku = new TextField("SKU");
    private final Select<InboxQuery.Sort> sort = new Select<>();
    private final ComboBox<SavedFilter> saved = new ComboBox<>("Saved filters");
    private final Span total = new Span();
    private final Button bulkApprove = new Button("Approve selected");
    private final Grid<ReviewTask> grid = new Grid<>(ReviewTask.class, false);
    private final CallbackDataProvider<ReviewTask, Void> dataProvider;

    private InboxQuery query = InboxQuery.all();
    private long matching;
    private TaskEvents.Subscription subscription;

    public InboxView(TaskService tasks, SavedFilters savedFilters, TaskEvents events, AssetRepository assets,
                     ImageFiles files) {
        this.tasks = tasks;
        this.savedFilters = savedFilters;
        this.events = events;
        this.assets = assets;
        this.files = files;
        this.worker = Worker.of(SecurityContextHolder.getContext().getAuthentication());
        setSizeFull();
        setPadding(true);

        dataProvider = DataProvider.fromCallbacks(
                q -> fetch(q.getOffset(), q.getLimit()),
                q -> (int) Math.min(matching, DEEPEST));

        add(header(), filters(), grid());
        setFlexGrow(1, grid);
        applyFilters();
    }

    private HorizontalLayout header() {
        H3 title = new H3("Inbox");
        title.getStyle().set("margin", "0");
        total.getElement().setAttribute("data-testid", "inbox-total");
        total.getStyle().set("color", "var(--lumo-secondary-text-color)");
        scope.add(allTab, mineTab, unassignedTab);
        scope.addSelectedChangeListener(e -> applyFilters());
        scope.getElement().setAttribute("data-testid", "inbox-scope");
        bulkApprove.addThemeVariants(ButtonVariant.LUMO_SUCCESS);
        bulkApprove.setVisible(false);
        bulkApprove.addClickListener(e -> confirmBulkApprove());
        bulkApprove.getElement().setAttribute("data-testid", "bulk-approve");
        Button refresh = new Button(VaadinIcon.REFRESH.create(), e -> refresh());
        refresh.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        refresh.setTooltipText("Reload");
        refresh.getElement().setAttribute("data-testid", "inbox-refresh");
        HorizontalLayout header = new HorizontalLayout(title, total, scope, bulkApprove, refresh);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        header.setWidthFull();
        header.expand(scope);
        return header;
    }

    private HorizontalLayout filters() {
        InboxFacets facets = tasks.inboxFacets(worker);
        brand.setItems(facets.brands());
        brand.setClearButtonVisible(true);
        preset.setItems(facets.presets());
        preset.setClearButtonVisible(true);
        check.setItems(TaskChecks.all().keySet());
        check.setItemLabelGenerator(TaskChecks::label);
        check.setClearButtonVisible(true);
        check.setWidth("14em");
        for (IntegerField field : List.of(minConfidence, maxConfidence)) {
            field.setMin(0);
            field.setMax(100);
            field.setStep(5);
            field.setWidth("8em");
            field.setClearButtonVisible(true);
        }
        sku.setPlaceholder("starts with…");
        sku.setValueChangeMode(ValueChangeMode.LAZY);
        sku.setClearButtonVisible(true);
        sku.setWidth("10em");
        sort.setLabel("Sort");
        sort.setItems(InboxQuery.Sort.values());
        sort.setItemLabelGenerator(s -> switch (s) {
            case PRIORITY -> "Priority";
            case DUE -> "Due first";
            case AGE -> "Oldest first";
        });
        sort.setValue(InboxQuery.Sort.PRIORITY);
        sort.setWidth("9em");
        brand.getElement().setAttribute("data-testid", "filter-brand");
        preset.getElement().setAttribute("data-testid", "filter-preset");
        check.getElement().setAttribute("data-testid", "filter-check");
        minConfidence.getElement().setAttribute("data-testid", "filter-min-confidence");
        maxConfidence.getElement().setAttribute("data-testid", "filter-max-confidence");
        sku.getElement().setAttribute("data-testid", "filter-sku");
        sort.getElement().setAttribute("data-testid", "sort");
        brand.addValueChangeListener(e -> applyFilters());
        preset.addValueChangeListener(e -> applyFilters());
        check.addValueChangeListener(e -> applyFilters());
        minConfidence.addValueChangeListener(e -> applyFilters());
        maxConfidence.addValueChangeListener(e -> applyFilters());
        sku.addValueChangeListener(e -> applyFilters());
        sort.addValueChangeListener(e -> applyFilters());

        saved.setItemLabelGenerator(SavedFilter::name);
        saved.setClearButtonVisible(true);
        saved.setItems(savedFilters.of(worker.name()));
        saved.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                show(e.getValue().query());
            }
        });
        saved.getElement().setAttribute("data-testid", "saved-filters");
        Button save = new Button("Save filter", VaadinIcon.BOOKMARK.create(), e -> askFilterName());
        save.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        save.getElement().setAttribute("data-testid", "save-filter");
        Button delete = new Button(VaadinIcon.TRASH.create(), e -> deleteSavedFilter());
        delete.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
        delete.setTooltipText("Delete the selected saved filter");
        delete.getElement().setAttribute("data-testid", "delete-filter");

        HorizontalLayout row = new HorizontalLayout(brand, preset, check, minConfidence, maxConfidence, sku, sort, saved,
                save, delete);
        row.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        row.getStyle().set("flex-wrap", "wrap");
        row.setWidthFull();
        return row;
    }

    private Grid<ReviewTask> grid() {
        grid.setSelectionMode(Grid.SelectionMode.MULTI);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setPageSize(50);
        grid.addComponentColumn(this::thumbnail).setHeader("").setWidth((THUMBNAIL_SIZE + 24) + "px").setFlexGrow(0);
        grid.addComponentColumn(InboxView::skuCell).setHeader("SKU · brand · preset").setWidth("13em").setFlexGrow(0);
        grid.addComponentColumn(InboxView::whyCell).setHeader("Why it is here").setFlexGrow(1).setWidth("12em")
                .setTooltipGenerator(InboxView::why);
        grid.addComponentColumn(t -> TaskFormat.confidenceBadge(t.confidence())).setHeader("Confidence")
                .setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(t -> t.priority() == null ? "" : t.priority().toString()).setHeader("Priority")
                .setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(t -> TaskFormat.age(t.createdAt(), Instant.now())).setHeader("Age").setAutoWidth(true)
                .setFlexGrow(0);
        grid.addComponentColumn(InboxView::dueCell).setHeader("Due").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(t -> t.assignee() == null ? "—" : t.assignee().equals(worker.name()) ? "you" : t.assignee())
                .setHeader("Assignee").setAutoWidth(true).setFlexGrow(0);
        // always in view, however wide the other columns make the grid
        grid.addComponentColumn(this::actionCell).setHeader("").setAutoWidth(true).setFlexGrow(0).setFrozenToEnd(true);
        grid.setItems(dataProvider);
        grid.setEmptyStateText("Nothing here: no open task matches. New tasks appear by themselves.");
        grid.addItemDoubleClickListener(e -> open(e.getItem()));
        grid.addSelectionListener(e -> {
            int n = e.getAllSelectedItems().size();
            bulkApprove.setVisible(n > 0);
            bulkApprove.setText("Approve selected (" + n + ")");
        });
        grid.getElement().setAttribute("data-testid", "inbox-grid");
        grid.setSizeFull();
        return grid;
    }

    private Stream<ReviewTask> fetch(int offset, int limit) {
        if (offset >= DEEPEST) {
            return Stream.empty();
        }
        return tasks.inbox(query, worker, offset, Math.min(limit, DEEPEST - offset)).stream();
    }

    private void applyFilters() {
        InboxQuery.Scope selectedScope = scope.getSelectedTab() == mineTab ? InboxQuery.Scope.MINE
                : scope.getSelectedTab() == unassignedTab ? InboxQuery.Scope.UNASSIGNED : InboxQuery.Scope.MY_GROUPS;
        Double min = minConfidence.getValue() == null ? null : minConfidence.getValue() / 100.0;
        Double max = maxConfidence.getValue() == null ? null : maxConfidence.getValue() / 100.0;
        try {
            query = new InboxQuery(selectedScope, brand.getValue(), preset.getValue(), check.getValue(), min, max,
                    sku.getValue(), sort.getValue());
            maxConfidence.setInvalid(false);
        } catch (IllegalArgumentException e) {
            maxConfidence.setErrorMessage("below the lowest");
            maxConfidence.setInvalid(true);
            return;
        }
        refresh();
    }

    /** Puts a saved query into the filter fields (which then apply it). */
    private void show(InboxQuery saved) {
        scope.setSelectedTab(switch (saved.scope()) {
            case MINE -> mineTab;
            case UNASSIGNED -> unassignedTab;
            case MY_GROUPS -> allTab;
        });
        brand.setValue(saved.brand());
        preset.setValue(saved.preset());
        check.setValue(saved.check());
        minConfidence.setValue(saved.minConfidence() == null ? null : (int) Math.round(saved.minConfidence() * 100));
        maxConfidence.setValue(saved.maxConfidence() == null ? null : (int) Math.round(saved.maxConfidence() * 100));
        sku.setValue(saved.sku() == null ? "" : saved.sku());
        sort.setValue(saved.sort());
        applyFilters();
    }

    /** Counts once per change: the label and the grid's size both use it. */
    void refresh() {
        matching = tasks.inboxCount(query, worker);
        total.setText(matching == 1 ? "1 task" : matching + " tasks");
        dataProvider.refreshAll();
    }

    private void askFilterName() {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Save this filter");
        TextField name = new TextField("Name");
        name.setWidthFull();
        if (saved.getValue() != null) {
            name.setValue(saved.getValue().name());
        }
        Button ok = new Button("Save", e -> {
            try {
                savedFilters.save(worker.name(), name.getValue(), query);
                saved.setItems(savedFilters.of(worker.name()));
                notify("Filter '" + name.getValue().strip() + "' saved", NotificationVariant.LUMO_SUCCESS);
                dialog.close();
            } catch (RuntimeException ex) {
                name.setErrorMessage(ex.getMessage());
                name.setInvalid(true);
            }
        });
        ok.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        ok.getElement().setAttribute("data-testid", "save-filter-confirm");
        name.getElement().setAttribute("data-testid", "save-filter-name");
        dialog.add(name);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), ok);
        dialog.open();
        name.focus();
    }

    private void deleteSavedFilter() {
        SavedFilter filter = saved.getValue();
        if (filter == null) {
            notify("Choose a saved filter to delete", NotificationVariant.LUMO_CONTRAST);
            return;
        }
        savedFilters.delete(worker.name(), filter.name());
        saved.clear();
        saved.setItems(savedFilters.of(worker.name()));
        notify("Filter '" + filter.name() + "' deleted", NotificationVariant.LUMO_CONTRAST);
    }

    private void confirmBulkApprove() {
        Set<ReviewTask> selected = grid.getSelectedItems();
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Approve " + selected.size() + " task" + (selected.size() == 1 ? "" : "s") + "?");
        dialog.add(new Span("Each is approved only if the policy allows it: a review with an automated result "
                + "whose lowest confidence is at or above the bulk-approval bar, not held by someone else."));
        Button approve = new Button("Approve", e -> {
            List<BulkResult> results = tasks.bulkApprove(selected.stream().map(ReviewTask::id).toList(), worker, null);
            dialog.close();
            grid.deselectAll();
            long approved = results.stream().filter(BulkResult::approved).count();
            String refused = results.stream().filter(r -> !r.approved())
                    .map(r -> (r.sku() == null ? r.taskId() : r.sku()) + ": " + r.message())
                    .reduce((a, b) -> a + "\n" + b).orElse("");
            notify(approved + " approved" + (refused.isEmpty() ? "" : "; not approved:\n" + refused),
                    refused.isEmpty() ? NotificationVariant.LUMO_SUCCESS : NotificationVariant.LUMO_WARNING);
            refresh();
        });
        approve.addThemeVariants(ButtonVariant.LUMO_SUCCESS, ButtonVariant.LUMO_PRIMARY);
        approve.getElement().setAttribute("data-testid", "bulk-approve-confirm");
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), approve);
        dialog.open();
    }

    private Div thumbnail(ReviewTask task) {
        String imageId = task.imageId();
        Image image = new Image(ImageCompare.download("thumb-" + imageId + ".jpg", () -> thumbnailBytes(imageId)),
                "Result for " + task.sku());
        image.setWidth(THUMBNAIL_SIZE + "px");
        image.setHeight(THUMBNAIL_SIZE + "px");
        image.getStyle().set("object-fit", "contain").set("background", "white")
                .set("border", "1px solid var(--lumo-contrast-10pct)").set("border-radius", "var(--lumo-border-radius-s)");
        return new Div(image);
    }

    // the newest result there is: a retouched version, else the automated rendition, else the photo
    private Optional<byte[]> thumbnailBytes(String imageId) {
        Asset asset = assets.get(imageId);
        return files.thumbnail(asset, ImageFiles.RETOUCHED, THUMBNAIL_SIZE * 2)
                .or(() -> files.thumbnail(asset, ImageFiles.RENDITION, THUMBNAIL_SIZE * 2))
                .or(() -> files.thumbnail(asset, ImageFiles.ORIGINAL, THUMBNAIL_SIZE * 2));
    }

    private static Div skuCell(ReviewTask task) {
        Span skuText = new Span(task.sku());
        skuText.getStyle().set("font-weight", "600");
        Span kind = new Span(task.brand() + " · " + task.preset() + " · " + task.name());
        kind.getStyle().set("font-size", "var(--lumo-font-size-xs)").set("color", "var(--lumo-secondary-text-color)")
                .set("display", "block");
        return new Div(skuText, kind);
    }

    private static Div whyCell(ReviewTask task) {
        Span label = new Span(TaskChecks.label(task.check()));
        label.getStyle().set("font-weight", "500");
        Span detail = new Span(task.reasons() == null ? "" : String.join("; ", task.reasons()));
        detail.getStyle().set("font-size", "var(--lumo-font-size-xs)").set("color", "var(--lumo-secondary-text-color)")
                .set("display", "block").set("white-space", "normal").set("line-height", "1.3");
        Div cell = new Div(label, detail);
        cell.getStyle().set("white-space", "normal");
        return cell;
    }

    private static String why(ReviewTask task) {
        String label = TaskChecks.label(task.check());
        return task.reasons() == null || task.reasons().isEmpty() ? label : label + ": " + String.join("; ", task.reasons());
    }

    private static Span dueCell(ReviewTask task) {
        Instant now = Instant.now();
        String text = TaskFormat.due(task.dueAt(), now);
        return task.isOverdue(now) ? TaskFormat.badge(text, TaskFormat.Tone.BAD) : new Span(text);
    }

    private HorizontalLayout actionCell(ReviewTask task) {
        Button action;
        if (task.assignee() == null && task.firstApprovedBy(worker.name())) {
            // four eyes: the first approver may look but not take the second approval
            action = new Button("View", e -> open(task));
            action.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
            action.setTooltipText("You gave the first approval; someone else must give the second");
            action.getElement().setAttribute("data-testid", "view-" + task.id());
        } else if (task.assignee() == null) {
            action = new Button("Claim", e -> claim(task));
            action.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SMALL);
            action.getElement().setAttribute("data-testid", "claim-" + task.id());
        } else if (task.assignee().equals(worker.name())) {
            action = new Button("Open", e -> open(task));
            action.addThemeVariants(ButtonVariant.LUMO_SMALL);
            action.getElement().setAttribute("data-testid", "open-" + task.id());
        } else {
            action = new Button("View", e -> open(task));
            action.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
            action.getElement().setAttribute("data-testid", "view-" + task.id());
        }
        return new HorizontalLayout(action);
    }

    private void claim(ReviewTask task) {
        try {
            tasks.claim(task.id(), worker);
            open(task);
        } catch (RuntimeException e) {
            notify("Could not claim " + task.sku() + ": " + e.getMessage(), NotificationVariant.LUMO_ERROR);
            refresh();
        }
    }

    private void open(ReviewTask task) {
        getUI().ifPresent(ui -> TaskView.open(ui, task.id()));
    }

    private static void notify(String text, NotificationVariant variant) {
        Notification notification = Notification.show(text, 5000, Notification.Position.BOTTOM_START);
        notification.addThemeVariants(variant);
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        UI ui = attachEvent.getUI();
        subscription = events.subscribe(event -> {
            if (event.candidateGroups() != null && event.candidateGroups().stream().anyMatch(worker.groups()::contains)) {
                ui.access(() -> {
                    refresh();
                    if ("CLAIMED".equals(event.change()) && !worker.name().equals(event.by())) {
                        // the grid already shows it; a quiet word explains why a row changed hands
                        Notification.show(event.by() + " claimed a task in your inbox", 5000, Notification.Position.BOTTOM_END);
                    }
                });
            }
        });
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        if (subscription != null) {
            subscription.cancel();
            subscription = null;
        }
        super.onDetach(detachEvent);
    }
}
