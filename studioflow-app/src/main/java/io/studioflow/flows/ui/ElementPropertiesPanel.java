package io.studioflow.flows.ui;

import com.vaadin.flow.component.AbstractField;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import io.studioflow.flows.ui.BpmnModeler.ElementProperties;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The properties the engine needs of the element selected in the modeler: its name, a service task's job
 * type (from the workers this application has) and retries, a user task's candidate groups and dates, a
 * timer's expression. Every edit a person makes is handed to {@code onEdit(property, value)}; values set
 * because another element was selected are not.
 */
class ElementPropertiesPanel extends VerticalLayout {

    private static final Map<String, String> TIMER_KINDS = Map.of(
            "timeDuration", "Duration (e.g. PT4H)",
            "timeDate", "Date (e.g. 2026-12-01T09:00:00Z)",
            "timeCycle", "Cycle (e.g. R3/PT10M)");

    private final Span heading = new Span("Select an element in the diagram");
    private final TextField name = new TextField("Name");
    private final ComboBox<String> jobType = new ComboBox<>("Job type");
    private final TextField retries = new TextField("Retries");
    private final TextField candidateGroups = new TextField("Candidate groups");
    private final TextField dueDate = new TextField("Due date");
    private final TextField followUpDate = new TextField("Follow-up date");
    private final Select<String> timerKind = new Select<>();
    private final TextField timerValue = new TextField("Timer expression");
    private final List<HasValue<?, ?>> fields = List.of(name, jobType, retries, candidateGroups, dueDate, followUpDate,
            timerKind, timerValue);

    private final List<String> knownJobTypes = new ArrayList<>();
    private ElementProperties selected;

    ElementPropertiesPanel(Collection<String> jobTypes, Collection<String> groups, BiConsumer<String, String> onEdit) {
        getElement().setAttribute("data-testid", "element-properties");
        setPadding(true);
        setSpacing(false);
        getStyle().set("border-left", "1px solid var(--lumo-contrast-10pct)").set("overflow", "auto")
                .set("background", "var(--lumo-base-color)");
        H4 title = new H4("Properties");
        title.getStyle().set("margin", "0 0 var(--lumo-space-xs) 0");
        heading.getElement().setAttribute("data-testid", "selected-element");
        heading.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");

        knownJobTypes.addAll(jobTypes);
        jobType.setItems(knownJobTypes);
        // an unknown type may be typed in; validation then names it on the element instead of it being lost
        jobType.setAllowCustomValue(true);
        jobType.addCustomValueSetListener(e -> {
            showJobType(e.getDetail());
            if (selected != null) {
                onEdit.accept("jobType", e.getDetail());
            }
        });
        jobType.setHelperText("The workers this application has");
        retries.setHelperText("How often a failed job is tried (default 3)");
        candidateGroups.setHelperText("Comma-separated; known: " + String.join(", ", groups));
        dueDate.setHelperText("ISO 8601 date-time or =FEEL, e.g. =now() + duration(\"PT4H\")");
        followUpDate.setHelperText("ISO 8601 date-time or =FEEL");
        timerKind.setLabel("Timer");
        timerKind.setItems(List.of("timeDuration", "timeDate", "timeCycle"));
        timerKind.setItemLabelGenerator(TIMER_KINDS::get);

        name.getElement().setAttribute("data-testid", "property-name");
        jobType.getElement().setAttribute("data-testid", "property-job-type");
        retries.getElement().setAttribute("data-testid", "property-retries");
        candidateGroups.getElement().setAttribute("data-testid", "property-candidate-groups");
        dueDate.getElement().setAttribute("data-testid", "property-due-date");
        followUpDate.getElement().setAttribute("data-testid", "property-follow-up-date");
        timerValue.getElement().setAttribute("data-testid", "property-timer");

        editOf(name, "name", onEdit);
        editOf(jobType, "jobType", onEdit);
        editOf(retries, "retries", onEdit);
        editOf(candidateGroups, "candidateGroups", onEdit);
        editOf(dueDate, "dueDate", onEdit);
        editOf(followUpDate, "followUpDate", onEdit);
        timerKind.addValueChangeListener(e -> {
            if (e.isFromClient() && selected != null && e.getValue() != null) {
                onEdit.accept(e.getValue(), timerValue.getValue());
            }
        });
        timerValue.addValueChangeListener(e -> {
            if (e.isFromClient() && selected != null && timerKind.getValue() != null) {
                onEdit.accept(timerKind.getValue(), e.getValue());
            }
        });
        fields.forEach(field -> ((com.vaadin.flow.component.Component) field).getElement().getStyle().set("width", "100%"));
        add(title, heading, name, jobType, retries, candidateGroups, dueDate, followUpDate, timerKind, timerValue);
        show(null);
    }

    private void editOf(AbstractField<?, String> field, String property, BiConsumer<String, String> onEdit) {
        field.addValueChangeListener(e -> {
            if (e.isFromClient() && selected != null) {
                onEdit.accept(property, e.getValue());
            }
        });
    }

    /** Shows the element's properties, or a hint when nothing (or more than one thing) is selected. */
    void show(ElementProperties element) {
        selected = element;
        if (element == null) {
            heading.setText("Select an element in the diagram");
            fields.forEach(f -> ((com.vaadin.flow.component.Component) f).setVisible(false));
            return;
        }
        heading.setText(element.shortType() + " · " + element.id());
        name.setVisible(true);
        name.setValue(nullToEmpty(element.name()));
        jobType.setVisible(element.job());
        retries.setVisible(element.job());
        showJobType(element.job() ? element.jobType() : null);
        retries.setValue(nullToEmpty(element.retries()));
        candidateGroups.setVisible(element.userTask());
        dueDate.setVisible(element.userTask());
        followUpDate.setVisible(element.userTask());
        candidateGroups.setValue(nullToEmpty(element.candidateGroups()));
        dueDate.setValue(nullToEmpty(element.dueDate()));
        followUpDate.setValue(nullToEmpty(element.followUpDate()));
        timerKind.setVisible(element.timer());
        timerValue.setVisible(element.timer());
        timerKind.setValue(element.timer() ? element.timerKind() : null);
        timerValue.setValue(nullToEmpty(element.timerValue()));
    }

    /** The combo box only holds values from its items: a type no worker has joins them, to be shown as it is. */
    private void showJobType(String type) {
        if (type == null || type.isBlank()) {
            jobType.clear();
            return;
        }
        if (!knownJobTypes.contains(type)) {
            List<String> items = new ArrayList<>(knownJobTypes);
            items.add(type);
            jobType.setItems(items);
        }
        jobType.setValue(type);
    }

    ElementProperties selected() {
        return selected;
    }

    void setReadOnly(boolean readOnly) {
        fields.forEach(f -> f.setReadOnly(readOnly));
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
