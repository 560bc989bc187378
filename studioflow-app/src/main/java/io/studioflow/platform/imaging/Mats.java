package io.studioflow.platform.imaging;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Small helpers for OpenCV {@link Mat}s, whose pixels live in native memory the garbage collector
 * does not see: release every Mat you create, or collect them in a {@link MatScope}.
 */
public final class Mats {

    private Mats() {
    }

    /** Releases each Mat's native pixels; null entries are skipped. */
    public static void release(Mat... mats) {
        for (Mat mat : mats) {
            if (mat != null) {
                mat.release();
            }
        }
    }

    /** A scope that releases every Mat added to it when closed. */
    public static MatScope scope() {
        return new MatScope();
    }

    /** Throws IllegalArgumentException unless {@code mat} is a non-empty 8-bit, 3-channel (BGR) image. */
    public static void requireBgr8(Mat mat, String name) {
        if (mat == null || mat.empty()) {
            throw new IllegalArgumentException(name + " is empty");
        }
        if (mat.type() != CvType.CV_8UC3) {
            throw new IllegalArgumentException(name + " must be 8-bit BGR (CV_8UC3), was " + CvType.typeToString(mat.type()));
        }
    }

    /** Throws IllegalArgumentException unless {@code mask} is a CV_8UC1 Mat of the same size as {@code image}. */
    public static void requireMaskFor(Mat mask, Mat image, String name) {
        if (mask.type() != CvType.CV_8UC1) {
            throw new IllegalArgumentException(name + " must be 8-bit single channel (CV_8UC1), was "
                    + CvType.typeToString(mask.type()));
        }
        if (mask.rows() != image.rows() || mask.cols() != image.cols()) {
            throw new IllegalArgumentException(name + " is " + mask.cols() + "x" + mask.rows() + " but the image is "
                    + image.cols() + "x" + image.rows());
        }
    }

    /** As {@link #requireMaskFor}, for a mask that may be absent (null passes). */
    public static void requireOptionalMaskFor(Mat mask, Mat image, String name) {
        if (mask != null) {
            requireMaskFor(mask, image, name);
        }
    }

    /**
     * {@code image} itself when its longer side is at most {@code longSide}, else a copy shrunk to fit
     * (area interpolation), owned by {@code scope}. Measures taken on it mean the same for any resolution.
     */
    public static Mat fittedWithin(Mat image, int longSide, MatScope scope) {
        int current = Math.max(image.cols(), image.rows());
        if (current <= longSide) {
            return image;
        }
        double scale = (double) longSide / current;
        Mat small = scope.mat();
        Imgproc.resize(image, small, new Size(Math.max(1, Math.round(image.cols() * scale)),
                Math.max(1, Math.round(image.rows() * scale))), 0, 0, Imgproc.INTER_AREA);
        return small;
    }

    /** CIE Lab of an 8-bit BGR image as floats (L 0..100, a* and b* in Lab units), owned by {@code scope}. */
    public static Mat lab(Mat bgr8, MatScope scope) {
        Mat unit = scope.mat();
        bgr8.convertTo(unit, CvType.CV_32FC3, 1.0 / 255.0);
        Mat lab = scope.mat();
        Imgproc.cvtColor(unit, lab, Imgproc.COLOR_BGR2Lab);
        return lab;
    }
}
