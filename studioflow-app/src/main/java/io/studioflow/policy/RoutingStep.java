package io.studioflow.policy;

import java.util.Arrays;
import java.util.Optional;

/** The automated steps whose confidence the routing policy can hold to a threshold, in decision order. */
public enum RoutingStep {
    SEGMENTATION("segmentation", "segmentation.confidence", "segmentation",
            "Background removal is not sure of the product's outline"),
    COMPOSITION("composition", "composition.confidence", "compose",
            "Composition is doubtful: the product may be cut off or oddly framed"),
    COLOUR("colour", "colour.confidence", "colour", "Colour correction had no reliable neutral reference"),
    QC("qc", "qc.confidence", "capture-qc", "Capture quality is borderline");

    private final String id;
    private final String expression;
    private final String assetStep;
    private final String reason;

    RoutingStep(String id, String expression, String assetStep, String reason) {
        this.id = id;
        this.expression = expression;
        this.assetStep = assetStep;
        this.reason = reason;
    }

    /** The name in the policy table and in the decision's {@code check} output. */
    public String id() {
        return id;
    }

    /** The decision input's FEEL expression over the process variables. */
    public String expression() {
        return expression;
    }

    /** The step name under which the asset record keeps this step's scores. */
    public String assetStep() {
        return assetStep;
    }

    public String reason() {
        return reason;
    }

    public static Optional<RoutingStep> of(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equalsIgnoreCase(id == null ? "" : id.trim())).findFirst();
    }

    public static Optional<RoutingStep> ofExpression(String expression) {
        return Arrays.stream(values()).filter(s -> s.expression.equals(expression == null ? "" : expression.trim())).findFirst();
    }
}
