package io.studioflow.processing.segmentation;

import org.opencv.core.Mat;

/**
 * A model's answer for one image.
 *
 * @param alpha     foreground alpha at the input's full resolution, {@code CV_8UC1}, 255 = object
 * @param softAlpha the network's own output at its working resolution, {@code CV_32FC1} in [0,1]; kept for
 *                  confidence measures, which should not depend on the input's size
 */
public record Matte(Mat alpha, Mat softAlpha) implements AutoCloseable {

    @Override
    public void close() {
        alpha.release();
        softAlpha.release();
    }
}
