package io.studioflow.processing.colour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import io.studioflow.platform.imaging.ImageCodec;
import io.studioflow.platform.imaging.Mats;
import io.studioflow.platform.imaging.SyntheticImages;
import io.studioflow.testing.TestPhotos;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;

class ColourCorrectorTest {

    private final ColourCorrector corrector = new ColourCorrector();
    private final ImageCodec codec = new ImageCodec();

    /** A product (a real photo's texture in an ellipse) on a neutral grey sweep, with its alpha. */
    private Mat[] studioShot(Scalar background) {
        Mat texture = codec.decodeBgr(TestPhotos.bytes("coffee.png"));
        Rect box = new Rect(450, 250, 900, 700);
        Mat alpha = SyntheticImages.ellipseAlpha(1800, 1200, box);
        Mat scene = SyntheticImages.scene(1800, 1200, background, box, texture, alpha);
        texture.release();
        return new Mat[] {scene, alpha};
    }

    @Test
    void aSyntheticCastIsCorrectedBackCloseToTheOriginal() {
        Mat[] shot = studioShot(Scalar.all(190));
        Mat original = shot[0];
        Mat alpha = shot[1];
        Mat cast = SyntheticImages.withCast(original, 1.15, 1.0, 0.85);
        try (ColourResult result = corrector.correct(cast, alpha)) {
            double before = SyntheticImages.meanAbsDiff(cast, original, null);
            double after = SyntheticImages.meanAbsDiff(result.corrected(), original, null);
            System.out.printf("colour: cast %.1f -> %.1f, mean abs diff to original %.1f -> %.1f, gains %s, "
                            + "confidence %.2f%n", result.castBefore().chroma(), result.castAfter().chroma(), before,
                    after, result.gains(), result.confidence());
            assertThat(result.reference()).isEqualTo(NeutralReference.BACKGROUND);
            assertThat(after).isLessThan(4).isLessThan(before / 4);
            assertThat(result.castBefore().chroma()).isGreaterThan(10);
            assertThat(result.castAfter().chroma()).isLessThan(1.5);
            assertThat(result.gains().blue()).isLessThan(1);
            assertThat(result.gains().red()).isGreaterThan(1);
            assertThat(result.confidence()).isGreaterThan(0.8);
            assertThat(result.corrected().size()).isEqualTo(cast.size());
            assertThat(result.corrected().type()).isEqualTo(CvType.CV_8UC3);
        } finally {
            Mats.release(original, alpha, cast);
        }
    }

    @Test
    void aRealPhotoWithACastAndNoMaskGetsCloserToTheOriginal() {
        Mat original = codec.decodeBgr(TestPhotos.bytes("astronaut.png"));
        Mat cast = SyntheticImages.withCast(original, 0.85, 1.0, 1.15);
        try (ColourResult result = corrector.correct(cast)) {
            System.out.printf("colour (astronaut, no mask): reference %s, cast %.1f -> %.1f, mean abs diff to "
                            + "original %.1f -> %.1f, confidence %.2f%n", result.reference(), result.castBefore().chroma(),
                    result.castAfter().chroma(), SyntheticImages.meanAbsDiff(cast, original, null),
                    SyntheticImages.meanAbsDiff(result.corrected(), original, null), result.confidence());
            assertThat(result.reference()).isNotEqualTo(NeutralReference.BACKGROUND);
            assertThat(result.castAfter().chroma()).isLessThan(result.castBefore().chroma());
            assertThat(SyntheticImages.meanAbsDiff(result.corrected(), original, null))
                    .isLessThan(SyntheticImages.meanAbsDiff(cast, original, null));
            assertThat(result.confidence()).isLessThan(0.8); // a scene is no neutral sweep
        } finally {
            Mats.release(original, cast);
        }
    }

    @Test
    void aNeutralPhotoIsLeftAlone() {
        Mat[] shot = studioShot(Scalar.all(200));
        try (ColourResult result = corrector.correct(shot[0], shot[1])) {
            assertThat(result.castBefore().chroma()).isLessThan(0.5);
            assertThat(result.gains().blue()).isCloseTo(1, offset(0.01));
            assertThat(result.gains().red()).isCloseTo(1, offset(0.01));
            assertThat(SyntheticImages.meanAbsDiff(result.corrected(), shot[0], null)).isLessThan(0.5);
        } finally {
            Mats.release(shot);
        }
    }

    @Test
    void pureWhiteStaysPureWhite() {
        Mat[] shot = studioShot(Scalar.all(190));
        shot[0].submat(new Rect(0, 0, 1800, 150)).setTo(Scalar.all(255)); // a band of sweep blown to white
        Mat cast = SyntheticImages.withCast(shot[0], 0.85, 1.0, 1.15);
        try (ColourResult result = corrector.correct(cast, shot[1])) {
            Mat band = result.corrected().submat(new Rect(0, 0, 1800, 150));
            Scalar mean = Core.mean(band);
            assertThat(mean.val).containsExactly(255, 255, 255, 0);
            band.release();
        } finally {
            Mats.release(shot[0], shot[1], cast);
        }
    }

    @Test
    void aColouredBackdropGivesLowConfidence() {
        Mat[] shot = studioShot(new Scalar(40, 60, 200)); // product on a red backdrop
        try (ColourResult result = corrector.correct(shot[0], shot[1])) {
            assertThat(result.reference()).isEqualTo(NeutralReference.BACKGROUND);
            assertThat(result.confidence()).isLessThan(0.2);
        } finally {
            Mats.release(shot);
        }
    }

    @Test
    void aTinyBackgroundGivesLowerConfidenceThanAFullSweep() {
        Mat texture = SyntheticImages.texture(1000, 1000, 9);
        Mat alpha = new Mat(1000, 1000, CvType.CV_8UC1, Scalar.all(255));
        alpha.submat(new Rect(0, 0, 1000, 15)).setTo(Scalar.all(0)); // 1.5% background strip
        Mat[] shot = studioShot(Scalar.all(190));
        try (ColourResult tight = corrector.correct(texture, alpha);
             ColourResult studio = corrector.correct(shot[0], shot[1])) {
            assertThat(tight.reference()).isNotEqualTo(NeutralReference.BACKGROUND);
            assertThat(tight.confidence()).isLessThan(studio.confidence() - 0.3);
        } finally {
            Mats.release(texture, alpha, shot[0], shot[1]);
        }
    }

    @Test
    void theInputIsNotModified() {
        Mat[] shot = studioShot(Scalar.all(190));
        Mat cast = SyntheticImages.withCast(shot[0], 1.1, 1.0, 0.9);
        Mat copy = cast.clone();
        try (ColourResult result = corrector.correct(cast, shot[1])) {
            assertThat(result.corrected().dataAddr()).isNotEqualTo(cast.dataAddr());
            assertThat(SyntheticImages.meanAbsDiff(cast, copy, null)).isZero();
        } finally {
            Mats.release(shot[0], shot[1], cast, copy);
        }
    }

    @Test
    void refusesAMaskOfAnotherSize() {
        Mat photo = new Mat(100, 100, CvType.CV_8UC3, Scalar.all(128));
        Mat mask = new Mat(50, 50, CvType.CV_8UC1, Scalar.all(0));
        assertThatThrownBy(() -> corrector.correct(photo, mask)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alpha is 50x50 but the image is 100x100");
        Mats.release(photo, mask);
    }

    @Test
    void gainsRollOffSoFullWhiteStaysWhite() {
        assertThat(ColourCorrector.applyGain(1.0, 0.7)).isEqualTo(1.0);
        assertThat(ColourCorrector.applyGain(0.5, 0.7)).isEqualTo(0.35, offset(1e-9));
        assertThat(ColourCorrector.applyGain(0.9, 1.3)).isEqualTo(1.0);
        for (double x = 0; x < 1; x += 0.01) {
            assertThat(ColourCorrector.applyGain(x + 0.01, 0.6)).isGreaterThan(ColourCorrector.applyGain(x, 0.6));
        }
    }
}
