package io.studioflow.flows;

/** A template edit made on a version that is no longer the stored one. */
public class StaleFlowTemplateException extends RuntimeException {

    public StaleFlowTemplateException(String message) {
        super(message);
    }
}
