package io.studioflow.platform.imaging;

import org.opencv.core.Core;
import org.opencv.core.Mat;

/** Applies an EXIF orientation (1..8) so that the pixels come out upright. */
final class Orientation {

    private Orientation() {
    }

    /** Returns a new Mat holding {@code image} turned upright; the caller releases both. */
    static Mat apply(Mat image, int orientation) {
        Mat out = new Mat();
        switch (orientation) {
            case 2 -> Core.flip(image, out, 1); // mirrored left-right
            case 3 -> Core.rotate(image, out, Core.ROTATE_180);
            case 4 -> Core.flip(image, out, 0); // mirrored top-bottom
            case 5 -> Core.transpose(image, out);
            case 6 -> Core.rotate(image, out, Core.ROTATE_90_CLOCKWISE);
            case 7 -> {
                Core.transpose(image, out);
                Core.flip(out, out, -1);
            }
            case 8 -> Core.rotate(image, out, Core.ROTATE_90_COUNTERCLOCKWISE);
            default -> image.copyTo(out);
        }
        return out;
    }
}
