package io.studioflow.processing.segmentation;

/**
 * How far to trust a cut: the model's own certainty ({@link MatteConfidence}) times the classical cross-check's
 * agreement on the backdrop ({@link BackdropAgreement}). Either alone misses failures the other sees: a decisive
 * model can fill a hole or cut fur short on a plain backdrop, and the cross-check cannot judge a busy scene.
 * Where the check fully confirms the cut on a clean backdrop, two independent methods agree: the model's hesitation
 * (thin strands and wires are all edge, which it reads as doubt) then counts for less, up to {@link #CONFIRMED}.
 *
 * @param score    the step's confidence in [0,1]; the routing table compares it with its threshold
 * @param matte    the model's side
 * @param backdrop the classical side
 */
public record SegmentationConfidence(double score, MatteConfidence matte, BackdropAgreement backdrop) {

    /** Confidence of a hesitant model's cut that the backdrop check fully confirms: just above routing's 0.75. */
    static final double CONFIRMED = 0.8;

    public static SegmentationConfidence of(MatteConfidence matte, BackdropAgreement backdrop) {
        double model = Math.max(matte.score(), CONFIRMED * backdrop.confirmation());
        return new SegmentationConfidence(model * backdrop.score(), matte, backdrop);
    }
}
