package io.studioflow.audit;

import java.time.Instant;

/**
 * What an auditor searches by; null or blank fields do not filter. {@code reason} matches words in the
 * reasons or the comment (a rejection's reason is its comment); {@code from} is inclusive, {@code to}
 * exclusive.
 */
public record AuditQuery(String sku, String imageId, String actor, String decision, String reason, String brand,
                         String batch, Instant from, Instant to) {

    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null, null, null, null, null, null);
    }

    public static AuditQuery ofBatch(String batch) {
        return new AuditQuery(null, null, null, null, null, null, batch, null, null);
    }

    public AuditQuery {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new AuditRequestException("'from' (" + from + ") must be before 'to' (" + to + ")");
        }
    }
}
