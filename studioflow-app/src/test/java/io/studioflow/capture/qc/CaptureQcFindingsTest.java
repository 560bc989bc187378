package io.studioflow.capture.qc;

import static org.assertj.core.api.Assertions.assertThat;

import io.studioflow.platform.imaging.ImageCodec;
import io.studioflow.platform.imaging.Mats;
import io.studioflow.processing.colour.BatchColourReference;
import io.studioflow.processing.colour.ColourCorrector;
import io.studioflow.testing.StudioPhotos;
import io.studioflow.testing.SyntheticPhotos;
import io.studioflow.testing.TestPhotos;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * The photographer's findings beyond sharpness and exposure: noise, tilt, a product cut off by the frame, and
 * lighting unlike the rest of the session. Each on real photos and on synthetic variants of them, both ways.
 */
class CaptureQcFindingsTest {

    private static final String[] REAL = {"coffee.png", "apple.jpg", "orange.jpg", "chelsea.png", "astronaut.png",
            "rocket.jpg", "fruits.jpg", "plant.jpg", "messi5.jpg", "baboon.jpg"};

    private final ImageCodec codec = new ImageCodec();
    private final CaptureQc qc = new CaptureQc();

    private Mat real(String name) {
        return codec.decodeBgr(TestPhotos.bytes(name));
    }

    /** Encoded packshots, drawn once per texture: drawing one at 1800 px costs more than inspecting it. */
    private static final Map<String, byte[]> PACKSHOTS = new ConcurrentHashMap<>();

    private static Mat packshot(String texture) {
        byte[] jpeg = PACKSHOTS.computeIfAbsent(texture, StudioPhotos::packshot);
        return Imgcodecs.imdecode(new MatOfByte(jpeg), Imgcodecs.IMREAD_COLOR);
    }

    /** Rotated about the centre (positive = counter-clockwise), then cropped by 10% a side so no corner is empty. */
    static Mat rotated(Mat photo, double degrees) {
        Mat turned = new Mat();
        Mat rotation = Imgproc.getRotationMatrix2D(new Point(photo.cols() / 2.0, photo.rows() / 2.0), degrees, 1);
        Imgproc.warpAffine(photo, turned, rotation, photo.size(), Imgproc.INTER_LINEAR, Core.BORDER_REPLICATE);
        int dx = photo.cols() / 10;
        int dy = photo.rows() / 10;
        Mat crop = turned.submat(new Rect(dx, dy, photo.cols() - 2 * dx, photo.rows() - 2 * dy)).clone();
        Mats.release(turned, rotation);
        return crop;
    }

    /** Gaussian noise of the given sigma on every channel, as a high ISO gives. */
    static Mat noisy(Mat photo, double sigma) {
        Mat noise = new Mat(photo.size(), CvType.CV_16SC3);
        Core.setRNGSeed(7);
        Core.randn(noise, 0, sigma);
        Mat wide = new Mat();
        photo.convertTo(wide, CvType.CV_16SC3);
        Core.add(wide, noise, wide);
        Mat out = new Mat();
        wide.convertTo(out, CvType.CV_8UC3);
        Mats.release(noise, wide);
        return out;
    }

    /** The packshot standing on a table: the lower fifth of the frame a darker grey, with a level edge. */
    static Mat onATable(Mat packshot) {
        Mat shot = packshot.clone();
        Mat table = new Mat(shot.size(), CvType.CV_8UC3, new Scalar(170, 172, 175));
        Mat mask = Mat.zeros(shot.size(), CvType.CV_8UC1);
        // the table below 80% of the height, except where the product stands in front of it
        Imgproc.rectangle(mask, new Rect(0, (int) (shot.rows() * 0.8), shot.cols(), shot.rows()), Scalar.all(255), -1);
        Mat background = new Mat();
        Core.inRange(shot, new Scalar(226, 228, 230), new Scalar(246, 248, 250), background);
        Core.bitwise_and(mask, background, mask);
        table.copyTo(shot, mask);
        Mats.release(table, mask, background);
        return shot;
    }

    private static Mat shifted(Mat photo, double blue, double green, double red, double gamma) {
        Mat cast = new Mat();
        Core.multiply(photo, new Scalar(blue, green, red), cast);
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

    // ------------------------------------------------------------------ a good packshot

    @ParameterizedTest
    @ValueSource(strings = {"coffee.png", "chelsea.png", "fruits.jpg", "astronaut.png"})
    void aGoodPackshotRaisesNoFindingAtAll(String texture) {
        Mat shot = packshot(texture);
        Mat table = onATable(shot);
        try {
            for (Mat photo : List.of(shot, table)) {
                QcReport report = qc.inspect(photo);
                System.out.printf(Locale.ROOT, "QC packshot %-13s noise %.2f tilt %.2f edges %s %s%n", texture,
                        report.noise(), report.tiltDegrees(), report.edgeCheck(), report.failures());
                assertThat(report.failures()).as(texture).isEmpty();
            }
            // on the plain sweep the border is judged (and clear); with a table in the frame the border has two
            // colours, and without a mask the contact is not judged rather than guessed
            assertThat(qc.inspect(shot).edgeCheck()).isEqualTo(QcReport.EdgeCheck.BORDER_ESTIMATE);
        } finally {
            Mats.release(shot, table);
        }
    }

    @Test
    void aGoodPackshotWithItsMaskAndItsSessionRaisesNoFindingEither() {
        Mat texture = real("coffee.png");
        try (SyntheticPhotos.Composite shot = SyntheticPhotos.packshot(texture, new Scalar(236, 238, 240), 1600, 1600)) {
            BatchColourReference session = new ColourCorrector().batchReference(List.of(shot.photo()),
                    List.of(shot.alpha()));
            QcReport report = qc.inspect(shot.photo(), shot.alpha(), session);
            assertThat(report.failures()).isEmpty();
            assertThat(report.edgeCheck()).isEqualTo(QcReport.EdgeCheck.MASK);
            assertThat(report.whitePointShift()).isLessThan(0.5);
            assertThat(Math.abs(report.brightnessStops())).isLessThan(0.05);
            assertThat(report.measures()).containsKeys("noise", "tiltDegrees", "cutOffSides", "whitePointShift",
                    "brightnessStops");
        } finally {
            texture.release();
        }
    }

    // ------------------------------------------------------------------ noise

    @Test
    void noiseOfSigma12IsFoundOnRealPhotosAndPackshotsAndNothingElseIs() {
        List<Mat> photos = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String name : REAL) {
            photos.add(real(name));
            names.add(name);
        }
        photos.add(packshot("coffee.png"));
        names.add("packshot");
        try {
            for (int i = 0; i < photos.size(); i++) {
                Mat grainy = noisy(photos.get(i), 12);
                try {
                    QcReport clean = qc.inspect(photos.get(i));
                    QcReport noisy = qc.inspect(grainy);
                    System.out.printf(Locale.ROOT, "QC noise %-13s %.2f -> %.2f with sigma 12%n", names.get(i),
                            clean.noise(), noisy.noise());
                    assertThat(clean.codes()).as(names.get(i)).doesNotContain(QcCode.NOISY);
                    assertThat(noisy.hardFailures()).as(names.get(i)).extracting(QcFailure::code)
                            .contains(QcCode.NOISY);
                    assertThat(noisy.passed()).isFalse();
                } finally {
                    grainy.release();
                }
            }
            QcReport report = qc.inspect(noisy(photos.getLast(), 12));
            assertThat(report.reasons()).anyMatch(r -> r.matches("Photo is noisy \\(grain of \\d+\\.\\d grey levels on "
                    + "plain areas, tolerance 4\\.0\\): lower the ISO, add light or use a longer exposure on a "
                    + "tripod, and shoot again"));
        } finally {
            photos.forEach(Mat::release);
        }
    }

    // ------------------------------------------------------------------ tilt

    @ParameterizedTest
    @ValueSource(strings = {"astronaut.png", "messi5.jpg", "rocket.jpg"})
    void aRealPhotoRotatedBy5DegreesIsTiltedAndItsOwnIsNot(String name) {
        Mat photo = real(name);
        Mat level = rotated(photo, 0);
        Mat left = rotated(photo, 5);
        try {
            QcReport straight = qc.inspect(level);
            QcReport turned = qc.inspect(left);
            System.out.printf(Locale.ROOT, "QC tilt %-13s %.2f -> %.2f rotated by 5 degrees%n", name,
                    straight.tiltDegrees(), turned.tiltDegrees());
            assertThat(straight.codes()).doesNotContain(QcCode.TILTED);
            assertThat(turned.warnings()).extracting(QcFailure::code).contains(QcCode.TILTED);
            assertThat(turned.tiltDegrees()).isBetween(-6.0, -2.5);
            assertThat(turned.reasons()).anyMatch(r -> r.startsWith("Photo is tilted: straight lines (horizon, table "
                    + "edge, product sides) lean") && r.contains("counter-clockwise"));
        } finally {
            Mats.release(photo, level, left);
        }
    }

    @Test
    void aPackshotOnATableRotatedEitherWayIsTilted() {
        Mat table = onATable(packshot("coffee.png"));
        Mat left = rotated(table, 5);
        Mat right = rotated(table, -5);
        try {
            QcReport ccw = qc.inspect(left);
            QcReport cw = qc.inspect(right);
            System.out.printf(Locale.ROOT, "QC tilt packshot on a table: %.2f / %.2f%n", ccw.tiltDegrees(),
                    cw.tiltDegrees());
            assertThat(ccw.tiltDegrees()).isCloseTo(-5, org.assertj.core.api.Assertions.offset(0.5));
            assertThat(cw.tiltDegrees()).isCloseTo(5, org.assertj.core.api.Assertions.offset(0.5));
            assertThat(ccw.passed()).isTrue(); // soft: processing can straighten it
            assertThat(cw.reasons()).containsExactly("Photo is tilted: straight lines (horizon, table edge, product "
                    + "sides) lean 5.0° clockwise, tolerance 2.0°: level the camera for the next shots; this one can "
                    + "be straightened in processing");
        } finally {
            Mats.release(table, left, right);
        }
    }

    // ------------------------------------------------------------------ cut off

    @ParameterizedTest
    @ValueSource(strings = {"coffee.png", "chelsea.png", "fruits.jpg"})
    void aPackshotCroppedThroughTheProductIsCutOff(String texture) {
        Mat shot = packshot(texture);
        Mat bottom = shot.submat(new Rect(0, 0, shot.cols(), (int) (shot.rows() * 0.8))).clone();
        Mat right = shot.submat(new Rect(0, 0, (int) (shot.cols() * 0.65), shot.rows())).clone();
        try {
            QcReport low = qc.inspect(bottom);
            QcReport side = qc.inspect(right);
            assertThat(low.hardFailures()).extracting(QcFailure::code).containsExactly(QcCode.CUT_OFF);
            assertThat(low.reasons()).containsExactly("The product touches the bottom edge of the frame: leave a "
                    + "margin and retake");
            assertThat(side.cutOffSides()).containsExactly("right");
            assertThat(side.passed()).isFalse();
        } finally {
            Mats.release(shot, bottom, right);
        }
    }

    @Test
    void withAMaskEvenAThinCutIsFoundAndTheSidesAreNamed() {
        Mat texture = real("orange.jpg");
        try (SyntheticPhotos.Composite shot = SyntheticPhotos.packshot(texture, new Scalar(236, 238, 240), 1600, 1600)) {
            // the body's lowest 2% and its handle's outer edge cut away
            Rect crop = new Rect(0, 0, (int) (1600 * 0.79), (int) (1600 * 0.87));
            Mat photo = shot.photo().submat(crop).clone();
            Mat alpha = shot.alpha().submat(crop).clone();
            try {
                QcReport report = qc.inspect(photo, alpha, null);
                assertThat(report.edgeCheck()).isEqualTo(QcReport.EdgeCheck.MASK);
                assertThat(report.cutOffSides()).containsExactly("bottom", "right");
                assertThat(report.reasons()).containsExactly("The product touches the bottom and right edges of the "
                        + "frame: leave a margin and retake");
                QcReport whole = qc.inspect(shot.photo(), shot.alpha(), null);
                assertThat(whole.cutOffSides()).isEmpty();
            } finally {
                Mats.release(photo, alpha);
            }
        } finally {
            texture.release();
        }
    }

    @Test
    void realPhotosAsTheyAreAreNeitherNoisyNorTiltedNorCutOff() {
        for (String name : REAL) {
            Mat photo = real(name);
            try {
                QcReport report = qc.inspect(photo);
                assertThat(report.codes()).as(name).doesNotContain(QcCode.NOISY, QcCode.TILTED, QcCode.CUT_OFF);
                // scenes have no plain background at the border: contact with the frame is not guessed
                assertThat(report.edgeCheck()).as(name).isEqualTo(QcReport.EdgeCheck.NOT_JUDGED);
            } finally {
                photo.release();
            }
        }
    }

    // ------------------------------------------------------------------ lighting against the session

    @Test
    void aShotUnlikeItsSessionIsReportedAndItsSiblingsAreNot() {
        ColourCorrector corrector = new ColourCorrector();
        List<Mat> session = new ArrayList<>();
        for (String texture : List.of("coffee.png", "chelsea.png", "fruits.jpg", "astronaut.png")) {
            session.add(packshot(texture));
        }
        BatchColourReference batch = corrector.batchReference(session, null);
        Mat darker = shifted(session.get(1), 0.7, 0.7, 0.7, 1.0); // about a stop under
        Mat warmer = shifted(session.get(2), 0.85, 1.0, 1.0, 1.0);
        try {
            for (Mat sibling : session) {
                assertThat(qc.inspect(sibling, null, batch).codes()).doesNotContain(QcCode.INCONSISTENT_LIGHTING);
            }
            QcReport dark = qc.inspect(darker, null, batch);
            QcReport warm = qc.inspect(warmer, null, batch);
            System.out.printf(Locale.ROOT, "QC lighting: darker shot %.2f stops, white %.1f; warmer shot %.2f stops, "
                            + "white %.1f%n", dark.brightnessStops(), dark.whitePointShift(), warm.brightnessStops(),
                    warm.whitePointShift());
            assertThat(dark.warnings()).extracting(QcFailure::code).contains(QcCode.INCONSISTENT_LIGHTING);
            assertThat(dark.brightnessStops()).isLessThan(-0.5);
            assertThat(dark.reasons()).anyMatch(r -> r.startsWith("Lighting differs from the rest of the session: the "
                    + "product is ") && r.contains("stops darker (tolerance 0.5)"));
            assertThat(warm.warnings()).extracting(QcFailure::code).contains(QcCode.INCONSISTENT_LIGHTING);
            assertThat(warm.whitePointShift()).isGreaterThan(6);
            assertThat(warm.reasons()).anyMatch(r -> r.contains("its white point is"));
            assertThat(warm.passed()).isTrue(); // soft: correction with the batch reference matches it
            // no session given: nothing to compare with
            assertThat(qc.inspect(darker).codes()).doesNotContain(QcCode.INCONSISTENT_LIGHTING);
        } finally {
            session.forEach(Mat::release);
            Mats.release(darker, warmer);
        }
    }

    @Test
    void inspectingAStudioSizedPhotoIsCheap() {
        Mat shot = packshot("coffee.png");
        try {
            qc.inspect(shot);
            long started = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                qc.inspect(shot);
            }
            System.out.printf(Locale.ROOT, "QC of a %dx%d packshot: %.0f ms%n", shot.cols(), shot.rows(),
                    (System.nanoTime() - started) / 3e6);
        } finally {
            shot.release();
        }
    }

    @Test
    void theTolerancesAreConfigurable() {
        Mat photo = real("astronaut.png");
        Mat turned = rotated(photo, 5);
        try {
            QcReport lenient = qc.inspect(turned, null, null, QcThresholds.defaults().withMaxTiltDegrees(8));
            assertThat(lenient.codes()).doesNotContain(QcCode.TILTED);
            QcReport strict = qc.inspect(photo, null, null, QcThresholds.defaults().withMaxNoise(0.5));
            assertThat(strict.codes()).contains(QcCode.NOISY);
        } finally {
            Mats.release(photo, turned);
        }
    }
}
