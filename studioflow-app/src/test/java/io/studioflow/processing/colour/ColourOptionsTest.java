package io.studioflow.processing.colour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import io.studioflow.platform.imaging.ImageCodec;
import io.studioflow.platform.imaging.Mats;
import io.studioflow.platform.imaging.SyntheticImages;
import io.studioflow.testing.SyntheticPhotos;
import io.studioflow.testing.TestPhotos;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** White-balance methods, reference cards, target white, exposure and batch consistency, on real photos. */
class ColourOptionsTest {

    private final ColourCorrector corrector = new ColourCorrector();
    private final ImageCodec codec = new ImageCodec();

    /** A packshot: the coffee photo's texture on a vase, shaded, on a light grey sweep, with its true alpha. */
    private SyntheticPhotos.Composite packshot(Scalar sweep) {
        Mat texture = codec.decodeBgr(TestPhotos.bytes("coffee.png"));
        try {
            return SyntheticPhotos.packshot(texture, sweep, 1000, 1000);
        } finally {
            texture.release();
        }
    }

    /** Channel gains, then a gamma on the result: a different light and exposure on the same scene. */
    static Mat variant(Mat bgr, double blue, double green, double red, double gamma) {
        Mat cast = SyntheticImages.withCast(bgr, blue, green, red);
        Mat lut = new Mat(1, 256, CvType.CV_8UC1);
        byte[] table = new byte[256];
        for (int v = 0; v < 256; v++) {
            table[v] = (byte) Math.round(255 * Math.pow(v / 255.0, gamma));
        }
        lut.put(0, 0, table);
        Mat out = new Mat();
        Core.LUT(cast, lut, out);
        Mats.release(cast, lut);
        return out;
    }

    /** {a*, b*, L*} of the mean background (alpha 0, away from the product), and the product's median L* (index 2). */
    static double[] whiteAndBrightness(Mat bgr, Mat alpha) {
        Mat unit = new Mat();
        Mat lab = new Mat();
        Mat background = new Mat();
        Mat product = new Mat();
        Mat lightness = new Mat();
        try {
            bgr.convertTo(unit, CvType.CV_32FC3, 1.0 / 255);
            Imgproc.cvtColor(unit, lab, Imgproc.COLOR_BGR2Lab);
            Core.compare(alpha, Scalar.all(0), background, Core.CMP_EQ);
            Imgproc.erode(background, background, Imgproc.getStructuringElement(Imgproc.MORPH_RECT, new Size(15, 15)));
            Scalar white = Core.mean(lab, background);
            Core.compare(alpha, Scalar.all(128), product, Core.CMP_GE);
            Core.extractChannel(lab, lightness, 0);
            float[] values = new float[(int) lightness.total()];
            lightness.get(0, 0, values);
            byte[] inside = new byte[(int) product.total()];
            product.get(0, 0, inside);
            List<Float> chosen = new ArrayList<>();
            for (int i = 0; i < values.length; i++) {
                if (inside[i] != 0) {
                    chosen.add(values[i]);
                }
            }
            chosen.sort(null);
            return new double[] {white.val[1], white.val[2], chosen.get(chosen.size() / 2), white.val[0]};
        } finally {
            Mats.release(unit, lab, background, product, lightness);
        }
    }

    /**
     * Largest distance between two white points (a*b*), largest difference of product L* and of background L*, over
     * the photos.
     */
    static double[] spread(List<double[]> measures) {
        double white = 0;
        double brightness = 0;
        double sweep = 0;
        for (double[] x : measures) {
            for (double[] y : measures) {
                white = Math.max(white, Math.hypot(x[0] - y[0], x[1] - y[1]));
                brightness = Math.max(brightness, Math.abs(x[2] - y[2]));
                sweep = Math.max(sweep, Math.abs(x[3] - y[3]));
            }
        }
        return new double[] {white, brightness, sweep};
    }

    @Test
    void aBatchShotUnderChangingLightComesOutMatching() {
        try (SyntheticPhotos.Composite shot = packshot(new Scalar(200, 203, 206))) {
            // five shots of one session: the light's colour and the exposure drift from shot to shot
            double[][] drift = {{1.0, 1.0, 1.0, 1.0}, {1.12, 1.0, 0.88, 1.0}, {0.88, 1.0, 1.1, 1.15},
                    {1.0, 0.95, 1.08, 0.85}, {1.05, 1.0, 0.9, 1.3}};
            List<Mat> photos = new ArrayList<>();
            List<Mat> alphas = new ArrayList<>();
            for (double[] d : drift) {
                photos.add(variant(shot.photo(), d[0], d[1], d[2], d[3]));
                alphas.add(shot.alpha());
            }
            BatchColourReference batch = corrector.batchReference(photos, alphas).neutralised();
            List<double[]> before = new ArrayList<>();
            List<double[]> after = new ArrayList<>();
            List<Mat> sheet = new ArrayList<>();
            for (Mat photo : photos) {
                before.add(whiteAndBrightness(photo, shot.alpha()));
                try (ColourResult result = corrector.correct(photo, shot.alpha(), ColourOptions.defaults()
                        .withBatch(batch))) {
                    after.add(whiteAndBrightness(result.corrected(), shot.alpha()));
                    sheet.add(thumbnailPair(photo, result.corrected()));
                }
            }
            writeContactSheet(sheet, "colour-batch.png"); // shots across, as shot (top) and corrected (bottom)
            double[] spreadBefore = spread(before);
            double[] spreadAfter = spread(after);
            System.out.printf(Locale.ROOT, "batch of %d: background white point spread %.2f -> %.2f Lab, product "
                            + "median L* spread %.2f -> %.2f, background L* spread %.2f -> %.2f (%s)%n", photos.size(),
                    spreadBefore[0], spreadAfter[0], spreadBefore[1], spreadAfter[1], spreadBefore[2], spreadAfter[2],
                    batch);
            for (int i = 0; i < before.size(); i++) {
                System.out.printf(Locale.ROOT, "  shot %d: white (a* %5.2f, b* %5.2f, L* %5.1f) product L* %5.1f -> "
                                + "white (a* %5.2f, b* %5.2f, L* %5.1f) product L* %5.1f%n", i, before.get(i)[0],
                        before.get(i)[1], before.get(i)[3], before.get(i)[2], after.get(i)[0], after.get(i)[1],
                        after.get(i)[3], after.get(i)[2]);
            }
            assertThat(spreadAfter[0]).isLessThan(spreadBefore[0] / 5);
            assertThat(spreadAfter[1]).isLessThan(spreadBefore[1] / 5);
            assertThat(spreadAfter[2]).isLessThan(spreadBefore[2] / 5);
            photos.forEach(Mat::release);
        }
    }

    @Test
    void withoutNeutralisingTheBatchKeepsTheSessionsOwnWhitePoint() {
        try (SyntheticPhotos.Composite shot = packshot(new Scalar(200, 203, 206))) {
            // a warm session (tungsten look on purpose), one shot of it came out cooler
            Mat warm = variant(shot.photo(), 0.85, 1.0, 1.12, 1.0);
            Mat warm2 = variant(shot.photo(), 0.86, 1.0, 1.1, 1.0);
            Mat cooler = variant(shot.photo(), 1.0, 1.0, 1.0, 1.0);
            BatchColourReference batch = corrector.batchReference(List.of(warm, warm2, cooler),
                    List.of(shot.alpha(), shot.alpha(), shot.alpha()));
            try (ColourResult result = corrector.correct(cooler, shot.alpha(), ColourOptions.defaults().withBatch(batch))) {
                double[] out = whiteAndBrightness(result.corrected(), shot.alpha());
                // the batch's white point is the per-channel median of the three: the second warm shot's
                double[] session = whiteAndBrightness(warm2, shot.alpha());
                assertThat(Math.hypot(out[0] - session[0], out[1] - session[1])).isLessThan(1.5);
            } finally {
                Mats.release(warm, warm2, cooler);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(WhiteBalanceMethod.class)
    void everyMethodBringsACastPhotoCloserToTheOriginal(WhiteBalanceMethod method) {
        Mat original = codec.decodeBgr(TestPhotos.bytes("astronaut.png"));
        Mat cast = SyntheticImages.withCast(original, 0.85, 1.0, 1.15);
        try (ColourResult result = corrector.correct(cast, null, ColourOptions.defaults().withMethod(method))) {
            double before = SyntheticImages.meanAbsDiff(cast, original, null);
            double after = SyntheticImages.meanAbsDiff(result.corrected(), original, null);
            System.out.printf(Locale.ROOT, "colour %-14s (astronaut, cast): reference %s, cast %.1f -> %.1f, mean abs "
                            + "diff to original %.1f -> %.1f, confidence %.2f%n", method, result.reference(),
                    result.castBefore().chroma(), result.castAfter().chroma(), before, after, result.confidence());
            assertThat(result.method()).isEqualTo(method);
            assertThat(after).isLessThan(before);
            if (method != WhiteBalanceMethod.GREY_WORLD) {
                // grey world only helps a little here: the astronaut photo is not grey on average to begin with
                assertThat(after).isLessThan(before * 0.8);
            }
            assertThat(result.gains().red()).isLessThan(result.gains().blue());
        } finally {
            Mats.release(original, cast);
        }
    }

    @Test
    void whitePatchIsNotFooledByASmallColouredHighlight() {
        try (SyntheticPhotos.Composite shot = packshot(new Scalar(225, 225, 225))) {
            Mat cast = SyntheticImages.withCast(shot.photo(), 1.05, 1.0, 0.92);
            // a specular glint on the product, brighter than the sweep and strongly magenta: the max would take it
            Imgproc.circle(cast, new org.opencv.core.Point(430, 600), 12, new Scalar(245, 190, 247), -1);
            try (ColourResult result = corrector.correct(cast, null,
                    ColourOptions.defaults().withMethod(WhiteBalanceMethod.WHITE_PATCH))) {
                double[] out = whiteAndBrightness(result.corrected(), shot.alpha());
                System.out.printf(Locale.ROOT, "white patch: background a* %.2f b* %.2f after, cast %.1f -> %.1f%n",
                        out[0], out[1], result.castBefore().chroma(), result.castAfter().chroma());
                assertThat(result.reference()).isEqualTo(NeutralReference.BRIGHTEST_PIXELS);
                assertThat(Math.hypot(out[0], out[1])).isLessThan(2.0).isLessThan(result.castBefore().chroma() / 4);
            } finally {
                cast.release();
            }
        }
    }

    @Test
    void aGreyCardWinsOverAColouredBackdrop() {
        // product on a beige backdrop with a grey card in the corner, under a blue light
        try (SyntheticPhotos.Composite shot = packshot(new Scalar(170, 200, 225))) {
            Rect card = new Rect(40, 40, 120, 80);
            shot.photo().submat(card).setTo(Scalar.all(150));
            Mat cast = SyntheticImages.withCast(shot.photo(), 1.12, 1.0, 0.9);
            try (ColourResult byCard = corrector.correct(cast, shot.alpha(),
                    ColourOptions.defaults().withNeutralPatch(card));
                 ColourResult byBackdrop = corrector.correct(cast, shot.alpha())) {
                double cardAfter = SyntheticImages.meanAbsDiff(byCard.corrected(), shot.photo(), null);
                double backdropAfter = SyntheticImages.meanAbsDiff(byBackdrop.corrected(), shot.photo(), null);
                System.out.printf(Locale.ROOT, "grey card: mean abs diff to the original %.1f (card) vs %.1f "
                        + "(backdrop taken as neutral), card cast after %.2f%n", cardAfter, backdropAfter,
                        byCard.castAfter().chroma());
                assertThat(byCard.reference()).isEqualTo(NeutralReference.PATCH);
                assertThat(byCard.castAfter().chroma()).isLessThan(1);
                assertThat(cardAfter).isLessThan(2.5).isLessThan(backdropAfter / 3);
                assertThat(byCard.confidence()).isGreaterThan(0.8);
            } finally {
                cast.release();
            }
        }
    }

    @Test
    void aBadGreyCardIsRefusedWithAReadableReason() {
        Mat photo = new Mat(200, 300, CvType.CV_8UC3, Scalar.all(255));
        try {
            assertThatThrownBy(() -> corrector.correct(photo, null,
                    ColourOptions.defaults().withNeutralPatch(new Rect(250, 150, 100, 100))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the neutral patch (x 250, y 150, 100x100 px) lies outside the 300x200 photo");
            assertThatThrownBy(() -> corrector.correct(photo, null,
                    ColourOptions.defaults().withNeutralPatch(new Rect(10, 10, 50, 50))))
                    .hasMessageStartingWith("the neutral patch has no usable pixels: it is blown out");
        } finally {
            photo.release();
        }
    }

    @Test
    void aBrandsWarmWhiteIsHit() {
        try (SyntheticPhotos.Composite shot = packshot(new Scalar(205, 205, 205))) {
            Scalar brandWhite = new Scalar(228, 240, 252); // BGR: a warm paper white
            try (ColourResult result = corrector.correct(shot.photo(), shot.alpha(),
                    ColourOptions.defaults().withTargetWhite(brandWhite))) {
                double[] out = whiteAndBrightness(result.corrected(), shot.alpha());
                double[] target = labOf(brandWhite);
                System.out.printf(Locale.ROOT, "brand white: background a* %.2f b* %.2f, target a* %.2f b* %.2f%n",
                        out[0], out[1], target[0], target[1]);
                assertThat(out[0]).isCloseTo(target[0], offset(1.0));
                assertThat(out[1]).isCloseTo(target[1], offset(1.0));
            }
        }
    }

    @Test
    void exposureIsNormalisedWithoutClipping() {
        try (SyntheticPhotos.Composite shot = packshot(new Scalar(200, 200, 200))) {
            // the same shot a stop or so under: the product should come back to where it was
            double wanted = medianGrey(shot.photo(), shot.alpha());
            Mat dark = variant(shot.photo(), 1, 1, 1, 1.4);
            try (ColourResult result = corrector.correct(dark, shot.alpha(),
                    ColourOptions.defaults().withExposure(ExposureTarget.productMedian(wanted)))) {
                double before = medianGrey(dark, shot.alpha());
                double after = medianGrey(result.corrected(), shot.alpha());
                double clippedBefore = clippedShare(dark);
                double clippedAfter = clippedShare(result.corrected());
                // the same linear gain without the shoulder, applied to the sRGB values (about gain^(1/2.2))
                double coded = Math.pow(result.exposureGain(), 1 / 2.2);
                Mat plain = variant(dark, coded, coded, coded, 1.0);
                double clippedByAPlainGain = clippedShare(plain);
                plain.release();
                System.out.printf(Locale.ROOT, "exposure: product median %.1f -> %.1f (target %.0f), gain %.2f, "
                        + "clipped %.4f -> %.4f (a plain gain: %.4f)%n", before, after, wanted, result.exposureGain(),
                        clippedBefore, clippedAfter, clippedByAPlainGain);
                assertThat(after).isCloseTo(wanted, offset(3.0));
                assertThat(result.exposureGain()).isGreaterThan(1.2);
                assertThat(clippedAfter).isLessThan(0.002).isLessThan(clippedByAPlainGain / 20);
            } finally {
                dark.release();
            }
        }
    }

    @Test
    void theBackgroundCanBeBroughtToATargetWhite() {
        try (SyntheticPhotos.Composite shot = packshot(new Scalar(190, 190, 190))) {
            try (ColourResult result = corrector.correct(shot.photo(), shot.alpha(),
                    ColourOptions.defaults().withExposure(ExposureTarget.background(235)))) {
                Mat background = new Mat();
                Core.compare(shot.alpha(), Scalar.all(0), background, Core.CMP_EQ);
                double level = Core.mean(result.corrected(), background).val[1];
                background.release();
                assertThat(level).isCloseTo(235, offset(3.0));
            }
        }
    }

    @Test
    void theExposureCurveIsMonotonicAndKeepsWhite() {
        for (double gain : new double[] {0.5, 0.8, 1.0, 1.3, 2.0, 3.5}) {
            assertThat(ColourCorrector.applyExposure(1.0, gain)).isCloseTo(1.0, offset(1e-12));
            assertThat(ColourCorrector.applyExposure(0.0, gain)).isZero();
            double previous = -1;
            for (int i = 0; i <= 200; i++) {
                double x = i / 200.0;
                double y = ColourCorrector.applyExposure(x, gain);
                assertThat(y).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(1.0);
                previous = y;
            }
        }
        assertThat(ColourCorrector.applyExposure(0.3, 2.0)).isCloseTo(0.6, offset(1e-12));
        // the shoulder starts with the same slope as the straight part: no visible band
        double below = ColourCorrector.applyExposure(0.375 - 1e-6, 2.0);
        double above = ColourCorrector.applyExposure(0.375 + 1e-6, 2.0);
        assertThat((above - below) / 2e-6).isCloseTo(2.0, offset(0.01));
    }

    @Test
    void theBatchReferenceIsTheMedianSoOneOddPhotoDoesNotMoveIt() {
        WhiteBalanceGains neutral = WhiteBalanceGains.NONE;
        WhiteBalanceGains red = new WhiteBalanceGains(0.6, 1.0, 1.6);
        BatchColourReference batch = BatchColourReference.of(List.of(
                new ColourMeasurement(neutral, 0.6, 0.20, NeutralReference.BACKGROUND),
                new ColourMeasurement(neutral, 0.62, 0.21, NeutralReference.BACKGROUND),
                new ColourMeasurement(red, 0.1, 0.9, NeutralReference.BACKGROUND)));
        assertThat(batch.whitePoint().red()).isCloseTo(1.0, offset(1e-9));
        assertThat(batch.subjectLuminance()).isEqualTo(0.21);
        assertThat(batch.referenceLuminance()).isEqualTo(0.6);
        assertThat(batch.photos()).isEqualTo(3);
        assertThatThrownBy(() -> BatchColourReference.of(List.of()))
                .hasMessage("a batch reference needs at least one measured photo");
    }

    /** The photo above its correction, 240 px wide. */
    private static Mat thumbnailPair(Mat photo, Mat corrected) {
        Mat top = new Mat();
        Mat bottom = new Mat();
        Size size = new Size(240, 240.0 * photo.rows() / photo.cols());
        Imgproc.resize(photo, top, size, 0, 0, Imgproc.INTER_AREA);
        Imgproc.resize(corrected, bottom, size, 0, 0, Imgproc.INTER_AREA);
        Mat pair = new Mat();
        Core.vconcat(List.of(top, bottom), pair);
        Mats.release(top, bottom);
        return pair;
    }

    /** Writes the images side by side under target/, for a person to look at. */
    private static void writeContactSheet(List<Mat> images, String name) {
        Mat sheet = new Mat();
        Core.hconcat(images, sheet);
        java.nio.file.Path out = java.nio.file.Path.of("target", name).toAbsolutePath();
        org.opencv.imgcodecs.Imgcodecs.imwrite(out.toString(), sheet);
        System.out.println("contact sheet: " + out);
        sheet.release();
        images.forEach(Mat::release);
    }

    private static double[] labOf(Scalar bgr) {
        Mat swatch = new Mat(1, 1, CvType.CV_32FC3, new Scalar(bgr.val[0] / 255, bgr.val[1] / 255, bgr.val[2] / 255));
        Mat lab = new Mat();
        Imgproc.cvtColor(swatch, lab, Imgproc.COLOR_BGR2Lab);
        double[] value = lab.get(0, 0);
        Mats.release(swatch, lab);
        return new double[] {value[1], value[2]};
    }

    private static double medianGrey(Mat bgr, Mat alpha) {
        Mat grey = new Mat();
        Imgproc.cvtColor(bgr, grey, Imgproc.COLOR_BGR2GRAY);
        Mat product = new Mat();
        Core.compare(alpha, Scalar.all(128), product, Core.CMP_GE);
        byte[] g = new byte[(int) grey.total()];
        byte[] m = new byte[(int) product.total()];
        grey.get(0, 0, g);
        product.get(0, 0, m);
        int[] hist = new int[256];
        int count = 0;
        for (int i = 0; i < g.length; i++) {
            if (m[i] != 0) {
                hist[g[i] & 0xff]++;
                count++;
            }
        }
        Mats.release(grey, product);
        int below = 0;
        for (int v = 0; v < 256; v++) {
            below += hist[v];
            if (below >= count / 2) {
                return v;
            }
        }
        return 255;
    }

    private static double clippedShare(Mat bgr) {
        Mat clipped = new Mat();
        Core.inRange(bgr, new Scalar(0, 0, 255), Scalar.all(255), clipped); // any channel at 255
        Mat other = new Mat();
        for (Scalar low : new Scalar[] {new Scalar(0, 255, 0), new Scalar(255, 0, 0)}) {
            Core.inRange(bgr, low, Scalar.all(255), other);
            Core.bitwise_or(clipped, other, clipped);
        }
        other.release();
        double share = Core.countNonZero(clipped) / (double) clipped.total();
        clipped.release();
        return share;
    }
}
