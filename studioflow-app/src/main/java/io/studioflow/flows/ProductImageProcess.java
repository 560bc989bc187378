package io.studioflow.flows;

/** Ids in {@code processes/product-image.bpmn} that code depends on. */
public final class ProductImageProcess {

    public static final String PROCESS_ID = "product-image";
    public static final String RETAKE_TASK = "retake-photo";
    public static final String REVIEW_TASK = "review-and-retouch";
    /** The four-eyes task after a first approval, when the routing policy asks for it. */
    public static final String SECOND_APPROVAL_TASK = "second-approval";

    private ProductImageProcess() {
    }
}
