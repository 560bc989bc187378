package io.studioflow.capture.qc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.studioflow.platform.imaging.ImageCodec;
import io.studioflow.platform.imaging.Mats;
import io.studioflow.platform.imaging.SyntheticImages;
import io.studioflow.testing.TestPhotos;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

class CaptureQcTest {

    private final ImageCodec codec = new ImageCodec();
    private final CaptureQc qc = new CaptureQc();

    @ParameterizedTest
    @ValueSource(strings = {"coffee.png", "apple.jpg", "orange.jpg", "chelsea.png", "astronaut.png", "rocket.jpg",
            "fruits.jpg"})
    void realPhotosPass(String name) {
        Mat photo = codec.decodeBgr(TestPhotos.bytes(name));
        try {
            QcReport report = qc.inspect(photo);
            System.out.printf("QC %-14s sharpness %6.0f, mean %5.1f, clipped %.3f, crushed %.3f, cast %4.1f, "
                            + "confidence %.2f, %s%n", name, report.sharpness(), report.meanLuminance(),
                    report.clippedShare(), report.crushedShare(), report.castChroma(), report.confidence(),
                    report.reasons());
            assertThat(report.hardFailures()).as(name).isEmpty();
            assertThat(report.passed()).isTrue();
            assertThat(report.sharpness()).isGreaterThan(2 * qc.thresholds().minSharpness());
            assertThat(report.confidence()).isBetween(0.5, 1.0);
        } finally {
            photo.release();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"coffee.png", "apple.jpg", "orange.jpg", "chelsea.png"})
    void theSamePhotosBlurredWithSigma6FailAsBlurred(String name) {
        Mat photo = codec.decodeBgr(TestPhotos.bytes(name));
        Mat blurred = new Mat();
        try {
            Imgproc.GaussianBlur(photo, blurred, new Size(0, 0), 6);
            QcReport report = qc.inspect(blurred);
            assertThat(report.passed()).isFalse();
            assertThat(report.hardFailures()).extracting(QcFailure::code).containsExactly(QcCode.BLURRED);
            assertThat(report.hardFailures().get(0).message())
                    .matches("Photo is blurred \\(sharpness \\d+, needs at least 40\\): refocus and shoot again");
            assertThat(report.confidence()).isGreaterThan(0.9);
        } finally {
            Mats.release(photo, blurred);
        }
    }

    @Test
    void aSmallImageFailsAsTooSmall() {
        Mat photo = codec.decodeBgr(TestPhotos.bytes("coffee.png"));
        Mat small = new Mat();
        try {
            Imgproc.resize(photo, small, new Size(300, 200), 0, 0, Imgproc.INTER_AREA);
            QcReport report = qc.inspect(small);
            assertThat(report.passed()).isFalse();
            assertThat(report.hardFailures()).extracting(QcFailure::code).containsExactly(QcCode.TOO_SMALL);
            assertThat(report.reasons().get(0)).isEqualTo("Photo is too small: 300x200 px, needs at least 300 px on "
                    + "the short side: shoot or export at full resolution");
        } finally {
            Mats.release(photo, small);
        }
    }

    @Test
    void theMinimumSizeIsConfigurable() {
        Mat photo = codec.decodeBgr(TestPhotos.bytes("coffee.png"));
        try {
            QcReport strict = new CaptureQc(QcThresholds.defaults().withMinShortSide(800)).inspect(photo);
            assertThat(strict.hardFailures()).extracting(QcFailure::message).containsExactly("Photo is too small: 600x400 px, needs at least 800 px on "
                    + "the short side: shoot or export at full resolution");
        } finally {
            photo.release();
        }
    }

    @Test
    void aSharpProductOnALargePlainSweepIsNotCalledBlurred() {
        Mat product = SyntheticImages.texture(300, 300, 1);
        Mat sweep = new Mat(2400, 2400, CvType.CV_8UC3, Scalar.all(240));
        try {
            product.copyTo(sweep.submat(new Rect(1050, 1050, 300, 300))); // under 2% of the frame
            QcReport report = qc.inspect(sweep);
            assertThat(report.hardFailures()).isEmpty();
        } finally {
            Mats.release(product, sweep);
        }
    }

    @Test
    void sharpnessDoesNotDependOnResolution() {
        Mat big = SyntheticImages.texture(4000, 3000, 2);
        Mat half = new Mat();
        try {
            Imgproc.resize(big, half, new Size(2000, 1500), 0, 0, Imgproc.INTER_AREA);
            double atFull = qc.inspect(big).sharpness();
            double atHalf = qc.inspect(half).sharpness();
            assertThat(atHalf / atFull).isBetween(0.85, 1.15);
        } finally {
            Mats.release(big, half);
        }
    }

    @Test
    void aBlownOutPhotoFailsAsOverexposed() {
        Mat photo = codec.decodeBgr(TestPhotos.bytes("chelsea.png"));
        Mat blown = new Mat();
        try {
            Core.multiply(photo, Scalar.all(3.5), blown);
            QcReport report = qc.inspect(blown);
            assertThat(report.hardFailures()).extracting(QcFailure::code).contains(QcCode.OVEREXPOSED);
            assertThat(report.meanLuminance() > 245 || report.clippedShare() > 0.85).isTrue();
            assertThat(report.reasons().get(0)).startsWith("Photo is overexposed (mean brightness");
        } finally {
            Mats.release(photo, blown);
        }
    }

    @Test
    void aWhiteSweepBlownOutOnPurposeIsNotOverexposed() {
        // high-key studio shot: product (a real photo, not the synthetic texture, whose per-pixel noise would rightly
        // fail the noise check) on a sweep lit to pure white
        Mat photo = codec.decodeBgr(TestPhotos.bytes("coffee.png"));
        Mat product = new Mat();
        Imgproc.resize(photo, product, new Size(1000, 1100), 0, 0, Imgproc.INTER_CUBIC);
        photo.release();
        Mat sweep = new Mat(1800, 1200, CvType.CV_8UC3, Scalar.all(255));
        try {
            product.copyTo(sweep.submat(new Rect(100, 350, 1000, 1100)));
            QcReport report = qc.inspect(sweep);
            assertThat(report.clippedShare()).isGreaterThan(0.45);
            assertThat(report.passed()).isTrue();
        } finally {
            Mats.release(product, sweep);
        }
    }

    @Test
    void aNearlyBlackPhotoFailsAsUnderexposed() {
        Mat photo = codec.decodeBgr(TestPhotos.bytes("coffee.png"));
        Mat dark = new Mat();
        try {
            Core.multiply(photo, Scalar.all(0.12), dark);
            QcReport report = qc.inspect(dark);
            assertThat(report.hardFailures()).extracting(QcFailure::code).contains(QcCode.UNDEREXPOSED);
            assertThat(report.reasons().get(0)).startsWith("Photo is underexposed (mean brightness");
        } finally {
            Mats.release(photo, dark);
        }
    }

    @Test
    void aColourCastIsOnlyAWarningAndNamesItsDirection() {
        Mat product = SyntheticImages.texture(600, 600, 5);
        Mat sweep = new Mat(1200, 1200, CvType.CV_8UC3, Scalar.all(190));
        Mat blueish = null;
        try {
            product.copyTo(sweep.submat(new Rect(300, 300, 600, 600)));
            QcReport neutral = qc.inspect(sweep);
            assertThat(neutral.castChroma()).isLessThan(1);
            assertThat(neutral.warnings()).isEmpty();

            blueish = SyntheticImages.withCast(sweep, 1.15, 1.0, 0.85);
            QcReport cast = qc.inspect(blueish);
            assertThat(cast.passed()).isTrue();
            assertThat(cast.warnings()).extracting(QcFailure::code).containsExactly(QcCode.COLOUR_CAST);
            assertThat(cast.warnings().get(0).message()).startsWith("Colour cast towards blue");
            assertThat(cast.castB()).isLessThan(-8);
        } finally {
            Mats.release(product, sweep, blueish);
        }
    }

    @Test
    void measuresAreNamedForAuditAndRouting() {
        Mat photo = codec.decodeBgr(TestPhotos.bytes("apple.jpg"));
        try {
            QcReport report = qc.inspect(photo);
            assertThat(report.measures()).containsKeys("sharpness", "meanLuminance", "clippedShare", "crushedShare",
                    "castChroma", "width", "height").containsEntry("width", 512.0);
        } finally {
            photo.release();
        }
    }

    @Test
    void refusesWhatIsNotAnEightBitBgrPhoto() {
        Mat grey = new Mat(10, 10, CvType.CV_8UC1);
        assertThatThrownBy(() -> qc.inspect(grey)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CV_8UC3");
        assertThatThrownBy(() -> qc.inspect(new Mat())).hasMessage("photo is empty");
        grey.release();
    }

    @Test
    void confidenceIsOneHalfOnAThresholdAndHigherAwayFromIt() {
        assertThat(CaptureQc.ratioCertainty(40, 40)).isZero();
        assertThat(CaptureQc.ratioCertainty(80, 40)).isEqualTo(1.0);
        assertThat(CaptureQc.ratioCertainty(20, 40)).isEqualTo(1.0);
        assertThat(CaptureQc.castDirection(0, -10)).isEqualTo("blue");
        assertThat(CaptureQc.castDirection(2, 12)).isEqualTo("yellow");
        assertThat(CaptureQc.castDirection(8, 10)).isEqualTo("orange");
        assertThat(CaptureQc.castDirection(-10, 0)).isEqualTo("green");
    }
}
