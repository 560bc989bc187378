package io.studioflow.platform.imaging;

import org.opencv.core.Mat;

/**
 * A decoded photo, upright (EXIF orientation applied). The caller owns both Mats: close it (or
 * release them) when done.
 *
 * @param bgr   8-bit BGR pixels (CV_8UC3)
 * @param alpha the file's own transparency as CV_8UC1 (255 = opaque), or null if it has none
 * @param info  what the header declared
 */
public record DecodedImage(Mat bgr, Mat alpha, ImageInfo info) implements AutoCloseable {

    public boolean hasAlpha() {
        return alpha != null;
    }

    @Override
    public void close() {
        Mats.release(bgr, alpha);
    }
}
