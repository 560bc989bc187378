package io.studioflow.flows;

import io.studioflow.capture.QcOutcome;
import io.studioflow.policy.RoutingOutcome;
import io.studioflow.processing.ColourOutcome;
import io.studioflow.processing.CompositionOutcome;
import io.studioflow.processing.SegmentationOutcome;
import io.studioflow.review.ReviewOutcome;

/**
 * The variables of one product-image instance. Each step adds its own outcome; {@code originalHash}
 * changes when a photographer retakes the photo.
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
        ReviewOutcome review) {

    public static ImageVariables start(String assetId, String sku, String brand, String preset, String originalHash) {
        return new ImageVariables(assetId, sku, brand, preset, originalHash, null, null, null, null, null, null);
    }
}
