package io.studioflow.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One thing that happened to an image. {@code id} is the idempotency key: the same step delivered twice
 * (Zeebe delivers a job at least once) produces the same id and is stored once.
 *
 * <p>The image's events form a hash chain: {@code sequence} runs 1, 2, 3… per image, {@code previousHash} is
 * the {@code hash} of the event before (null for the first), and {@code hash} is the SHA-256 of the event's
 * canonical form ({@link AuditHashes}). {@link AuditLog#record} assigns these three; callers leave them null.
 *
 * @param batch                    the photo shoot (session) the image came in with, if any
 * @param processDefinitionVersion the version of the BPMN flow the step ran in
 */
public record AuditEvent(
        String id,
        String imageId,
        String sku,
        String brand,
        String batch,
        String step,
        String elementId,
        Long processInstanceKey,
        Integer processDefinitionVersion,
        Actor actor,
        String decision,
        String comment,
        List<String> reasons,
        Map<String, Object> scores,
        List<String> inputHashes,
        List<String> outputHashes,
        Long durationMs,
        Instant time,
        Long sequence,
        String previousHash,
        String hash) {

    /** An event as a step describes it; brand, batch, flow version and the chain are filled in later. */
    public AuditEvent(String id, String imageId, String sku, String step, String elementId, Long processInstanceKey,
                      Actor actor, String decision, String comment, List<String> reasons, Map<String, Object> scores,
                      List<String> inputHashes, List<String> outputHashes, Long durationMs, Instant time) {
        this(id, imageId, sku, null, null, step, elementId, processInstanceKey, null, actor, decision, comment, reasons,
                scores, inputHashes, outputHashes, durationMs, time, null, null, null);
    }

    /** The same event with where it belongs: the brand, the batch and the flow version (null keeps the current). */
    public AuditEvent withContext(String brand, String batch, Integer processDefinitionVersion) {
        return new AuditEvent(id, imageId, sku, brand == null ? this.brand : brand, batch == null ? this.batch : batch,
                step, elementId, processInstanceKey,
                processDefinitionVersion == null ? this.processDefinitionVersion : processDefinitionVersion, actor,
                decision, comment, reasons, scores, inputHashes, outputHashes, durationMs, time, sequence, previousHash,
                hash);
    }

    AuditEvent withSku(String sku) {
        return new AuditEvent(id, imageId, sku, brand, batch, step, elementId, processInstanceKey,
                processDefinitionVersion, actor, decision, comment, reasons, scores, inputHashes, outputHashes,
                durationMs, time, sequence, previousHash, hash);
    }

    /** The event as the link after {@code previousHash}, with its own hash computed. */
    AuditEvent chained(long sequence, String previousHash) {
        AuditEvent linked = new AuditEvent(id, imageId, sku, brand, batch, step, elementId, processInstanceKey,
                processDefinitionVersion, actor, decision, comment, reasons, scores, inputHashes, outputHashes,
                durationMs, time, sequence, previousHash, null);
        return new AuditEvent(id, imageId, sku, brand, batch, step, elementId, processInstanceKey,
                processDefinitionVersion, actor, decision, comment, reasons, scores, inputHashes, outputHashes,
                durationMs, time, sequence, previousHash, AuditHashes.hash(linked));
    }
}
