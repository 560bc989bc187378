package io.studioflow.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Studioflow's own record of one product image: what came in, what each step measured and produced,
 * and where it stands. It outlives the engine's in-memory state. {@code session} names the photo shoot it came
 * from (null if none): photos of one session are colour-matched to each other. {@code template} is the flow template
 * the upload picked (null if none) and {@code processId} the process its flow runs on (null: the product flow).
 * {@code batchId} is the batch it came in with (null for a single upload) and {@code angle} the view of the product
 * the batch's manifest or file name gave it (front, back, detail...; null if none).
 */
public record Asset(
        String id,
        String sku,
        String brand,
        String preset,
        AssetStatus status,
        String originalHash,
        String originalName,
        String contentType,
        Integer width,
        Integer height,
        Long processInstanceKey,
        String uploadedBy,
        Instant createdAt,
        Instant updatedAt,
        List<String> reasons,
        Map<String, Map<String, Object>> scores,
        Map<String, String> artifacts,
        List<Rendition> renditions,
        Integer priority,
        String session,
        String template,
        String processId,
        String batchId,
        String angle) {

    /** An image picked by a template, or none, uploaded on its own. */
    public Asset(String id, String sku, String brand, String preset, AssetStatus status, String originalHash,
                 String originalName, String contentType, Integer width, Integer height, Long processInstanceKey,
                 String uploadedBy, Instant createdAt, Instant updatedAt, List<String> reasons,
                 Map<String, Map<String, Object>> scores, Map<String, String> artifacts, List<Rendition> renditions,
                 Integer priority, String session, String template, String processId) {
        this(id, sku, brand, preset, status, originalHash, originalName, contentType, width, height, processInstanceKey,
                uploadedBy, createdAt, updatedAt, reasons, scores, artifacts, renditions, priority, session, template,
                processId, null, null);
    }

    /** An image on the product flow, picked by no template. */
    public Asset(String id, String sku, String brand, String preset, AssetStatus status, String originalHash,
                 String originalName, String contentType, Integer width, Integer height, Long processInstanceKey,
                 String uploadedBy, Instant createdAt, Instant updatedAt, List<String> reasons,
                 Map<String, Map<String, Object>> scores, Map<String, String> artifacts, List<Rendition> renditions,
                 Integer priority, String session) {
        this(id, sku, brand, preset, status, originalHash, originalName, contentType, width, height, processInstanceKey,
                uploadedBy, createdAt, updatedAt, reasons, scores, artifacts, renditions, priority, session, null, null, null, null);
    }
}
