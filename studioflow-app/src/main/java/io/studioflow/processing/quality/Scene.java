package io.studioflow.processing.quality;

import io.studioflow.platform.imaging.Mats;
import org.opencv.core.Mat;

/**
 * One ground-truth case: the composited photo and the exact alpha of its object. Owns both Mats:
 * close it to release them.
 *
 * @param category   the hard case the scene shows
 * @param background the background actually used (WHITE_ON_WHITE always uses {@link BackgroundKind#WHITE_SWEEP})
 * @param image      the photo, 8-bit BGR (CV_8UC3)
 * @param alpha      the object's true alpha, 8-bit single channel (CV_8UC1), same size
 */
public record Scene(SceneCategory category, BackgroundKind background, Mat image, Mat alpha) implements AutoCloseable {

    @Override
    public void close() {
        Mats.release(image, alpha);
    }
}
