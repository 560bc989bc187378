package io.studioflow.flows.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.grid.editor.Editor;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.studioflow.flows.FlowDeployments;
import io.studioflow.flows.FlowProblem;
import io.studioflow.flows.InvalidFlowException;
import io.studioflow.platform.security.CurrentUser;
import io.studioflow.policy.PolicyRow;
import io.studioflow.policy.PolicyService;
import io.studioflow.policy.RoutingPolicy;
import io.studioflow.policy.RoutingStep;
import io.studioflow.policy.WhatIf;
import jakarta.annotation.security.RolesAllowed;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The review-routing policy as an editable table: per brand, preset and step a confidence threshold, an
 * audit sample rate and four-eyes; a what-if that replays the draft on the last N recorded images; and a
 * deploy that makes the draft the decision the engine runs.
 */
@Route("policy")
@PageTitle("Routing policy · Studioflow")
@RolesAllowed({"MANAGER", "ADMIN"})
public class PolicyView extends VerticalLayout {

    /** One editable row; the grid's editor needs a mutable bean, the policy is made of records. */
    public static final class Row {
        private String brand;
        private String preset;
        private String step;
        private Double threshold;
        private Double sampleRate;
        private boolean fourEyes;

        Row(PolicyRow row) {
            this(row.brandOrAny(), row.presetOrAny(), row.step(), row.threshold(), row.sampleRate(), row.fourEyesOrNo());
        }

        Row(String brand, String preset, String step, Double threshold, Double sampleRate, boolean fourEyes) {
            this.brand = brand;
            this.preset = preset;
            this.step = step;
            this.threshold = threshold;
            this.sampleRate = sampleRate;
            this.fourEyes = fourEyes;
        }

        PolicyRow toPolicyRow() {
            return new PolicyRow(brand, preset, step, threshold, sampleRate, fourEyes);
        }

        public String getBrand() { return brand; }
        public void setBrand(String brand) { this.brand = brand; }
        public String getPreset() { return preset; }
        public void setPreset(String preset) { this.preset = preset; }
        public String getStep() { return step; }
        public void setStep(String step) { this.step = step; }
        public Double getThreshold() { return threshold; }
        public void setThreshold(Double threshold) { this.threshold = threshold; }
        public Double getSampleRate() { return sampleRate; }
        public void setSampleRate(Double sampleRate) { this.sampleRate = sampleRate; }
        public boolean isFourEyes() { return fourEyes; }
        public void setFourEyes(boolean fourEyes) { this.fourEyes = fourEyes; }
    }

    private final PolicyService policies;
    private final List<Row> rows = new ArrayList<>();
    private final Grid<Row> grid = new Grid<>(Row.class, false);
    private final Span version = new Span();
    private final Span whatIfResult = new Span();
    private final Span problems = new Span();

    public PolicyView(PolicyService policies) {
        this.policies = policies;
        setSizeFull();

        Binder<Row> binder = new Binder<>(Row.class);
        Editor<Row> editor = grid.getEditor();
        editor.setBinder(binder);
        TextField brand = new TextField();
        brand.setWidthFull();
        binder.forField(brand).bind(Row::getBrand, Row::setBrand);
        TextField preset = new TextField();
        preset.setWidthFull();
        binder.forField(preset).bind(Row::getPreset, Row::setPreset);
        ComboBox<String> step = new ComboBox<>();
        step.setItems(Arrays.stream(RoutingStep.values()).map(RoutingStep::id).toList());
        step.setClearButtonVisible(true);
        step.setWidthFull();
        binder.forField(step).bind(Row::getStep, Row::setStep);
        NumberField threshold = fraction();
        binder.forField(threshold).bind(Row::getThreshold, Row::setThreshold);
        NumberField sample = fraction();
        binder.forField(sample).bind(Row::getSampleRate, Row::setSampleRate);
        Checkbox fourEyes = new Checkbox();
        binder.forField(fourEyes).bind(Row::isFourEyes, Row::setFourEyes);

        grid.addColumn(Row::getBrand).setHeader("Brand").setEditorComponent(brand).setAutoWidth(true);
        grid.addColumn(Row::getPreset).setHeader("Preset").setEditorComponent(preset).setAutoWidth(true);
        grid.addColumn(r -> r.getStep() == null ? "(sample only)" : r.getStep()).setHeader("Step").setEditorComponent(step);
        grid.addColumn(r -> r.getThreshold() == null ? "" : "below " + r.getThreshold()).setHeader("To a human when")
                .setEditorComponent(threshold);
        grid.addColumn(r -> r.getSampleRate() == null || r.getSampleRate() == 0 ? "" : Math.round(r.getSampleRate() * 1000) / 10.0 + " %")
                .setHeader("Audit sample").setEditorComponent(sample);
        grid.addColumn(r -> r.isFourEyes() ? "yes" : "no").setHeader("Four eyes").setEditorComponent(fourEyes);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.getElement().setAttribute("data-testid", "policy-rows");
        grid.addItemDoubleClickListener(e -> {
            editor.editItem(e.getItem());
            threshold.focus();
        });
        editor.addCloseListener(e -> grid.getDataProvider().refreshItem(e.getItem()));

        Button add = new Button("Add row", e -> {
            Row row = new Row("*", "*", RoutingStep.SEGMENTATION.id(), 0.75, 0.0, false);
            rows.add(row);
            grid.getDataProvider().refreshAll();
            editor.editItem(row);
        });
        Button remove = new Button("Remove selected", e -> grid.getSelectedItems().forEach(r -> {
            rows.remove(r);
            grid.getDataProvider().refreshAll();
        }));
        Button reload = new Button("Discard changes", e -> load());

        IntegerField last = new IntegerField("Replay the last images");
        last.setValue(100);
        last.setMin(1);
        last.setMax(PolicyService.MAX_WHAT_IF_IMAGES);
        last.setStepButtonsVisible(true);
        Button whatIf = new Button("What if", e -> runWhatIf(last.getValue() == null ? 100 : last.getValue()));
        whatIf.getElement().setAttribute("data-testid", "what-if");
        whatIfResult.getElement().setAttribute("data-testid", "what-if-result");

        Button deploy = new Button("Deploy as new version", e -> {
            editor.closeEditor();
            Authentication user = SecurityContextHolder.getContext().getAuthentication();
            try {
                FlowDeployments.Deployed deployed = policies.deploy(draft(), CurrentUser.actor(user));
                Notification.show(deployed.created() ? "Deployed as version " + deployed.version()
                                : "Unchanged: version " + deployed.version() + " already is this policy")
                        .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                problems.setText("");
                load();
            } catch (InvalidFlowException ex) {
                showProblems(ex);
            }
        });
        deploy.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        deploy.getElement().setAttribute("data-testid", "deploy-policy");

        Span note = new Span("Double-click a row to edit it. Rows add up: an image goes to a human if any row that "
                + "applies to its brand and preset says so (* means any). Four-eyes holds for the row's brand and "
                + "preset: an image of it that a person approves needs a second approval by someone else before it "
                + "is published.");
        note.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        problems.getStyle().set("color", "var(--lumo-error-text-color)");
        whatIfResult.getStyle().set("white-space", "pre-line");

        HorizontalLayout actions = new HorizontalLayout(add, remove, reload, deploy);
        HorizontalLayout whatIfBar = new HorizontalLayout(last, whatIf);
        whatIfBar.setAlignItems(Alignment.BASELINE);
        add(new H3("Routing policy"), version, note, grid, actions, problems, whatIfBar, whatIfResult);
        setFlexGrow(1, grid);
        grid.setItems(rows);
        load();
    }

    private static NumberField fraction() {
        NumberField field = new NumberField();
        field.setMin(0);
        field.setMax(1);
        // no step: a step makes the field refuse values between its multiples (0.99 with a step of 0.05)
        field.setWidthFull();
        return field;
    }

    private RoutingPolicy draft() {
        return new RoutingPolicy(rows.stream().map(Row::toPolicyRow).toList());
    }

    private void load() {
        PolicyService.CurrentPolicy current = policies.current();
        rows.clear();
        current.policy().rows().forEach(r -> rows.add(new Row(r)));
        grid.getDataProvider().refreshAll();
        version.setText("Decision " + current.decisionId() + (current.version() == 0 ? " (as shipped)" : ", version " + current.version()));
    }

    private void runWhatIf(int last) {
        grid.getEditor().closeEditor();
        try {
            WhatIf result = policies.whatIf(draft(), last);
            problems.setText("");
            whatIfResult.setText("Replayed " + result.images() + " images that reached the routing decision ("
                    + result.humanCorrected() + " rejected or changed by a person).\n"
                    + "To humans: now " + result.current().toHumans() + ", with this draft " + result.draft().toHumans() + ".\n"
                    + "Rejected by a person but auto-approved (escaped): now " + result.current().escaped()
                    + ", with this draft " + result.draft().escaped() + ".\n"
                    + "Expected random audit samples on top: now " + result.current().expectedAuditSamples()
                    + ", with this draft " + result.draft().expectedAuditSamples() + ".");
        } catch (InvalidFlowException ex) {
            showProblems(ex);
        }
    }

    private void showProblems(InvalidFlowException ex) {
        problems.setText(ex.problems().stream()
                .map(p -> (p.elementId() == null ? "" : rowLabel(p) + ": ") + p.message())
                .collect(Collectors.joining("; ")));
    }

    private static String rowLabel(FlowProblem problem) {
        String id = problem.elementId();
        return id.startsWith("rows[") ? "row " + (Integer.parseInt(id.replaceAll("\\D", "")) + 1) : id;
    }
}
