package io.studioflow.review;

/** A completion that the task does not allow (unknown decision, missing reason or file): a 400. */
public class IllegalDecisionException extends RuntimeException {
    public IllegalDecisionException(String message) {
        super(message);
    }
}
