package io.studioflow.review;

import io.studioflow.flows.ProductImageProcess;
import java.util.Set;

/** The human tasks of the product-image flow and the decisions each allows. */
public enum TaskKind {
    REVIEW("Review and retouch", Set.of("APPROVE", "REJECT", "RETAKE", TaskKind.REPROCESS)),
    /** Four-eyes: a different person decides on an image someone already approved; the same decisions as a review. */
    SECOND_APPROVAL("Second approval", Set.of("APPROVE", "REJECT", "RETAKE", TaskKind.REPROCESS)),
    RETAKE("Retake photo", Set.of("RETAKEN"));

    /** A review sent back to be composed again with other settings. */
    public static final String REPROCESS = "REPROCESS";

    private final String title;
    private final Set<String> decisions;

    TaskKind(String title, Set<String> decisions) {
        this.title = title;
        this.decisions = decisions;
    }

    public String title() {
        return title;
    }

    public Set<String> decisions() {
        return decisions;
    }

    /** A task that decides on the processed image (first review or second approval), as opposed to a retake. */
    public boolean decidesOnResult() {
        return this != RETAKE;
    }

    public static TaskKind ofElement(String elementId) {
        if (ProductImageProcess.RETAKE_TASK.equals(elementId)) {
            return RETAKE;
        }
        return ProductImageProcess.SECOND_APPROVAL_TASK.equals(elementId) ? SECOND_APPROVAL : REVIEW;
    }
}
