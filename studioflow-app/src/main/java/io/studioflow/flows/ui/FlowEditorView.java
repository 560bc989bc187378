package io.studioflow.flows.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.studioflow.flows.FlowDeployments;
import io.studioflow.flows.FlowDiff;
import io.studioflow.flows.FlowNotFoundException;
import io.studioflow.flows.FlowProblem;
import io.studioflow.flows.FlowValidator;
import io.studioflow.flows.FlowVersion;
import io.studioflow.flows.InvalidFlowException;
import io.studioflow.flows.KnownJobTypes;
import io.studioflow.flows.ProductImageProcess;
import io.studioflow.platform.security.CurrentUser;
import io.studioflow.platform.security.Role;
import jakarta.annotation.security.RolesAllowed;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The flow editor: every deployed version of every process, one of them open in the bpmn-js modeler with a
 * side panel for what the engine needs of the selected element, and the ways to change what runs —
 * validate, deploy as a new version (validated first; problems are marked on their elements), compare two
 * versions, roll back to an old one. Deploys go through {@link FlowDeployments}, so they are audited under
 * the signed-in person. Auditors may look; only managers and admins change anything.
 */
@Route("flows")
@PageTitle("Flows · Studioflow")
@RolesAllowed({"MANAGER", "ADMIN", "AUDITOR"})
public class FlowEditorView extends VerticalLayout {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private final FlowDeployments deployments;
    private final FlowValidator validator;
    private final boolean mayChange;

    private final Grid<FlowVersion> versions = new Grid<>(FlowVersion.class, false);
    private final BpmnModeler modeler = new BpmnModeler();
    private final ElementPropertiesPanel panel;
    private final Span openedLabel = new Span();
    private final Span unsaved = new Span("Unsaved changes");
    private final Div problemList = new Div();
    private FlowVersion opened;

    public FlowEditorView(FlowDeployments deployments, FlowValidator validator, KnownJobTypes jobTypes) {
        this.deployments = deployments;
        this.validator = validator;
        Set<Role> roles = Role.of(authentication());
        this.mayChange = roles.contains(Role.MANAGER) || roles.contains(Role.ADMIN);
        setSizeFull();
        setSpacing(false);
        getStyle().set("gap", "var(--lumo-space-s)");

        versions.addColumn(FlowVersion::resourceId).setHeader("Process").setAutoWidth(true).setFlexGrow(0);
        versions.addColumn(v -> "v" + v.version()).setHeader("Version").setAutoWidth(true).setFlexGrow(0);
        versions.addColumn(FlowVersion::deployedBy).setHeader("Deployed by").setAutoWidth(true).setFlexGrow(0);
        versions.addColumn(v -> v.deployedAt() == null ? "" : WHEN.format(v.deployedAt())).setHeader("When")
                .setAutoWidth(true).setFlexGrow(0);
        versions.addColumn(v -> v.sha256() == null ? "" : v.sha256().substring(0, 12)).setHeader("SHA-256")
                .setAutoWidth(true).setFlexGrow(0);
        versions.addColumn(FlowVersion::note).setHeader("Note").setFlexGrow(1);
        versions.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        versions.setHeight("160px");
        versions.setWidthFull();
        versions.getElement().setAttribute("data-testid", "flow-versions");
        versions.addItemDoubleClickListener(e -> open(e.getItem()));

        Button open = new Button("Open", e -> versions.getSelectedItems().stream().findFirst().ifPresentOrElse(this::open,
                () -> Notification.show("Select a version in the list first")));
        open.getElement().setAttribute("data-testid", "open-version");
        Button validate = new Button("Validate", e -> validateDiagram());
        validate.getElement().setAttribute("data-testid", "validate-flow");
        Button deploy = new Button("Deploy as new version", e -> deployDiagram());
        deploy.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        deploy.getElement().setAttribute("data-testid", "deploy-flow");
        Button diff = new Button("Compare…", e -> diffDialog());
        diff.setTooltipText("What changed between two versions of this process");
        diff.getElement().setAttribute("data-testid", "diff-versions");
        Button rollback = new Button("Roll back…", e -> confirmRollback());
        rollback.setTooltipText("Deploy the version selected in the list again, as the newest");
        rollback.addThemeVariants(ButtonVariant.LUMO_ERROR);
        rollback.getElement().setAttribute("data-testid", "rollback-version");
        deploy.setVisible(mayChange);
        rollback.setVisible(mayChange);

        openedLabel.getElement().setAttribute("data-testid", "opened-version");
        openedLabel.getStyle().set("font-weight", "600");
        unsaved.getElement().setAttribute("data-testid", "unsaved-changes");
        unsaved.getElement().getThemeList().add("badge contrast");
        unsaved.setVisible(false);
        Button zoomIn = zoomButton(VaadinIcon.PLUS, "Zoom in", "in");
        Button zoomOut = zoomButton(VaadinIcon.MINUS, "Zoom out", "out");
        Button fit = zoomButton(VaadinIcon.EXPAND_SQUARE, "Show the whole flow", "fit");
        HorizontalLayout toolbar = new HorizontalLayout(openedLabel, unsaved, zoomIn, zoomOut, fit, open, validate, deploy,
                diff, rollback);
        toolbar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        toolbar.setWidthFull();
        toolbar.getStyle().set("flex-wrap", "wrap");
        open.getStyle().set("margin-left", "auto");

        panel = new ElementPropertiesPanel(jobTypes.forServiceTasks(), FlowValidator.knownGroups(), this::edit);
        panel.setReadOnly(!mayChange);
        panel.setWidth("300px");
        panel.setHeightFull();
        panel.getStyle().set("flex-shrink", "0");
        modeler.setHeightFull();
        modeler.addSelectionListener(panel::show);
        modeler.addEditListener(() -> unsaved.setVisible(true));
        HorizontalLayout editor = new HorizontalLayout(modeler, panel);
        editor.setSpacing(false);
        editor.setWidthFull();
        editor.setFlexGrow(1, modeler);
        editor.getStyle().set("min-height", "460px");

        problemList.getElement().setAttribute("data-testid", "flow-problems");
        problemList.getStyle().set("color", "var(--lumo-error-text-color)").set("font-size", "var(--lumo-font-size-s)");
        problemList.setWidthFull();

        Span hint = new Span(mayChange
                ? "Double-click a version to open it. Select an element to edit it in the panel or rename it on the canvas; "
                        + "deploy makes a new version: running images finish on the version they started on."
                : "Double-click a version to open it. You may look and compare; managers and admins deploy.");
        hint.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        H3 title = new H3("Flows");
        title.getStyle().set("margin", "0");
        add(title, hint, versions, toolbar, problemList, editor);
        setFlexGrow(1, editor);

        refreshVersions();
        List<FlowVersion> product = deployments.all(FlowVersion.BPMN).getOrDefault(ProductImageProcess.PROCESS_ID, List.of());
        if (!product.isEmpty()) {
            open(product.getLast());
        } else {
            versions.getListDataView().getItems().findFirst().ifPresent(this::open);
        }
    }

    /** Newest first within each process; processes by id. */
    private void refreshVersions() {
        List<FlowVersion> rows = new ArrayList<>();
        deployments.all(FlowVersion.BPMN).values().forEach(list -> list.forEach(v -> rows.add(v.summary())));
        rows.sort(Comparator.comparing(FlowVersion::resourceId).thenComparing(FlowVersion::version, Comparator.reverseOrder()));
        versions.setItems(rows);
        if (opened != null) {
            selectRow(opened);
        }
    }

    private void selectRow(FlowVersion version) {
        versions.getListDataView().getItems().filter(v -> same(v, version)).findFirst().ifPresent(versions::select);
    }

    private Button zoomButton(VaadinIcon icon, String label, String how) {
        Button button = new Button(icon.create(), e -> modeler.zoom(how));
        button.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ICON);
        button.setAriaLabel(label);
        button.setTooltipText(label);
        return button;
    }

    private void open(FlowVersion version) {
        FlowVersion full;
        try {
            full = deployments.version(version.resourceId(), version.version());
        } catch (FlowNotFoundException e) {
            Notification.show(e.getMessage()).addThemeVariants(NotificationVariant.LUMO_ERROR);
            return;
        }
        opened = full;
        selectRow(full);
        openedLabel.setText(full.resourceId() + " v" + full.version());
        showProblems(List.of());
        panel.show(null);
        modeler.open(full.xml(), warnings -> {
            unsaved.setVisible(false);
            if (warnings != null && !warnings.isBlank()) {
                problemList.setText("The diagram opened with warnings: " + warnings);
            }
        }, error -> problemList.setText("The diagram could not be shown: " + error));
    }

    private void edit(String property, String value) {
        BpmnModeler.ElementProperties element = panel.selected();
        if (element == null) {
            return;
        }
        modeler.update(element.id(), property, value, error -> Notification.show("That change could not be made: " + error)
                .addThemeVariants(NotificationVariant.LUMO_ERROR));
    }

    private void validateDiagram() {
        modeler.xml(xml -> {
            List<FlowProblem> problems = validator.validate(xml.getBytes(StandardCharsets.UTF_8));
            showProblems(problems);
            if (problems.isEmpty()) {
                Notification.show("No problems: this flow can be deployed").addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            }
        }, this::modelerFailed);
    }

    private void deployDiagram() {
        if (!mayChange || opened == null) {
            return;
        }
        Authentication user = authentication();
        String processId = opened.resourceId();
        modeler.xml(xml -> {
            byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
            List<FlowProblem> problems = validator.validate(bytes);
            if (!problems.isEmpty()) {
                showProblems(problems);
                Notification.show("Not deployed: fix the " + (problems.size() == 1 ? "problem" : problems.size() + " problems")
                        + " marked on the diagram").addThemeVariants(NotificationVariant.LUMO_ERROR);
                return;
            }
            try {
                List<FlowDeployments.Deployed> deployed = deployments.deployBpmn(bytes, CurrentUser.actor(user), "flow editor");
                FlowDeployments.Deployed mine = deployed.stream().filter(d -> d.resourceId().equals(processId)).findFirst()
                        .orElse(deployed.getFirst());
                showProblems(List.of());
                Notification notification = Notification.show(mine.created()
                        ? "Deployed " + mine.resourceId() + " as version " + mine.version()
                        : "Unchanged: version " + mine.version() + " of " + mine.resourceId() + " already is this flow");
                notification.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                notification.getElement().setAttribute("data-testid", "deploy-result");
                afterDeploy(mine);
            } catch (InvalidFlowException e) {
                showProblems(e.problems());
            }
        }, this::modelerFailed);
    }

    private void afterDeploy(FlowDeployments.Deployed deployed) {
        opened = deployments.version(deployed.resourceId(), deployed.version());
        openedLabel.setText(opened.resourceId() + " v" + opened.version());
        unsaved.setVisible(false);
        refreshVersions();
    }

    private void confirmRollback() {
        FlowVersion target = versions.getSelectedItems().stream().findFirst().orElse(null);
        if (target == null) {
            Notification.show("Select the version to roll back to in the list first");
            return;
        }
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setHeader("Roll back " + target.resourceId() + " to version " + target.version() + "?");
        confirm.setText("Version " + target.version() + " (deployed by " + target.deployedBy() + ") is deployed again as the "
                + "newest version. New images run it; images already running finish on their own version.");
        confirm.setCancelable(true);
        confirm.setConfirmText("Roll back");
        confirm.setConfirmButtonTheme("error primary");
        confirm.addConfirmListener(e -> {
            try {
                FlowDeployments.Deployed deployed = deployments.rollback(target.resourceId(), target.version(),
                        CurrentUser.actor(authentication()));
                Notification.show("Rolled back: version " + target.version() + " is now deployed as version " + deployed.version())
                        .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                opened = null;
                refreshVersions();
                open(deployments.version(deployed.resourceId(), deployed.version()));
            } catch (InvalidFlowException ex) {
                showProblems(ex.problems());
            }
        });
        confirm.open();
    }

    private void diffDialog() {
        if (opened == null) {
            return;
        }
        List<Integer> numbers = deployments.versions(opened.resourceId()).stream().map(FlowVersion::version).toList();
        Select<Integer> from = new Select<>();
        from.setLabel("From");
        from.setItems(numbers);
        from.setItemLabelGenerator(v -> "v" + v);
        Select<Integer> to = new Select<>();
        to.setLabel("To");
        to.setItems(numbers);
        to.setItemLabelGenerator(v -> "v" + v);
        int selected = versions.getSelectedItems().stream().findFirst()
                .filter(v -> v.resourceId().equals(opened.resourceId())).map(FlowVersion::version).orElse(opened.version());
        to.setValue(numbers.getLast());
        from.setValue(selected == numbers.getLast() && numbers.size() > 1 ? numbers.get(numbers.size() - 2) : selected);
        Div result = new Div();
        result.getElement().setAttribute("data-testid", "diff-result");
        result.getStyle().set("white-space", "pre-wrap").set("font-size", "var(--lumo-font-size-s)")
                .set("min-width", "640px").set("max-width", "900px");
        Runnable compare = () -> {
            if (from.getValue() == null || to.getValue() == null) {
                return;
            }
            FlowDiff.Result diff = FlowDiff.diff(from.getValue(), deployments.version(opened.resourceId(), from.getValue()).xml(),
                    to.getValue(), deployments.version(opened.resourceId(), to.getValue()).xml());
            result.setText(describe(diff));
        };
        from.addValueChangeListener(e -> compare.run());
        to.addValueChangeListener(e -> compare.run());
        compare.run();
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Compare versions of " + opened.resourceId());
        HorizontalLayout pick = new HorizontalLayout(from, to);
        dialog.add(new VerticalLayout(pick, result));
        dialog.getFooter().add(new Button("Close", e -> dialog.close()));
        dialog.open();
    }

    static String describe(FlowDiff.Result diff) {
        if (diff.isEmpty()) {
            return "v" + diff.fromVersion() + " and v" + diff.toVersion() + " are the same flow.";
        }
        StringBuilder text = new StringBuilder();
        diff.added().forEach(e -> text.append("+ added ").append(label(e.id(), e.type(), e.name())).append('\n'));
        diff.removed().forEach(e -> text.append("− removed ").append(label(e.id(), e.type(), e.name())).append('\n'));
        for (FlowDiff.ChangedElement element : diff.changed()) {
            text.append("~ ").append(label(element.id(), element.type(), element.name())).append('\n');
            element.changes().forEach(c -> text.append("    ").append(c.property()).append(": ")
                    .append(c.from() == null ? "(none)" : c.from()).append(" → ").append(c.to() == null ? "(none)" : c.to())
                    .append('\n'));
        }
        if (diff.layoutChanges() > 0) {
            text.append(diff.layoutChanges()).append(" layout change").append(diff.layoutChanges() == 1 ? "" : "s")
                    .append(" (shapes moved; what runs is the same)\n");
        }
        return text.toString().stripTrailing();
    }

    private static String label(String id, String type, String name) {
        return type + " " + id + (name == null || name.isBlank() ? "" : " '" + name + "'");
    }

    private void showProblems(List<FlowProblem> problems) {
        modeler.showProblems(problems);
        problemList.removeAll();
        for (FlowProblem problem : problems) {
            Div line = new Div();
            line.getElement().setAttribute("data-element-id", problem.elementId() == null ? "" : problem.elementId());
            if (problem.elementId() == null) {
                line.setText(problem.message());
            } else {
                Button element = new Button(problem.elementId(), e -> modeler.select(problem.elementId()));
                element.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_ERROR);
                line.add(element, new Span(": " + problem.message()));
            }
            problemList.add(line);
        }
    }

    private void modelerFailed(String error) {
        Notification.show("The modeler did not answer: " + error).addThemeVariants(NotificationVariant.LUMO_ERROR);
    }

    private static boolean same(FlowVersion a, FlowVersion b) {
        return a.resourceId().equals(b.resourceId()) && a.version() == b.version();
    }

    private static Authentication authentication() {
        return SecurityContextHolder.getContext().getAuthentication();
    }
}
