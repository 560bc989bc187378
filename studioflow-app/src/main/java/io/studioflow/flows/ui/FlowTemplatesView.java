package io.studioflow.flows.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.shared.HasValidationProperties;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.studioflow.flows.FlowDeployments;
import io.studioflow.flows.FlowProblem;
import io.studioflow.flows.FlowTemplate;
import io.studioflow.flows.FlowTemplates;
import io.studioflow.flows.FlowVersion;
import io.studioflow.flows.InvalidFlowException;
import io.studioflow.flows.StaleFlowTemplateException;
import io.studioflow.platform.security.CurrentUser;
import io.studioflow.publishing.preset.PresetCatalog;
import jakarta.annotation.security.RolesAllowed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The flow templates as managers keep them: a grid of every template, and a form for the selected one (the flow its
 * images run on, and the brand, preset and priority an upload gets when it names none). Saving checks the choices
 * against what is deployed and configured, marks the wrong fields, and stores a new version.
 */
@Route("flow-templates")
@PageTitle("Flow templates · Studioflow")
@RolesAllowed({"MANAGER", "ADMIN"})
public class FlowTemplatesView extends VerticalLayout {

    private final FlowTemplates templates;
    private final Grid<FlowTemplate> grid = new Grid<>(FlowTemplate.class, false);
    private final TextField id = new TextField("Id");
    private final TextField label = new TextField("Name");
    private final TextArea description = new TextArea("Description");
    private final ComboBox<String> processId = new ComboBox<>("Flow (process)");
    private final TextField brand = new TextField("Brand (when the upload names none)");
    private final ComboBox<String> preset = new ComboBox<>("Preset (when the upload names none)");
    private final IntegerField priority = new IntegerField("Inbox priority 0–100 (when the upload names none)");
    private final Span heading = new Span();
    private final Span otherErrors = new Span();
    private final Button save = new Button("Save");
    private final Button newTemplate = new Button("New template");
    /** The template the form started from (null for a new one): its version is what a save names. */
    private FlowTemplate base;

    public FlowTemplatesView(FlowTemplates templates, FlowDeployments deployments, PresetCatalog presets) {
        this.templates = templates;
        setSizeFull();

        grid.addColumn(FlowTemplate::label).setHeader("Template").setAutoWidth(true).setFlexGrow(1);
        grid.addColumn(FlowTemplate::processId).setHeader("Flow").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(t -> orDash(t.preset())).setHeader("Preset").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(t -> orDash(t.brand())).setHeader("Brand").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(t -> t.priority() == null ? "–" : t.priority().toString()).setHeader("Priority").setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(t -> "v" + t.version()).setHeader("Version").setAutoWidth(true).setFlexGrow(0);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.getElement().setAttribute("data-testid", "templates-grid");
        grid.setHeightFull();
        grid.asSingleSelect().addValueChangeListener(e -> {
            if (e.getValue() != null) {
                edit(e.getValue());
            }
        });

        processId.setItems(new ArrayList<>(deployments.all(FlowVersion.BPMN).keySet()));
        preset.setItems(new ArrayList<>(presets.names()));
        preset.setClearButtonVisible(true);
        priority.setMin(0);
        priority.setMax(100);
        priority.setClearButtonVisible(true);
        description.setMaxLength(500);
        id.setHelperText("Lower-case letters, digits and '-'; uploads and batches name the template by it");
        for (var field : List.of(id, label, brand)) {
            field.setWidthFull();
        }
        description.setWidthFull();
        processId.setWidthFull();
        preset.setWidthFull();
        priority.setWidthFull();
        otherErrors.getStyle().set("color", "var(--lumo-error-text-color)");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(e -> save());
        newTemplate.addClickListener(e -> edit(null));
        heading.getStyle().set("font-weight", "600");
        heading.getElement().setAttribute("data-testid", "template-heading");
        id.getElement().setAttribute("data-testid", "template-id");
        label.getElement().setAttribute("data-testid", "template-label");
        description.getElement().setAttribute("data-testid", "template-description");
        processId.getElement().setAttribute("data-testid", "template-process");
        preset.getElement().setAttribute("data-testid", "template-preset");
        brand.getElement().setAttribute("data-testid", "template-brand");
        priority.getElement().setAttribute("data-testid", "template-priority");
        save.getElement().setAttribute("data-testid", "template-save");
        newTemplate.getElement().setAttribute("data-testid", "template-new");

        VerticalLayout form = new VerticalLayout(heading, id, label, description, processId, preset, brand, priority,
                otherErrors, new HorizontalLayout(save, newTemplate));
        form.setWidth("26rem");
        form.setPadding(false);
        form.setSpacing(false); // Vaadin's spacing is for sections; the fields' own labels space them enough
        form.getStyle().set("gap", "var(--lumo-space-xs)");
        form.getStyle().set("overflow", "auto");
        form.getElement().setAttribute("data-testid", "template-form");
        // the form scrolls as a whole: its fields keep their height instead of being squeezed into the view
        form.getChildren().forEach(child -> child.getElement().getStyle().set("flex-shrink", "0"));
        HorizontalLayout body = new HorizontalLayout(grid, form);
        body.setSizeFull();
        body.setMinHeight("0");
        body.setFlexGrow(1, grid);
        add(new H3("Flow templates"), body);
        setFlexGrow(1, body);
        refresh(null);
    }

    private void refresh(String select) {
        List<FlowTemplate> all = templates.all();
        grid.setItems(all);
        grid.recalculateColumnWidths(); // a new template's brand may be longer than any before
        FlowTemplate chosen = all.stream().filter(t -> t.id().equals(select)).findFirst()
                .orElse(all.isEmpty() ? null : all.getFirst());
        if (chosen != null) {
            grid.select(chosen);
        } else {
            edit(null);
        }
    }

    private void edit(FlowTemplate template) {
        base = template;
        clearErrors();
        if (template == null) {
            grid.deselectAll();
        }
        heading.setText(template == null ? "New template" : template.label() + " · v" + template.version()
                + (template.updatedBy() == null ? "" : " · saved by " + template.updatedBy()));
        id.setValue(template == null ? "" : template.id());
        id.setReadOnly(template != null);
        label.setValue(template == null || template.label() == null ? "" : template.label());
        description.setValue(template == null || template.description() == null ? "" : template.description());
        processId.setValue(template == null ? null : template.processId());
        preset.setValue(template == null ? null : template.preset());
        brand.setValue(template == null || template.brand() == null ? "" : template.brand());
        priority.setValue(template == null ? null : template.priority());
    }

    private void save() {
        clearErrors();
        String templateId = id.getValue().strip();
        FlowTemplate edit = new FlowTemplate(templateId, label.getValue(), description.getValue(), processId.getValue(),
                brand.getValue(), preset.getValue(), priority.getValue(), base == null ? null : base.version(), null, null);
        try {
            FlowTemplate saved = templates.save(templateId, edit, CurrentUser.actor(SecurityContextHolder.getContext().getAuthentication()));
            notify("Saved " + saved.label() + " as version " + saved.version(), NotificationVariant.LUMO_SUCCESS);
            refresh(saved.id());
        } catch (InvalidFlowException e) {
            showProblems(e.problems());
        } catch (StaleFlowTemplateException e) {
            notify(e.getMessage(), NotificationVariant.LUMO_ERROR);
        }
    }

    private void showProblems(List<FlowProblem> problems) {
        Map<String, HasValidationProperties> fields = Map.of("id", id, "label", label, "description", description,
                "processId", processId, "brand", brand, "preset", preset, "priority", priority);
        List<String> unplaced = new ArrayList<>();
        for (FlowProblem problem : problems) {
            HasValidationProperties field = problem.elementId() == null ? null : fields.get(problem.elementId());
            if (field == null) {
                unplaced.add(problem.message());
            } else {
                field.setInvalid(true);
                field.setErrorMessage(problem.message());
            }
        }
        otherErrors.setText(String.join("; ", unplaced));
    }

    private void clearErrors() {
        for (HasValidationProperties field : List.<HasValidationProperties>of(id, label, description, processId, brand,
                preset, priority)) {
            field.setInvalid(false);
            field.setErrorMessage(null);
        }
        otherErrors.setText("");
    }

    private static void notify(String text, NotificationVariant variant) {
        Notification notification = Notification.show(text, 6000, Notification.Position.BOTTOM_END);
        notification.addThemeVariants(variant);
    }

    private static String orDash(String value) {
        return value == null ? "–" : value;
    }
}
