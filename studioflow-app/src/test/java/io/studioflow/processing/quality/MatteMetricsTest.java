package io.studioflow.processing.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.studioflow.platform.imaging.MatScope;
import io.studioflow.platform.imaging.Mats;
import io.studioflow.platform.imaging.OpenCv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;

class MatteMetricsTest {

    private final MatScope scope = Mats.scope();

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    @AfterEach
    void releaseMats() {
        scope.close();
    }

    /** A width x height matte, 0 everywhere except {@code value} inside each rectangle. */
    private Mat matte(int width, int height, int value, Rect... rectangles) {
        Mat matte = scope.add(Mat.zeros(height, width, CvType.CV_8UC1));
        for (Rect rectangle : rectangles) {
            Mat region = matte.submat(rectangle);
            region.setTo(new Scalar(value));
            region.release();
        }
        return matte;
    }

    @Test
    void identicalMattesScorePerfectly() {
        Mat truth = matte(100, 80, 255, new Rect(20, 10, 50, 40));
        Mat predicted = matte(100, 80, 255, new Rect(20, 10, 50, 40));

        MatteMetrics.Scores scores = MatteMetrics.evaluate(predicted, truth);

        assertThat(scores.iou()).isEqualTo(1.0);
        assertThat(scores.alphaMae()).isEqualTo(0.0);
        assertThat(scores.boundaryF()).isEqualTo(1.0);
    }

    @Test
    void disjointMattesScoreZero() {
        Mat truth = matte(200, 100, 255, new Rect(10, 10, 40, 40));
        Mat predicted = matte(200, 100, 255, new Rect(120, 40, 50, 50));

        assertThat(MatteMetrics.iou(predicted, truth)).isEqualTo(0.0);
        assertThat(MatteMetrics.boundaryF(predicted, truth, 2)).isEqualTo(0.0);
        // 1600 + 2500 pixels wrong out of 20000
        assertThat(MatteMetrics.alphaMae(predicted, truth)).isCloseTo(4100.0 / 20000, within(1e-9));
    }

    @Test
    void iouOfOverlappingRectanglesMatchesTheHandCount() {
        // 40x40 squares overlapping in a 20x20 square: 400 / (1600 + 1600 - 400)
        Mat truth = matte(100, 100, 255, new Rect(10, 10, 40, 40));
        Mat predicted = matte(100, 100, 255, new Rect(30, 30, 40, 40));

        assertThat(MatteMetrics.iou(predicted, truth)).isCloseTo(400.0 / 2800, within(1e-12));
    }

    @Test
    void aOnePixelShiftKeepsBoundaryFHighWithinTolerance() {
        Mat truth = matte(120, 120, 255, new Rect(30, 30, 60, 50));
        Mat shifted = matte(120, 120, 255, new Rect(31, 30, 60, 50));

        assertThat(MatteMetrics.boundaryF(shifted, truth, 2)).isGreaterThan(0.99);
        // without tolerance only the unmoved top and bottom edges still match
        assertThat(MatteMetrics.boundaryF(shifted, truth, 0)).isBetween(0.5, 0.9);
        assertThat(MatteMetrics.iou(shifted, truth)).isCloseTo(59.0 * 50 / (61 * 50), within(1e-12));
    }

    @Test
    void boundaryFFallsWhenTheEdgeIsFarOff() {
        Mat truth = matte(200, 200, 255, new Rect(50, 50, 100, 100));
        Mat grown = matte(200, 200, 255, new Rect(40, 40, 120, 120));

        assertThat(MatteMetrics.boundaryF(grown, truth, 2)).isEqualTo(0.0);
        assertThat(MatteMetrics.boundaryF(grown, truth, 15)).isEqualTo(1.0);
        assertThat(MatteMetrics.iou(grown, truth)).isCloseTo(10000.0 / 14400, within(1e-12));
    }

    @Test
    void foregroundStartsAtAlpha128AndMaeUsesTheWholeRange() {
        Mat truth = matte(10, 10, 128, new Rect(0, 0, 10, 10));
        Mat almost = matte(10, 10, 127, new Rect(0, 0, 10, 10));

        assertThat(MatteMetrics.iou(truth, truth)).isEqualTo(1.0);
        assertThat(MatteMetrics.iou(almost, truth)).isEqualTo(0.0);
        assertThat(MatteMetrics.alphaMae(almost, truth)).isCloseTo(1.0 / 255, within(1e-12));
        Mat empty = matte(10, 10, 0);
        assertThat(MatteMetrics.alphaMae(empty, truth)).isCloseTo(128.0 / 255, within(1e-12));
    }

    @Test
    void twoEmptyMattesAgreeAndAnEmptyPredictionScoresZero() {
        Mat empty = matte(50, 50, 0);
        Mat object = matte(50, 50, 255, new Rect(10, 10, 20, 20));

        assertThat(MatteMetrics.evaluate(empty, matte(50, 50, 0))).isEqualTo(new MatteMetrics.Scores(1.0, 0.0, 1.0));
        assertThat(MatteMetrics.iou(empty, object)).isEqualTo(0.0);
        assertThat(MatteMetrics.boundaryF(empty, object)).isEqualTo(0.0);
    }

    @Test
    void theFrameIsNotABoundary() {
        // an object filling the left half: its only boundary is the vertical edge at x = 49/50
        Mat truth = matte(100, 100, 255, new Rect(0, 0, 50, 100));
        Mat predicted = matte(100, 100, 255, new Rect(0, 0, 51, 100));

        assertThat(MatteMetrics.boundaryF(predicted, truth, 1)).isEqualTo(1.0);
    }

    @Test
    void defaultToleranceIsAboutATwoThousandthOfTheDiagonalAndAtLeastOnePixel() {
        assertThat(MatteMetrics.defaultTolerancePx(1000, 1000)).isEqualTo(3.0);
        assertThat(MatteMetrics.defaultTolerancePx(4000, 3000)).isEqualTo(10.0);
        assertThat(MatteMetrics.defaultTolerancePx(100, 100)).isEqualTo(1.0);
    }

    @Test
    void mismatchedMattesAreRejectedWithAClearMessage() {
        Mat truth = matte(100, 80, 255);
        Mat otherSize = matte(80, 100, 255);
        Mat colour = scope.add(new Mat(80, 100, CvType.CV_8UC3, new Scalar(0, 0, 0)));

        assertThatThrownBy(() -> MatteMetrics.iou(otherSize, truth))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("predicted matte is 80x100 but the true matte is 100x80: they must be the same size");
        assertThatThrownBy(() -> MatteMetrics.alphaMae(colour, truth))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("predicted matte must be 8-bit single channel (CV_8UC1), was CV_8UC3");
        assertThatThrownBy(() -> MatteMetrics.boundaryF(truth, scope.mat()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("true matte is empty");
        assertThatThrownBy(() -> MatteMetrics.boundaryF(truth, truth, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tolerance");
    }
}
