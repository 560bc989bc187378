package io.studioflow.processing.segmentation;

import org.opencv.core.Mat;

/**
 * Background removal result. The caller owns {@link #alpha()} and must {@link #close()} the cutout.
 *
 * @param alpha         foreground alpha at the input's resolution, {@code CV_8UC1}, 255 = product
 * @param confidence    {@link SegmentationConfidence#score()}, in [0,1]
 * @param quality       the measures behind the confidence, for the audit trail and the review inbox
 * @param model         the model's name, e.g. {@code isnet-medium}
 * @param modelVersion  the model's version
 * @param modelSha256   SHA-256 of the weights that produced the matte
 * @param inferenceMs   wall time of the model call
 */
public record Cutout(Mat alpha, double confidence, SegmentationConfidence quality, String model, String modelVersion,
                     String modelSha256, long inferenceMs) implements AutoCloseable {

    @Override
    public void close() {
        alpha.release();
    }
}
