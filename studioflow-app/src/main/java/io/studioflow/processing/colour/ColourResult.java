package io.studioflow.processing.colour;

import org.opencv.core.Mat;

/**
 * A white-balanced photo and how it was obtained. The caller owns {@code corrected}: close the result
 * (or release the Mat) when done.
 *
 * @param corrected      the corrected photo, 8-bit BGR, same size as the input
 * @param castBefore     cast of the neutral reference before correction
 * @param castAfter      cast of the same pixels after correction
 * @param gains          the white balance applied (linear light)
 * @param reference      which pixels served as neutral reference
 * @param referenceShare share of the photo those pixels cover
 * @param confidence     0..1: high when the reference is large, uniform and only mildly tinted
 * @param method         the white-balance method used
 * @param exposureGain   the exposure gain applied in linear light (1 = brightness kept)
 * @param contrast       the power applied in linear light to match a session's product-to-sweep contrast (1 = none)
 */
public record ColourResult(Mat corrected, ColourCast castBefore, ColourCast castAfter, WhiteBalanceGains gains,
                           NeutralReference reference, double referenceShare, double confidence,
                           WhiteBalanceMethod method, double exposureGain, double contrast)
        implements AutoCloseable {

    @Override
    public void close() {
        corrected.release();
    }
}
