package io.studioflow.processing.segmentation;

import io.studioflow.platform.imaging.MatScope;
import io.studioflow.platform.imaging.Mats;
import io.studioflow.platform.imaging.OpenCv;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * The classical baseline the quality harness measures the model against: OpenCV's GrabCut (iterated graph cuts
 * over colour mixture models), started from a rectangle a few percent inside the frame, as a photographer's
 * "the product is somewhere in the middle" would. It needs no model and is good on plain studio backgrounds; it
 * cannot find what touches the frame and confuses textured backgrounds with the product.
 */
public final class GrabCutSegmenter {

    /** GrabCut's cost grows with the pixel count: it works on a copy this size and scales the mask back. */
    static final int WORKING_SIZE = 384;
    static final double FRAME_INSET = 0.03;
    static final int ITERATIONS = 4;

    public GrabCutSegmenter() {
        OpenCv.load();
    }

    /** @return alpha at the photo's size, {@code CV_8UC1}; the caller owns it */
    public Mat segment(Mat bgr) {
        Mats.requireBgr8(bgr, "photo");
        try (MatScope scope = Mats.scope()) {
            Mat small = Mats.fittedWithin(bgr, WORKING_SIZE, scope);
            int insetX = Math.max(1, (int) Math.round(small.cols() * FRAME_INSET));
            int insetY = Math.max(1, (int) Math.round(small.rows() * FRAME_INSET));
            Rect inside = new Rect(insetX, insetY, small.cols() - 2 * insetX, small.rows() - 2 * insetY);
            Mat labels = scope.mat();
            Mat backgroundModel = scope.mat();
            Mat foregroundModel = scope.mat();
            Imgproc.grabCut(small, labels, inside, backgroundModel, foregroundModel, ITERATIONS, Imgproc.GC_INIT_WITH_RECT);

            // labels: 0 background, 1 foreground, 2 probably background, 3 probably foreground
            Mat foreground = scope.mat();
            Core.compare(labels, new Scalar(Imgproc.GC_FGD), foreground, Core.CMP_EQ);
            Mat probable = scope.mat();
            Core.compare(labels, new Scalar(Imgproc.GC_PR_FGD), probable, Core.CMP_EQ);
            Core.bitwise_or(foreground, probable, foreground);
            Mat alpha = scope.mat();
            Imgproc.resize(foreground, alpha, new Size(bgr.cols(), bgr.rows()), 0, 0, Imgproc.INTER_LINEAR);
            return scope.keep(alpha);
        }
    }
}
