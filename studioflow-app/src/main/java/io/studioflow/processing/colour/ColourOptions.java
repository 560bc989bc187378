package io.studioflow.processing.colour;

import org.opencv.core.Rect;
import org.opencv.core.Scalar;

/**
 * How {@link ColourCorrector} should correct a photo. Every part is optional; {@link #defaults()} is plain white
 * balance with the method chosen by the corrector.
 *
 * @param method       how to estimate the white point when no neutral patch is given
 * @param neutralPatch a grey card / reference card region in the photo's pixel coordinates: when given, it is the
 *                     white point and {@code method} is not used
 * @param targetWhite  the colour (8-bit BGR) the neutral reference should come out as, e.g. a brand's warm white;
 *                     null = neutral grey (or the batch's white point when a batch is given)
 * @param exposure     exposure normalisation target; null = keep the brightness (or match the batch's)
 * @param batch        a session's reference: the photo comes out with the batch's white point and brightness,
 *                     unless {@code targetWhite} / {@code exposure} say otherwise
 */
public record ColourOptions(WhiteBalanceMethod method, Rect neutralPatch, Scalar targetWhite, ExposureTarget exposure,
                            BatchColourReference batch) {

    public ColourOptions {
        if (method == null) {
            method = WhiteBalanceMethod.AUTO;
        }
        if (neutralPatch != null && (neutralPatch.width <= 0 || neutralPatch.height <= 0)) {
            throw new IllegalArgumentException("the neutral patch is empty: " + neutralPatch);
        }
        if (targetWhite != null && (min(targetWhite) < 1 || max(targetWhite) > 255)) {
            throw new IllegalArgumentException("the target white must be a BGR colour with every channel in 1..255, was "
                    + targetWhite);
        }
    }

    public static ColourOptions defaults() {
        return new ColourOptions(WhiteBalanceMethod.AUTO, null, null, null, null);
    }

    public ColourOptions withMethod(WhiteBalanceMethod value) {
        return new ColourOptions(value, neutralPatch, targetWhite, exposure, batch);
    }

    public ColourOptions withNeutralPatch(Rect value) {
        return new ColourOptions(method, value, targetWhite, exposure, batch);
    }

    public ColourOptions withTargetWhite(Scalar bgr) {
        return new ColourOptions(method, neutralPatch, bgr, exposure, batch);
    }

    public ColourOptions withExposure(ExposureTarget value) {
        return new ColourOptions(method, neutralPatch, targetWhite, value, batch);
    }

    public ColourOptions withBatch(BatchColourReference value) {
        return new ColourOptions(method, neutralPatch, targetWhite, exposure, value);
    }

    private static double min(Scalar s) {
        return Math.min(s.val[0], Math.min(s.val[1], s.val[2]));
    }

    private static double max(Scalar s) {
        return Math.max(s.val[0], Math.max(s.val[1], s.val[2]));
    }
}
