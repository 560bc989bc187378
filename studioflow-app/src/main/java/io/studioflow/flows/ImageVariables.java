package io.studioflow.flows;

import io.studioflow.capture.QcOutcome;
import io.studioflow.policy.RoutingOutcome;
import io.studioflow.processing.ColourOutcome;
import io.studioflow.processing.ComposeSettings;
import io.studioflow.processing.CompositionOutcome;
import io.studioflow.processing.SegmentationOutcome;
import io.studioflow.review.ReviewOutcome;

/**
 * The variables of one product-image instance. Each step adds its own outcome; {@code originalHash}
 * changes when a photographer retakes the photo. {@code priority} (0..100, higher first) orders the
 * inbox; {@code composeSettings}, when a retoucher asked to reprocess, override the preset's composition;
 * {@code session} (may be null) is the photo shoot whose photos are colour-matched to each other.
 */
public record ImageVariables(
        String assetId,
        String sku,
        String brand,
        String preset,
        String originalHash,
        QcOutcome qc,
        SegmentationOutcome segmentation,
        ColourOutcome colour,
        CompositionOutcome composition,
        RoutingOutcome routing,
        ReviewOutcome review,
        Integer priority,
        ComposeSettings composeSettings,
        String session) {

    public static final int DEFAULT_PRIORITY = 50;

    public static ImageVariables start(String assetId, String sku, String brand, String preset, String originalHash) {
        return start(assetId, sku, brand, preset, originalHash, DEFAULT_PRIORITY);
    }

    public static ImageVariables start(String assetId, String sku, String brand, String preset, String originalHash,
                                       int priority) {
        return start(assetId, sku, brand, preset, originalHash, priority, null);
    }

    public static ImageVariables start(String assetId, String sku, String brand, String preset, String originalHash,
                                       int priority, String session) {
        return new ImageVariables(assetId, sku, brand, preset, originalHash, null, null, null, null, null, null, priority,
                null, session);
    }

    public int priorityOrDefault() {
        return priority == null ? DEFAULT_PRIORITY : priority;
    }
}
