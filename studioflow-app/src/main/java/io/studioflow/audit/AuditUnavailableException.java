package io.studioflow.audit;

/** Elasticsearch, which holds the audit trail, cannot be reached for a read; events still wait in the outbox. */
public class AuditUnavailableException extends RuntimeException {

    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
