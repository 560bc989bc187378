package io.studioflow.processing.quality;

import io.studioflow.platform.imaging.MatScope;
import io.studioflow.platform.imaging.Mats;
import io.studioflow.platform.imaging.OpenCv;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/**
 * Scores a predicted alpha matte against the true one. Both are 8-bit single-channel Mats of the same
 * size, alpha 0..255; "foreground" means alpha >= 128.
 */
public final class MatteMetrics {

    /** Alpha at or above this counts as foreground when a matte is binarised. */
    public static final int FOREGROUND_ALPHA = 128;

    /** Default boundary tolerance as a share of the image diagonal. */
    public static final double DEFAULT_TOLERANCE_SHARE_OF_DIAGONAL = 0.002;

    /** All three scores of one predicted matte. */
    public record Scores(double iou, double alphaMae, double boundaryF) {
    }

    static {
        OpenCv.load();
    }

    private MatteMetrics() {
    }

    /** IoU, alpha MAE and boundary F (default tolerance) in one call. */
    public static Scores evaluate(Mat predicted, Mat truth) {
        return new Scores(iou(predicted, truth), alphaMae(predicted, truth), boundaryF(predicted, truth));
    }

    /** IoU, alpha MAE and boundary F within {@code tolerancePx} in one call. */
    public static Scores evaluate(Mat predicted, Mat truth, double tolerancePx) {
        return new Scores(iou(predicted, truth), alphaMae(predicted, truth), boundaryF(predicted, truth, tolerancePx));
    }

    /**
     * Intersection over union of the binarised mattes, in [0,1]. Two empty mattes agree perfectly: 1.
     */
    public static double iou(Mat predicted, Mat truth) {
        requireComparable(predicted, truth);
        try (MatScope scope = Mats.scope()) {
            Mat p = binarised(predicted, scope);
            Mat t = binarised(truth, scope);
            Mat both = scope.mat();
            Core.bitwise_and(p, t, both);
            Mat either = scope.mat();
            Core.bitwise_or(p, t, either);
            int union = Core.countNonZero(either);
            return union == 0 ? 1.0 : (double) Core.countNonZero(both) / union;
        }
    }

    /** Mean absolute difference of alpha over all pixels, alpha taken as 0..1, so the result is in [0,1]. */
    public static double alphaMae(Mat predicted, Mat truth) {
        requireComparable(predicted, truth);
        try (MatScope scope = Mats.scope()) {
            Mat difference = scope.mat();
            Core.absdiff(predicted, truth, difference);
            return Core.sumElems(difference).val[0] / (255.0 * predicted.total());
        }
    }

    /** Boundary F-measure with the default tolerance ({@link #defaultTolerancePx}). */
    public static double boundaryF(Mat predicted, Mat truth) {
        requireComparable(predicted, truth);
        return boundaryF(predicted, truth, defaultTolerancePx(truth.cols(), truth.rows()));
    }

    /**
     * Boundary F-measure as in the DAVIS benchmark: the boundary pixels of each binarised matte (foreground
     * pixels with a background 4-neighbour; the image frame is not a boundary) are matched to the other
     * matte's boundary when within {@code tolerancePx} (Euclidean); precision is the share of predicted
     * boundary matched, recall the share of true boundary matched, F their harmonic mean. Both without
     * boundary: 1; only one without: 0.
     */
    public static double boundaryF(Mat predicted, Mat truth, double tolerancePx) {
        requireComparable(predicted, truth);
        if (!(tolerancePx >= 0) || Double.isInfinite(tolerancePx)) {
            throw new IllegalArgumentException("Boundary tolerance must be a finite number of pixels >= 0, was " + tolerancePx);
        }
        try (MatScope scope = Mats.scope()) {
            Mat predictedBoundary = boundary(binarised(predicted, scope), scope);
            Mat trueBoundary = boundary(binarised(truth, scope), scope);
            int predictedCount = Core.countNonZero(predictedBoundary);
            int trueCount = Core.countNonZero(trueBoundary);
            if (predictedCount == 0 && trueCount == 0) {
                return 1.0;
            }
            if (predictedCount == 0 || trueCount == 0) {
                return 0.0;
            }
            double precision = (double) matchedWithin(predictedBoundary, trueBoundary, tolerancePx, scope) / predictedCount;
            double recall = (double) matchedWithin(trueBoundary, predictedBoundary, tolerancePx, scope) / trueCount;
            return precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
        }
    }

    /** About 0.2% of the image diagonal, at least 1 px: a 1000x1000 image gets 3 px. */
    public static double defaultTolerancePx(int width, int height) {
        return Math.max(1.0, Math.ceil(DEFAULT_TOLERANCE_SHARE_OF_DIAGONAL * Math.hypot(width, height)));
    }

    // ------------------------------------------------------------------ internals

    private static void requireComparable(Mat predicted, Mat truth) {
        requireMatte(predicted, "predicted matte");
        requireMatte(truth, "true matte");
        if (predicted.rows() != truth.rows() || predicted.cols() != truth.cols()) {
            throw new IllegalArgumentException("predicted matte is " + predicted.cols() + "x" + predicted.rows()
                    + " but the true matte is " + truth.cols() + "x" + truth.rows() + ": they must be the same size");
        }
    }

    private static void requireMatte(Mat matte, String name) {
        if (matte == null || matte.empty()) {
            throw new IllegalArgumentException(name + " is empty");
        }
        if (matte.type() != CvType.CV_8UC1) {
            throw new IllegalArgumentException(name + " must be 8-bit single channel (CV_8UC1), was "
                    + CvType.typeToString(matte.type()));
        }
    }

    /** 255 where alpha >= 128, else 0. */
    private static Mat binarised(Mat matte, MatScope scope) {
        Mat binary = scope.mat();
        Imgproc.threshold(matte, binary, FOREGROUND_ALPHA - 1, 255, Imgproc.THRESH_BINARY);
        return binary;
    }

    /** Foreground pixels with a background 4-neighbour; erosion's default border keeps the frame from counting. */
    private static Mat boundary(Mat binary, MatScope scope) {
        Mat cross = scope.add(Imgproc.getStructuringElement(Imgproc.MORPH_CROSS, new org.opencv.core.Size(3, 3)));
        Mat eroded = scope.mat();
        Imgproc.erode(binary, eroded, cross);
        Mat edge = scope.mat();
        Core.subtract(binary, eroded, edge);
        return edge;
    }

    /** How many pixels of {@code boundary} lie within {@code tolerancePx} of a pixel of {@code target}. */
    private static int matchedWithin(Mat boundary, Mat target, double tolerancePx, MatScope scope) {
        // distanceTransform measures the distance to the nearest zero pixel, so the target boundary becomes zero
        Mat notTarget = scope.mat();
        Core.bitwise_not(target, notTarget);
        Mat distance = scope.mat();
        Imgproc.distanceTransform(notTarget, distance, Imgproc.DIST_L2, Imgproc.DIST_MASK_PRECISE);
        Mat near = scope.mat();
        Core.compare(distance, new Scalar(tolerancePx + 1e-6), near, Core.CMP_LE);
        Mat matched = scope.mat();
        Core.bitwise_and(near, boundary, matched);
        return Core.countNonZero(matched);
    }
}
