package io.studioflow.processing.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.studioflow.platform.imaging.OpenCv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** The confidence formula on hand-drawn soft mattes, without the model. */
class MatteConfidenceTest {

    private static final int SIZE = 256;

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    @Test
    void crispObjectInTheMiddleIsTrusted() {
        Mat alpha = blurredDisc(new Point(128, 128), 70);
        try {
            MatteConfidence confidence = MatteConfidence.of(alpha);
            assertThat(confidence.score()).isGreaterThan(0.95);
            assertThat(confidence.decisiveness()).isGreaterThan(0.9);
            assertThat(confidence.borderContact()).isZero();
        } finally {
            alpha.release();
        }
    }

    @Test
    void greyHazeIsNotTrusted() {
        Mat alpha = new Mat(SIZE, SIZE, CvType.CV_32FC1, new Scalar(0));
        Mat region = alpha.submat(new Rect(40, 40, 170, 170));
        try {
            region.setTo(new Scalar(0.6));
            MatteConfidence confidence = MatteConfidence.of(alpha);
            assertThat(confidence.decisiveness()).isZero();
            assertThat(confidence.score()).isZero();
        } finally {
            region.release();
            alpha.release();
        }
    }

    @Test
    void nothingFoundIsNotTrusted() {
        Mat alpha = new Mat(SIZE, SIZE, CvType.CV_32FC1, new Scalar(0.02));
        try {
            assertThat(MatteConfidence.of(alpha).score()).isZero();
        } finally {
            alpha.release();
        }
    }

    @Test
    void wholeFrameAsObjectIsNotTrusted() {
        Mat alpha = new Mat(SIZE, SIZE, CvType.CV_32FC1, new Scalar(1));
        try {
            MatteConfidence confidence = MatteConfidence.of(alpha);
            assertThat(confidence.foreground()).isEqualTo(1.0);
            assertThat(confidence.borderContact()).isEqualTo(4.0);
            assertThat(confidence.score()).isZero();
        } finally {
            alpha.release();
        }
    }

    @Test
    void objectStandingOnTheLowerEdgeIsFineButOneCutByThreeSidesIsNot() {
        Mat standing = new Mat(SIZE, SIZE, CvType.CV_32FC1, new Scalar(0));
        Mat body = standing.submat(new Rect(60, 80, 136, SIZE - 80));
        Mat closeUp = new Mat(SIZE, SIZE, CvType.CV_32FC1, new Scalar(0));
        Mat face = closeUp.submat(new Rect(0, 30, SIZE, SIZE - 30));
        try {
            body.setTo(new Scalar(1));
            face.setTo(new Scalar(1));
            assertThat(MatteConfidence.of(standing).score()).isGreaterThan(0.95);
            MatteConfidence cut = MatteConfidence.of(closeUp);
            assertThat(cut.borderContact()).isGreaterThan(2.5);
            assertThat(cut.score()).isLessThan(0.3);
        } finally {
            body.release();
            standing.release();
            face.release();
            closeUp.release();
        }
    }

    @Test
    void tinyDetailIsDoubted() {
        Mat alpha = blurredDisc(new Point(128, 128), 12);
        try {
            MatteConfidence confidence = MatteConfidence.of(alpha);
            assertThat(confidence.foreground()).isLessThan(0.01);
            assertThat(confidence.score()).isLessThan(0.5);
        } finally {
            alpha.release();
        }
    }

    @Test
    void rejectsAnythingButAFloatMatte() {
        Mat bytes = new Mat(8, 8, CvType.CV_8UC1, new Scalar(0));
        try {
            assertThatThrownBy(() -> MatteConfidence.of(bytes))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("CV_32FC1");
        } finally {
            bytes.release();
        }
    }

    /** A disc with the slightly soft edge a good matte has. */
    private static Mat blurredDisc(Point centre, int radius) {
        Mat alpha = new Mat(SIZE, SIZE, CvType.CV_32FC1, new Scalar(0));
        Imgproc.circle(alpha, centre, radius, new Scalar(1), -1, Imgproc.LINE_AA);
        Imgproc.GaussianBlur(alpha, alpha, new Size(3, 3), 0.8);
        return alpha;
    }
}
