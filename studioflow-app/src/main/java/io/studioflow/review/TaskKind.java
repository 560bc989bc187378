package io.studioflow.review;

import io.studioflow.flows.ProductImageProcess;
import java.util.Set;

/** The human tasks of the product-image flow and the decisions each allows. */
public enum TaskKind {
    REVIEW("Review and retouch", Set.of("APPROVE", "REJECT", "RETAKE", TaskKind.REPROCESS)),
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

    public static TaskKind ofElement(String elementId) {
        return ProductImageProcess.RETAKE_TASK.equals(elementId) ? RETAKE : REVIEW;
    }
}
