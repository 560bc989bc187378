package io.studioflow.flows;

/** A process, decision or version that was never deployed. */
public class FlowNotFoundException extends RuntimeException {
    public FlowNotFoundException(String message) {
        super(message);
    }
}
