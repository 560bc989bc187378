package io.studioflow.policy;

import io.studioflow.flows.FlowProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The review-routing policy as a table of {@link PolicyRow}s. {@link #route} applies it the way the DMN
 * written by {@link RoutingPolicyDmn} does (first matching rule wins, in the order reprocess, segmentation,
 * composition, preset rules, colour, qc, audit sample, auto-approve), minus the random audit sample.
 */
public record RoutingPolicy(List<PolicyRow> rows) {

    public RoutingPolicy {
        rows = rows == null ? List.of() : List.copyOf(rows);
    }

    /** What one image's step scores were when the decision ran; any value may be null (step not run). */
    public record Inputs(String brand, String preset, Map<RoutingStep, Double> confidences, Boolean presetValid) {
    }

    /** The deterministic part of the decision: {@code check} is null when the image is auto-approved. */
    public record Route(boolean human, String check) {
    }

    public Route route(Inputs image) {
        for (RoutingStep step : List.of(RoutingStep.SEGMENTATION, RoutingStep.COMPOSITION)) {
            if (below(step, image)) {
                return new Route(true, step.id());
            }
        }
        if (Boolean.FALSE.equals(image.presetValid())) {
            return new Route(true, "preset");
        }
        for (RoutingStep step : List.of(RoutingStep.COLOUR, RoutingStep.QC)) {
            if (below(step, image)) {
                return new Route(true, step.id());
            }
        }
        return new Route(false, null);
    }

    /** Whether an image of this brand and preset that goes to a person needs a second approval by someone else. */
    public boolean fourEyes(String brand, String preset) {
        return rows.stream().anyMatch(r -> r.fourEyesOrNo() && r.appliesTo(brand, preset));
    }

    /** The audit sample rate for an image that passed every threshold: the highest of the rows that apply. */
    public double sampleRate(String brand, String preset) {
        return rows.stream().filter(r -> r.appliesTo(brand, preset)).mapToDouble(PolicyRow::sampleRateOrZero).max().orElse(0);
    }

    private boolean below(RoutingStep step, Inputs image) {
        Double confidence = image.confidences().get(step);
        if (confidence == null) {
            return false; // as in FEEL: comparing null matches no rule
        }
        for (PolicyRow row : rows) {
            if (row.threshold() != null && step.id().equals(row.step()) && row.appliesTo(image.brand(), image.preset())
                    && confidence < row.threshold()) {
                return true;
            }
        }
        return false;
    }

    /** Everything wrong with the table, one problem per row and field ({@code rows[2]} is the third row). */
    public List<FlowProblem> problems() {
        List<FlowProblem> problems = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            PolicyRow row = rows.get(i);
            String at = "rows[" + i + "]";
            if (row == null) {
                problems.add(new FlowProblem(at, "The row is empty"));
                continue;
            }
            if (row.step() != null && !row.step().isBlank() && RoutingStep.of(row.step()).isEmpty()) {
                problems.add(new FlowProblem(at, "Unknown step '" + row.step() + "'; choose segmentation, composition, colour or qc"));
            }
            boolean hasStep = row.step() != null && !row.step().isBlank();
            if (hasStep && row.threshold() == null) {
                problems.add(new FlowProblem(at, "A row with a step needs a confidence threshold"));
            }
            if (!hasStep && row.threshold() != null) {
                problems.add(new FlowProblem(at, "A threshold needs a step to compare with"));
            }
            if (row.threshold() != null && (row.threshold() < 0 || row.threshold() > 1 || row.threshold().isNaN())) {
                problems.add(new FlowProblem(at, "The threshold must be between 0 and 1, not " + row.threshold()));
            }
            if (row.sampleRate() != null && (row.sampleRate() < 0 || row.sampleRate() > 1 || row.sampleRate().isNaN())) {
                problems.add(new FlowProblem(at, "The sample rate must be between 0 and 1, not " + row.sampleRate()));
            }
            if (!hasStep && row.sampleRateOrZero() == 0 && !row.fourEyesOrNo()) {
                problems.add(new FlowProblem(at, "The row sets nothing: give it a step and threshold, a sample rate or four-eyes"));
            }
            for (String value : new String[] {row.brand(), row.preset()}) {
                if (value != null && !PolicyRow.isAny(value) && !value.matches("[\\p{L}\\p{N}._ -]{1,80}")) {
                    problems.add(new FlowProblem(at, "'" + value + "' is not a brand or preset name (letters, digits, . _ - and spaces)"));
                }
            }
        }
        return problems;
    }
}
