package io.studioflow.flows;

import java.time.Instant;
import java.util.List;

/**
 * One deployed version of a process or decision as Studioflow keeps it: the exact XML (so versions can be
 * listed, compared and rolled back without the engine's query API), who deployed it and why.
 *
 * @param resourceId the BPMN process id or DMN decision id
 * @param kind       {@code BPMN} or {@code DMN}
 * @param key        the engine's process definition key or decision key
 * @param note       how it came: {@code start-up}, {@code deploy}, {@code rollback of v2}, {@code policy}
 */
public record FlowVersion(
        String id,
        String resourceId,
        String name,
        String kind,
        int version,
        long key,
        String sha256,
        String xml,
        String deployedBy,
        List<String> roles,
        Instant deployedAt,
        String note) {

    public static final String BPMN = "BPMN";
    public static final String DMN = "DMN";

    /** The same version without its XML, for lists. */
    public FlowVersion summary() {
        return new FlowVersion(id, resourceId, name, kind, version, key, sha256, null, deployedBy, roles, deployedAt, note);
    }
}
