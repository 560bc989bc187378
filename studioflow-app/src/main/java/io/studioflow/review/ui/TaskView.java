package io.studioflow.review.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.KeyModifier;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.component.upload.receivers.MemoryBuffer;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.server.streams.DownloadHandler;
import io.studioflow.audit.AuditEvent;
import io.studioflow.audit.AuditLog;
import io.studioflow.ingest.Asset;
import io.studioflow.ingest.AssetNotFoundException;
import io.studioflow.ingest.AssetRepository;
import io.studioflow.ingest.ImageFiles;
import io.studioflow.processing.ComposeSettings;
import io.studioflow.processing.compose.ComposeSpec;
import io.studioflow.processing.compose.ShadowStyle;
import io.studioflow.review.ReviewTask;
import io.studioflow.review.TaskChecks;
import io.studioflow.review.TaskKind;
import io.studioflow.review.TaskNotFoundException;
import io.studioflow.review.TaskService;
import io.studioflow.review.TaskService.Worker;
import jakarta.annotation.security.RolesAllowed;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * One task, as a retoucher works it: original and result compared, the scores and why the image is here,
 * the brand's checklist, the history, and the actions (approve, approve and next, reject, reprocess,
 * retake, retouched versions, comments), with keyboard shortcuts for a fast day.
 */
// the id is a query parameter, not a path segment: Vaadin's upload posts to a URL relative to the page,
// which under /tasks/<id> resolved to /tasks/VAADIN/... and was refused ("Upload forbidden")
@Route("task")
@RolesAllowed({"RETOUCHER", "PHOTOGRAPHER", "MANAGER", "ADMIN"})
public class TaskView extends HorizontalLayout implements BeforeEnterObserver, HasDynamicTitle {

    static final long MAX_UPLOAD_BYTES = 60L * 1024 * 1024;
    static final String ID_PARAMETER = "id";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());
    private static final Map<String, String> SCORE_MEANINGS = new LinkedHashMap<>();

    static {
        SCORE_MEANINGS.put("qc", "Capture QC: sharpness, exposure and colour cast of the photo as shot");
        SCORE_MEANINGS.put("segmentation", "Background removal: how sure the model is of the product's outline");
        SCORE_MEANINGS.put("colour", "Colour: how reliable the neutral reference for white balance was");
        SCORE_MEANINGS.put("composition", "Composition: whether the product sits whole and well framed on the canvas");
    }

    private final TaskService tasks;
    private final AssetRepository assets;
    private final ImageFiles files;
    private final AuditLog audit;
    private final Worker worker;

    private final Div side = new Div();
    private final ImageCompare compare = new ImageCompare();
    private ReviewTask task;
    private Asset asset;
    private final List<Checkbox> checklist = new ArrayList<>();
    private Button approve;
    private Button approveNext;

    public TaskView(TaskService tasks, AssetRepository assets, ImageFiles files, AuditLog audit) {
        this.tasks = tasks;
        this.assets = assets;
        this.files = files;
        this.audit = audit;
        this.worker = Worker.of(SecurityContextHolder.getContext().getAuthentication());
        setSizeFull();
        setPadding(true);
        setSpacing(true);
        compare.setHeight("calc(100vh - 140px)");
        side.setWidth("430px");
        side.setMinWidth("380px");
        side.getStyle().set("overflow-y", "auto").set("height", "calc(100vh - 110px)").set("flex-shrink", "0");
        side.getElement().setAttribute("data-testid", "task-side");
        add(compare, side);
        setFlexGrow(1, compare);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String taskId = event.getLocation().getQueryParameters().getSingleParameter(ID_PARAMETER).orElse("");
        load(taskId);
    }

    /** Opens a task in this view. */
    public static void open(UI ui, String taskId) {
        ui.navigate(TaskView.class, QueryParameters.of(ID_PARAMETER, taskId));
    }

    @Override
    public String getPageTitle() {
        return (task == null ? "Task" : task.sku() + " · " + task.name()) + " · Studioflow";
    }

    private void load(String taskId) {
        side.removeAll();
        checklist.clear();
        approve = null;
        approveNext = null;
        if (taskId.isBlank()) {
            showProblem("No task was chosen: open one from the inbox.");
            return;
        }
        try {
            task = tasks.get(taskId, worker);
            asset = assets.get(task.imageId());
        } catch (TaskNotFoundException e) {
            showProblem("There is no task " + taskId + ". It may have been completed and removed.");
            return;
        } catch (AccessDeniedException e) {
            showProblem("This task is not for your groups: " + e.getMessage());
            return;
        } catch (AssetNotFoundException e) {
            showProblem("The image of this task is missing: " + e.getMessage());
            return;
        }
        showImages();
        side.add(header(), firstApproval(), actions(), whyHere(), scores(), checklistSection(), versions(), history(),
                commentBox());
        updateApproveState(); // the checklist exists only now
    }

    private void showProblem(String text) {
        task = null;
        compare.setVisible(false);
        Paragraph problem = new Paragraph(text);
        problem.getElement().setAttribute("data-testid", "task-problem");
        side.setWidthFull();
        side.add(problem, new Button("Back to the inbox", e -> toInbox()));
    }

    private void showImages() {
        compare.setVisible(true);
        String id = asset.id();
        compare.setOriginal(ImageCompare.download("original-" + id, () -> files.bytes(asset, ImageFiles.ORIGINAL)));
        // a second approval shows what the first approver approved, their retouched file included
        boolean retouchedFirst = task.latestVersion() == null && task.firstApproval() != null
                && task.firstApproval().retouchedHash() != null;
        boolean retouched = task.latestVersion() != null || retouchedFirst;
        String resultArtifact = retouched ? ImageFiles.RETOUCHED : ImageFiles.RENDITION;
        // no result yet (e.g. nothing to compose): the pane says so instead of showing a broken image
        DownloadHandler result = files.hashOf(asset, resultArtifact).isEmpty() ? null
                : ImageCompare.download((retouchedFirst ? "retouched-first" : retouched ? "retouched-v"
                        + task.latestVersion().number() : "result") + "-" + id,
                        () -> files.bytes(asset, resultArtifact));
        compare.setResult(result);
        compare.setLabels("Original", retouchedFirst ? "Retouched by " + task.firstApproval().reviewer()
                : retouched ? "Retouched v" + task.latestVersion().number() : "Automated result");
        compare.setCutout(ImageCompare.download("cutout-" + id + ".png", () -> files.cutoutPng(asset)));
        compare.setMask(ImageCompare.download("mask-" + id + ".png", () -> files.bytes(asset, ImageFiles.MASK)));
    }

    private Component header() {
        H3 title = new H3(task.sku());
        title.getStyle().set("margin", "0");
        Span name = new Span(task.name() + " · " + task.brand() + " · " + task.preset());
        name.getStyle().set("color", "var(--lumo-secondary-text-color)");
        Instant now = Instant.now();
        Span state = task.isOpen()
                ? TaskFormat.badge(task.assignee() == null ? "Open, unclaimed"
                : task.assignee().equals(worker.name()) ? "Yours" : "Held by " + task.assignee(),
                task.assignee() == null ? TaskFormat.Tone.NEUTRAL : TaskFormat.Tone.GOOD)
                : TaskFormat.badge("Done: " + task.decision() + " by " + task.completedBy(), TaskFormat.Tone.NEUTRAL);
        state.getElement().setAttribute("data-testid", "task-state");
        Span due = task.isOverdue(now) ? TaskFormat.badge("Due " + TaskFormat.due(task.dueAt(), now), TaskFormat.Tone.BAD)
                : new Span("Due " + TaskFormat.due(task.dueAt(), now));
        Span priority = new Span("Priority " + (task.priority() == null ? "—" : task.priority()));
        HorizontalLayout facts = new HorizontalLayout(state, due, priority);
        facts.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        facts.getStyle().set("flex-wrap", "wrap");
        Button back = new Button("Inbox", e -> toInbox());
        back.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        VerticalLayout header = new VerticalLayout(back, title, name, facts);
        header.setPadding(false);
        header.setSpacing(false);
        return header;
    }

    /** On a second approval: who gave the first one and what they said, so the second person decides knowingly. */
    private Component firstApproval() {
        Div box = new Div();
        if (task.firstApproval() == null) {
            return box;
        }
        box.getElement().setAttribute("data-testid", "task-first-approval");
        box.getStyle().set("border-left", "4px solid var(--lumo-success-color)").set("padding", "var(--lumo-space-xs) var(--lumo-space-s)")
                .set("margin", "var(--lumo-space-s) 0").set("background", "var(--lumo-contrast-5pct)");
        Span title = TaskFormat.badge("Second approval · four eyes", TaskFormat.Tone.WARN);
        String comment = task.firstApproval().comment();
        Paragraph first = new Paragraph("First approved by " + task.firstApproval().reviewer()
                + (comment == null || comment.isBlank() ? " (no comment)" : ": “" + comment.strip() + "”")
                + (task.firstApproval().retouchedHash() == null ? "" : " · with a retouched file"));
        first.getStyle().set("margin", "var(--lumo-space-xs) 0 0 0");
        box.add(title, first);
        if (task.firstApprovedBy(worker.name())) {
            Paragraph yours = new Paragraph("You gave the first approval: someone else must decide this one.");
            yours.getStyle().set("margin", "0").set("font-size", "var(--lumo-font-size-s)")
                    .set("color", "var(--lumo-secondary-text-color)");
            box.add(yours);
        }
        return box;
    }

    private Component actions() {
        VerticalLayout box = new VerticalLayout();
        box.setPadding(false);
        box.getElement().setAttribute("data-testid", "task-actions");
        if (!task.isOpen()) {
            return box;
        }
        boolean mine = worker.name().equals(task.assignee());
        HorizontalLayout ownership = new HorizontalLayout();
        if (task.firstApprovedBy(worker.name())) {
            return box; // four eyes: the first approver neither claims nor decides (the service refuses it too)
        }
        if (task.assignee() == null) {
            Button claim = new Button("Claim", e -> run(() -> tasks.claim(task.id(), worker), "Claimed: it is yours now"));
            claim.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            claim.getElement().setAttribute("data-testid", "task-claim");
            ownership.add(claim);
        } else if (mine || worker.canReassign()) {
            Button unclaim = new Button(mine ? "Unclaim" : "Release from " + task.assignee(),
                    e -> run(() -> tasks.unclaim(task.id(), worker), "Released: back in the queue"));
            unclaim.getElement().setAttribute("data-testid", "task-unclaim");
            ownership.add(unclaim);
        }
        if (worker.canReassign()) {
            ComboBox<String> assignee = new ComboBox<>();
            assignee.setPlaceholder("Assign to…");
            assignee.setItems(tasks.assignableTo(task));
            assignee.getElement().setAttribute("data-testid", "task-assignee");
            Button assign = new Button("Assign", e -> {
                if (assignee.getValue() != null) {
                    run(() -> tasks.assign(task.id(), worker, assignee.getValue()), "Assigned to " + assignee.getValue());
                }
            });
            assign.getElement().setAttribute("data-testid", "task-assign");
            ownership.add(assignee, assign);
        }
        ownership.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        box.add(ownership);
        if (!mine) {
            if (task.assignee() != null) {
                box.add(new Paragraph(task.assignee() + " holds this task; only they can decide it."));
            }
            return box;
        }

        if (task.kind() == TaskKind.RETAKE) {
            box.add(retakeUpload());
            return box;
        }
        approve = new Button("Approve", e -> approve(false));
        approve.addThemeVariants(ButtonVariant.LUMO_SUCCESS, ButtonVariant.LUMO_PRIMARY);
        approve.addClickShortcut(Key.KEY_A, KeyModifier.ALT);
        approve.setTooltipText("Publish this result (Alt+A); tick the checklist first");
        approve.getElement().setAttribute("data-testid", "task-approve");
        approveNext = new Button("Approve and next", e -> approve(true));
        approveNext.addThemeVariants(ButtonVariant.LUMO_SUCCESS);
        approveNext.addClickShortcut(Key.KEY_N, KeyModifier.ALT);
        approveNext.setTooltipText("Approve, then open your next task (Alt+N); tick the checklist first");
        approveNext.getElement().setAttribute("data-testid", "task-approve-next");
        Button reject = new Button("Reject…", e -> rejectDialog());
        reject.addThemeVariants(ButtonVariant.LUMO_ERROR);
        reject.addClickShortcut(Key.KEY_R, KeyModifier.ALT);
        reject.setTooltipText("Reject with a reason (Alt+R)");
        reject.getElement().setAttribute("data-testid", "task-reject");
        Button reprocess = new Button("Reprocess…", e -> reprocessDialog());
        reprocess.setTooltipText("Compose again with other settings; the result comes back to you (Alt+P)");
        reprocess.addClickShortcut(Key.KEY_P, KeyModifier.ALT);
        reprocess.getElement().setAttribute("data-testid", "task-reprocess");
        Button retake = new Button("Request retake…", e -> retakeDialog());
        retake.getElement().setAttribute("data-testid", "task-retake");
        HorizontalLayout decide = new HorizontalLayout(approve, approveNext);
        HorizontalLayout other = new HorizontalLayout(reject, reprocess, retake);
        other.getStyle().set("flex-wrap", "wrap");
        Span keys = new Span("Keys: Alt+A approve · Alt+N approve and next · Alt+R reject · Alt+P reprocess");
        keys.getStyle().set("font-size", "var(--lumo-font-size-xs)").set("color", "var(--lumo-secondary-text-color)");
        box.add(decide, other, keys, versionUpload());
        return box;
    }

    private Component whyHere() {
        H4 title = new H4("Why it is here");
        Span check = TaskFormat.badge(TaskChecks.label(task.check()), TaskFormat.Tone.WARN);
        UnorderedList reasons = new UnorderedList();
        if (task.reasons() != null) {
            task.reasons().forEach(r -> reasons.add(new ListItem(r)));
        }
        reasons.getElement().setAttribute("data-testid", "task-reasons");
        return new Div(title, check, reasons);
    }

    private Component scores() {
        Div box = new Div(new H4("Scores"));
        box.getElement().setAttribute("data-testid", "task-scores");
        if (task.scores() == null || task.scores().isEmpty()) {
            box.add(new Paragraph("No automated step has run on this photo yet."));
            return box;
        }
        for (Map.Entry<String, String> meaning : SCORE_MEANINGS.entrySet()) {
            Object value = task.scores().get(meaning.getKey());
            if (value instanceof Number number) {
                Span text = new Span(meaning.getValue());
                text.getStyle().set("font-size", "var(--lumo-font-size-s)");
                HorizontalLayout row = new HorizontalLayout(TaskFormat.confidenceBadge(number.doubleValue()), text);
                row.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
                row.getStyle().set("margin-bottom", "var(--lumo-space-xs)");
                box.add(row);
            }
        }
        return box;
    }

    private Component checklistSection() {
        Div box = new Div();
        if (!task.kind().decidesOnResult()) {
            return box;
        }
        box.add(new H4("Before you approve (" + task.brand() + ")"));
        if (task.isOpen() && worker.name().equals(task.assignee())) {
            Span hint = new Span("Tick every item to enable Approve; your ticks go on record with the approval.");
            hint.getStyle().set("font-size", "var(--lumo-font-size-xs)").set("color", "var(--lumo-secondary-text-color)");
            box.add(hint);
        }
        box.getElement().setAttribute("data-testid", "task-checklist");
        boolean mine = task.isOpen() && worker.name().equals(task.assignee());
        for (String item : tasks.checklist(task)) {
            Checkbox box1 = new Checkbox(item);
            box1.setEnabled(mine);
            box1.addValueChangeListener(e -> updateApproveState());
            checklist.add(box1);
            Div line = new Div(box1);
            box.add(line);
        }
        return box;
    }

    private void updateApproveState() {
        boolean allTicked = checklist.stream().allMatch(Checkbox::getValue);
        for (Button button : new Button[] {approve, approveNext}) {
            if (button != null) {
                button.setEnabled(allTicked);
            }
        }
    }

    private Component versions() {
        Div box = new Div();
        if (task.versions() == null || task.versions().isEmpty()) {
            return box;
        }
        box.add(new H4("Retouched versions"));
        UnorderedList list = new UnorderedList();
        ReviewTask.RetouchedVersion latest = task.latestVersion();
        for (ReviewTask.RetouchedVersion v : task.versions()) {
            String text = "v" + v.number() + (v.fileName() == null ? "" : " · " + v.fileName()) + " · " + v.uploadedBy()
                    + " · " + TIME.format(v.uploadedAt()) + (v == latest ? " (published on approval)" : "");
            list.add(new ListItem(text));
        }
        list.getElement().setAttribute("data-testid", "task-versions");
        box.add(list);
        return box;
    }

    private Component history() {
        List<AuditEvent> events;
        try {
            events = audit.history(task.imageId());
        } catch (RuntimeException e) {
            return new Paragraph("The history could not be read just now: " + e.getMessage());
        }
        UnorderedList list = new UnorderedList();
        list.getElement().setAttribute("data-testid", "task-history");
        for (AuditEvent event : events) {
            String who = event.actor() == null ? "" : event.actor().name();
            String text = TIME.format(event.time()) + " · " + event.step() + " · " + event.decision() + " · " + who
                    + (event.comment() == null || event.comment().isBlank() ? "" : " — " + event.comment());
            ListItem item = new ListItem(text);
            item.getStyle().set("font-size", "var(--lumo-font-size-s)");
            list.add(item);
        }
        Details details = new Details("History (" + events.size() + ")", list);
        details.setOpened(true);
        return details;
    }

    private Component commentBox() {
        TextArea text = new TextArea("Comment");
        text.setWidthFull();
        text.setMaxLength(4000);
        text.getElement().setAttribute("data-testid", "task-comment");
        Button post = new Button("Add comment", e -> {
            if (text.getValue().isBlank()) {
                text.setErrorMessage("Write something first");
                text.setInvalid(true);
                return;
            }
            run(() -> tasks.comment(task.id(), worker, text.getValue()), "Comment added");
        });
        post.getElement().setAttribute("data-testid", "task-comment-add");
        return new Div(text, post);
    }

    private Component versionUpload() {
        Upload upload = photoUpload("Drop a retouched file here (JPEG, PNG, WebP or TIFF, up to 60 MB)",
                "task-upload-version", (fileName, bytes) -> run(() -> tasks.addVersion(task.id(), worker, bytes, fileName),
                        "Retouched version saved; approving publishes it"));
        return new Div(new H4("Upload a retouched version"), upload);
    }

    private Component retakeUpload() {
        Upload upload = photoUpload("Drop the new photo here; it goes through capture QC again", "task-upload-retake",
                (fileName, bytes) -> {
                    if (run(() -> tasks.complete(task.id(), worker, null, null, bytes), "New photo sent to capture QC")) {
                        toInbox();
                    }
                });
        return new Div(new H4("Upload the new photo"), upload);
    }

    /**
     * An upload of one image file. The browser refuses other types and files over the limit; the server
     * validates what arrives (the service does), so a renamed non-image is refused there with a reason.
     */
    private Upload photoUpload(String dropLabel, String testId, BiConsumer<String, byte[]> received) {
        MemoryBuffer buffer = new MemoryBuffer();
        Upload upload = new Upload(buffer);
        upload.setAcceptedFileTypes("image/jpeg", "image/png", "image/webp", "image/tiff", ".jpg", ".jpeg", ".png",
                ".webp", ".tif", ".tiff");
        upload.setMaxFileSize((int) MAX_UPLOAD_BYTES);
        upload.setDropLabel(new Span(dropLabel));
        upload.getElement().setAttribute("data-testid", testId);
        upload.addSucceededListener(e -> received.accept(e.getFileName(), read(buffer.getInputStream())));
        upload.addFileRejectedListener(e -> notify("Not accepted: " + e.getErrorMessage(), NotificationVariant.LUMO_ERROR));
        return upload;
    }

    private void approve(boolean thenNext) {
        List<String> confirmed = checklist.stream().filter(Checkbox::getValue).map(Checkbox::getLabel).toList();
        boolean done = run(() -> tasks.complete(task.id(), worker, "APPROVE", null, null, confirmed), "Approved "
                + task.sku() + (task.latestVersion() == null ? "" : " with retouched v" + task.latestVersion().number()));
        if (done) {
            if (thenNext) {
                openNext();
            } else {
                toInbox();
            }
        }
    }

    private void openNext() {
        Optional<ReviewTask> next = tasks.next(worker);
        if (next.isEmpty()) {
            notify("Your inbox is empty", NotificationVariant.LUMO_SUCCESS);
            toInbox();
            return;
        }
        ReviewTask candidate = next.get();
        try {
            if (candidate.assignee() == null) {
                tasks.claim(candidate.id(), worker);
            }
            getUI().ifPresent(ui -> open(ui, candidate.id()));
        } catch (RuntimeException e) {
            // someone took it a moment ago: try the one after
            notify("Next task was taken: " + e.getMessage(), NotificationVariant.LUMO_CONTRAST);
            toInbox();
        }
    }

    private void rejectDialog() {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Reject " + task.sku());
        TextArea reason = new TextArea("Reason (goes to the image's history)");
        reason.setWidth("28em");
        reason.setRequired(true);
        reason.getElement().setAttribute("data-testid", "reject-reason");
        Button confirm = new Button("Reject", e -> {
            if (reason.getValue().isBlank()) {
                reason.setErrorMessage("A rejection needs a reason");
                reason.setInvalid(true);
                return;
            }
            if (run(() -> tasks.complete(task.id(), worker, "REJECT", reason.getValue(), null), "Rejected " + task.sku())) {
                dialog.close();
                toInbox();
            }
        });
        confirm.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
        confirm.getElement().setAttribute("data-testid", "reject-confirm");
        dialog.add(reason);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), confirm);
        dialog.open();
        reason.focus();
    }

    private void retakeDialog() {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Ask the photographer for a retake");
        TextArea reason = new TextArea("What should change in the new photo?");
        reason.setWidth("28em");
        reason.getElement().setAttribute("data-testid", "retake-reason");
        Button confirm = new Button("Request retake", e -> {
            if (run(() -> tasks.complete(task.id(), worker, "RETAKE", reason.getValue(), null), "Retake requested")) {
                dialog.close();
                toInbox();
            }
        });
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        confirm.getElement().setAttribute("data-testid", "retake-confirm");
        dialog.add(reason);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), confirm);
        dialog.open();
    }

    private void reprocessDialog() {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Reprocess " + task.sku() + " with other settings");
        IntegerField fill = new IntegerField("Product fills (% of the canvas)");
        fill.setMin((int) Math.round(ComposeSettings.MIN_FILL_RATIO * 100));
        fill.setMax((int) Math.round(ComposeSettings.MAX_FILL_RATIO * 100));
        fill.setStepButtonsVisible(true);
        fill.setValue((int) Math.round(ComposeSpec.DEFAULT_FILL_RATIO * 100));
        fill.getElement().setAttribute("data-testid", "reprocess-fill");
        Select<ShadowStyle> shadow = new Select<>();
        shadow.setLabel("Shadow");
        shadow.setItems(ShadowStyle.values());
        shadow.setItemLabelGenerator(s -> switch (s) {
            case NONE -> "None (plain background)";
            case CONTACT -> "Soft contact shadow";
            case GROUND -> "Ground shadow under the base";
            case DROP -> "Drop shadow";
            case KEEP -> "Keep the photo's own shadow";
        });
        shadow.setValue(ShadowStyle.NONE);
        shadow.getElement().setAttribute("data-testid", "reprocess-shadow");
        IntegerField edge = new IntegerField("Edge threshold (1-254: higher trims soft edges harder)");
        edge.setMin(1);
        edge.setMax(254);
        edge.setValue(ComposeSpec.DEFAULT_ALPHA_THRESHOLD);
        TextArea reason = new TextArea("Why");
        reason.setWidthFull();
        reason.getElement().setAttribute("data-testid", "reprocess-reason");
        Button confirm = new Button("Reprocess", e -> {
            if (reason.getValue().isBlank()) {
                reason.setErrorMessage("Say why, for the history");
                reason.setInvalid(true);
                return;
            }
            ComposeSettings settings;
            try {
                settings = new ComposeSettings(fill.getValue() == null ? null : fill.getValue() / 100.0, shadow.getValue(),
                        edge.getValue());
            } catch (IllegalArgumentException ex) {
                fill.setErrorMessage(ex.getMessage());
                fill.setInvalid(true);
                return;
            }
            if (run(() -> tasks.reprocess(task.id(), worker, reason.getValue(), settings),
                    "Sent back to compose; the new result comes back to you")) {
                dialog.close();
                toInbox();
            }
        });
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        confirm.getElement().setAttribute("data-testid", "reprocess-confirm");
        VerticalLayout form = new VerticalLayout(fill, shadow, edge, reason);
        form.setPadding(false);
        form.setWidth("28em");
        dialog.add(form);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), confirm);
        dialog.open();
    }

    /** Runs an action on the task; on success says so and reloads the task, on failure says why. */
    private boolean run(Runnable action, String success) {
        String id = task.id();
        try {
            action.run();
            notify(success, NotificationVariant.LUMO_SUCCESS);
            load(id);
            return true;
        } catch (RuntimeException e) {
            notify(e.getMessage() == null ? e.toString() : e.getMessage(), NotificationVariant.LUMO_ERROR);
            load(id);
            return false;
        }
    }

    private void toInbox() {
        getUI().ifPresent(ui -> ui.navigate(InboxView.class));
    }

    private static byte[] read(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the upload", e);
        }
    }

    private static void notify(String text, NotificationVariant variant) {
        Notification notification = Notification.show(text, 6000, Notification.Position.BOTTOM_START);
        notification.addThemeVariants(variant);
        notification.getElement().setAttribute("data-testid", "notification");
    }
}
