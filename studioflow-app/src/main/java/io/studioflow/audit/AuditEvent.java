package io.studioflow.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One thing that happened to an image. {@code id} is the idempotency key: the same step delivered twice
 * (Zeebe delivers a job at least once) produces the same id and is stored once.
 */
public record AuditEvent(
        String id,
        String imageId,
        String sku,
        String step,
        String elementId,
        Long processInstanceKey,
        Actor actor,
        String decision,
        String comment,
        List<String> reasons,
        Map<String, Object> scores,
        List<String> inputHashes,
        List<String> outputHashes,
        Long durationMs,
        Instant time) {
}
