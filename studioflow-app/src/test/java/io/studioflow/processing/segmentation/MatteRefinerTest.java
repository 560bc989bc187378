package io.studioflow.processing.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.studioflow.platform.imaging.MatScope;
import io.studioflow.platform.imaging.Mats;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** Refinement and despill on a composite whose alpha and colours are known exactly. */
class MatteRefinerTest {

    static final MatteRefiner REFINER = new MatteRefiner();
    static final Scalar RED = new Scalar(30, 30, 220);
    static final Scalar GREEN = new Scalar(40, 200, 40);

    /** A red disc with a soft edge composited on green: photo, true alpha. */
    private static Mat[] redDiscOnGreen(MatScope scope) {
        Mat alpha = scope.add(Mat.zeros(600, 600, CvType.CV_8UC1));
        Imgproc.circle(alpha, new Point(300, 300), 180, new Scalar(255), -1, Imgproc.LINE_AA);
        Imgproc.GaussianBlur(alpha, alpha, new Size(0, 0), 4);
        Mat a = scope.mat();
        alpha.convertTo(a, CvType.CV_32F, 1 / 255.0);
        Mat a3 = scope.mat();
        Core.merge(List.of(a, a, a), a3);
        Mat front = scope.add(new Mat(600, 600, CvType.CV_32FC3, RED));
        Mat back = scope.add(new Mat(600, 600, CvType.CV_32FC3, GREEN));
        Mat photo = scope.mat();
        Core.subtract(front, back, photo);
        Core.multiply(photo, a3, photo);
        Core.add(photo, back, photo);
        photo.convertTo(photo, CvType.CV_8UC3);
        return new Mat[] {photo, alpha};
    }

    @Test
    void despillGivesSoftEdgePixelsTheProductsColourNotTheBackdrops() {
        try (MatScope scope = Mats.scope()) {
            Mat[] scene = redDiscOnGreen(scope);
            Mat cleaned = scope.add(REFINER.decontaminate(scene[0], scene[1]));
            // a pixel on the soft edge, about a quarter opaque
            int x = 300;
            int y = findRowWithAlpha(scene[1], x, 64);
            double[] before = scene[0].get(y, x);
            double[] after = cleaned.get(y, x);
            assertThat(before[1]).as("the photo's edge pixel is mostly backdrop green").isGreaterThan(120);
            assertThat(after[1]).as("despilled green").isLessThan(60);
            assertThat(after[2]).as("despilled red").isGreaterThan(180);
            // inside and far outside nothing changes
            assertThat(cleaned.get(300, 300)).isEqualTo(scene[0].get(300, 300));
            assertThat(cleaned.get(10, 10)).isEqualTo(scene[0].get(10, 10));
        }
    }

    @Test
    void refinementPullsABlurredMatteBackToThePhotosEdge() {
        try (MatScope scope = Mats.scope()) {
            Mat[] scene = redDiscOnGreen(scope);
            // what the model's 1024² output looks like scaled up: the right shape, a wider, blurrier ramp
            Mat blurred = scope.mat();
            Imgproc.GaussianBlur(scene[1], blurred, new Size(0, 0), 3);
            Mat refined = scope.add(REFINER.refine(scene[0], blurred));
            assertThat(meanAbsoluteError(refined, scene[1], scope))
                    .isLessThan(meanAbsoluteError(blurred, scene[1], scope) / 2);
        }
    }

    @Test
    void aMaskOfAnotherSizeIsRefused() {
        try (MatScope scope = Mats.scope()) {
            Mat photo = scope.add(new Mat(50, 50, CvType.CV_8UC3, GREEN));
            Mat alpha = scope.add(Mat.zeros(40, 50, CvType.CV_8UC1));
            assertThatThrownBy(() -> REFINER.refine(photo, alpha)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static int findRowWithAlpha(Mat alpha, int x, int target) {
        for (int y = 0; y < alpha.rows() / 2; y++) {
            if (alpha.get(y, x)[0] >= target) {
                return y;
            }
        }
        throw new AssertionError("no pixel of alpha " + target + " in column " + x);
    }

    private static double meanAbsoluteError(Mat a, Mat b, MatScope scope) {
        Mat difference = scope.mat();
        Core.absdiff(a, b, difference);
        return Core.mean(difference).val[0] / 255;
    }
}
