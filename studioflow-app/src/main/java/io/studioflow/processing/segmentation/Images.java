package io.studioflow.processing.segmentation;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/** Input checks and conversions shared by the segmentation models. */
final class Images {

    private Images() {
    }

    /**
     * Returns {@code image} itself when it is already 8-bit BGR, else a new 8-bit BGR copy that the caller must
     * release (compare the result with the argument to know).
     *
     * @throws IllegalArgumentException for an empty image or a type that is not a photo
     */
    static Mat toBgr8(Mat image) {
        if (image == null || image.empty()) {
            throw new IllegalArgumentException("The image is empty (it could not be decoded, or has no pixels)");
        }
        int depth = image.depth();
        int channels = image.channels();
        if (depth == CvType.CV_8U && channels == 3) {
            return image;
        }
        if (depth != CvType.CV_8U && depth != CvType.CV_16U) {
            throw new IllegalArgumentException("Unsupported image type " + CvType.typeToString(image.type())
                    + ": expected 8- or 16-bit pixels");
        }
        int conversion = switch (channels) {
            case 1 -> Imgproc.COLOR_GRAY2BGR;
            case 3 -> -1;
            case 4 -> Imgproc.COLOR_BGRA2BGR;
            default -> throw new IllegalArgumentException("Unsupported image with " + channels
                    + " channels: expected 1 (grey), 3 (BGR) or 4 (BGRA)");
        };
        Mat result = new Mat();
        try {
            if (depth == CvType.CV_16U) {
                image.convertTo(result, CvType.CV_8U, 1.0 / 257);
            } else {
                image.copyTo(result);
            }
            if (conversion >= 0) {
                Imgproc.cvtColor(result, result, conversion);
            }
            return result;
        } catch (RuntimeException e) {
            result.release();
            throw e;
        }
    }
}
