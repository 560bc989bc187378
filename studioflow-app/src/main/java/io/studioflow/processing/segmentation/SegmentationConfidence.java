package io.studioflow.processing.segmentation;

/**
 * How far to trust a cut: the model's own certainty ({@link MatteConfidence}) times the classical cross-check's
 * agreement on the backdrop ({@link BackdropAgreement}). Either alone misses failures the other sees: a decisive
 * model can fill a hole or cut fur short on a plain backdrop, and the cross-check cannot judge a busy scene.
 *
 * @param score    the step's confidence in [0,1]; the routing table compares it with its threshold
 * @param matte    the model's side
 * @param backdrop the classical side
 */
public record SegmentationConfidence(double score, MatteConfidence matte, BackdropAgreement backdrop) {

    public static SegmentationConfidence of(MatteConfidence matte, BackdropAgreement backdrop) {
        return new SegmentationConfidence(matte.score() * backdrop.score(), matte, backdrop);
    }
}
