package io.studioflow.audit;

/** A search, export or figures request that cannot be answered as asked; the message says what to change. */
public class AuditRequestException extends RuntimeException {

    public AuditRequestException(String message) {
        super(message);
    }
}
