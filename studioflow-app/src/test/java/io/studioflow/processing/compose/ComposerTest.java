package io.studioflow.processing.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.within;

import io.studioflow.platform.imaging.ImageCodec;
import io.studioflow.platform.imaging.Mats;
import io.studioflow.platform.imaging.SyntheticImages;
import io.studioflow.testing.TestPhotos;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

class ComposerTest {

    private final Composer composer = new Composer();

    @Test
    void placesTheProductCentredOnPureWhiteAtTheFillRatio() {
        // off-centre, wider than tall, on a grey background
        Rect box = new Rect(300, 900, 1500, 800);
        Mat alpha = SyntheticImages.ellipseAlpha(3000, 2000, box);
        Mat product = SyntheticImages.texture(1500, 800, 21);
        Mat photo = SyntheticImages.scene(3000, 2000, Scalar.all(120), box, product, alpha);
        try (ComposeResult result = composer.compose(photo, alpha, ComposeSpec.defaults())) {
            Mat image = result.image();
            assertThat(image.cols()).isEqualTo(2000);
            assertThat(image.rows()).isEqualTo(2000);
            assertThat(image.type()).isEqualTo(CvType.CV_8UC3);
            assertBorderIsPureWhite(image, 40);

            BoundingBox drawn = nonWhiteBox(image);
            System.out.printf("compose: product %s -> placed %s (non-white %s), fill %.4f, scale %.3f, confidence "
                    + "%.2f%n", result.productBox(), result.placedBox(), drawn, result.fillRatio(), result.scale(),
                    result.confidence());
            assertThat(drawn.centreX()).isCloseTo(1000, offset(2.0));
            assertThat(drawn.centreY()).isCloseTo(1000, offset(2.0));
            assertThat(drawn.longSide() / 2000.0).isCloseTo(0.85, offset(0.01));
            assertThat(result.fillRatio()).isCloseTo(0.85, offset(0.01));
            assertThat(result.placedBox().centreX()).isCloseTo(1000, offset(2.0));
            assertThat(result.placedBox().centreY()).isCloseTo(1000, offset(2.0));
            assertThat(result.productBox().x()).isCloseTo(300, within(2));
            assertThat(result.productBox().width()).isCloseTo(1500, within(3));
            assertThat(result.confidence()).isEqualTo(1.0);
            assertThat(result.concerns()).isEmpty();
        } finally {
            Mats.release(alpha, product, photo);
        }
    }

    @Test
    void softEdgesGetNoDarkHaloFromTheOldBackground() {
        // a light grey product cut out of a black background; its soft edge must blend towards white only
        int size = 1200;
        Rect box = new Rect(200, 300, 700, 500);
        Mat alpha = SyntheticImages.ellipseAlpha(size, size, box);
        Imgproc.GaussianBlur(alpha, alpha, new org.opencv.core.Size(0, 0), 4); // a wide soft edge
        Mat photo = new Mat(size, size, CvType.CV_8UC3, Scalar.all(0));
        photo.setTo(Scalar.all(200), alpha); // straight (unmatted) colour wherever alpha > 0
        try (ComposeResult result = composer.compose(photo, alpha, ComposeSpec.defaults())) {
            // premultiplied: every pixel lies between the product (200) and white, give or take 8-bit rounding;
            // straight-colour resampling would pull the edge towards the black background
            Core.MinMaxLocResult darkest = Core.minMaxLoc(grey(result.image()));
            assertThat(darkest.minVal).isGreaterThanOrEqualTo(198);
        } finally {
            Mats.release(alpha, photo);
        }
    }

    @Test
    void anEmptyMaskIsRefusedWithAClearMessage() {
        Mat photo = new Mat(400, 400, CvType.CV_8UC3, Scalar.all(90));
        Mat alpha = Mat.zeros(400, 400, CvType.CV_8UC1);
        try {
            assertThatThrownBy(() -> composer.compose(photo, alpha, ComposeSpec.defaults()))
                    .isInstanceOf(NothingToComposeException.class)
                    .hasMessage("nothing to compose: the mask is empty (no pixel above alpha 127), the product was "
                            + "not found in the photo");
        } finally {
            Mats.release(photo, alpha);
        }
    }

    @Test
    void specksAreIgnoredAndNotDrawn() {
        Rect box = new Rect(500, 500, 800, 800);
        Mat alpha = SyntheticImages.ellipseAlpha(2000, 2000, box);
        Mat product = SyntheticImages.texture(800, 800, 22);
        Mat photo = SyntheticImages.scene(2000, 2000, Scalar.all(60), box, product, alpha);
        // specks: one far away (would change the box), one just inside the crop margin
        Imgproc.circle(alpha, new Point(1900, 100), 3, Scalar.all(255), -1);
        Imgproc.circle(alpha, new Point(1310, 900), 2, Scalar.all(255), -1);
        try (ComposeResult result = composer.compose(photo, alpha, ComposeSpec.defaults())) {
            assertThat(result.productBox().x()).isCloseTo(500, within(2));
            assertThat(result.productBox().right()).isCloseTo(1300, within(2));
            assertThat(result.productBox().y()).isCloseTo(500, within(2));
            // the near speck maps to the right of the placed product: it must be white there
            double right = result.placedBox().right();
            Mat column = result.image().submat(new Rect((int) right + 6, 0, 20, 2000));
            assertThat(Core.mean(column).val[0]).isEqualTo(255.0);
            column.release();
        } finally {
            Mats.release(alpha, product, photo);
        }
    }

    @Test
    void aMaskTouchingSeveralEdgesOfThePhotoLowersTheConfidence() {
        Mat photo = SyntheticImages.texture(800, 600, 23);
        Mat alpha = new Mat(600, 800, CvType.CV_8UC1, Scalar.all(0));
        alpha.submat(new Rect(0, 100, 800, 500)).setTo(Scalar.all(255)); // left, right and bottom edges
        try (ComposeResult result = composer.compose(photo, alpha, ComposeSpec.defaults())) {
            assertThat(result.confidence()).isLessThan(0.3);
            assertThat(result.concerns()).anyMatch(c -> c.startsWith("the mask touches 3 edges of the photo"));
        } finally {
            Mats.release(photo, alpha);
        }
    }

    @Test
    void anExtremelyThinBoxLowersTheConfidence() {
        Mat photo = new Mat(1000, 1000, CvType.CV_8UC3, Scalar.all(100));
        Mat alpha = Mat.zeros(1000, 1000, CvType.CV_8UC1);
        alpha.submat(new Rect(100, 500, 800, 6)).setTo(Scalar.all(255));
        try (ComposeResult result = composer.compose(photo, alpha, ComposeSpec.defaults())) {
            assertThat(result.confidence()).isLessThan(0.3);
            assertThat(result.concerns()).anyMatch(c -> c.contains("extremely thin"));
        } finally {
            Mats.release(photo, alpha);
        }
    }

    @Test
    void aContactShadowDarkensOnlyUnderTheProduct() {
        Rect box = new Rect(400, 300, 600, 900);
        Mat alpha = SyntheticImages.ellipseAlpha(1400, 1400, box);
        Mat product = SyntheticImages.texture(600, 900, 24);
        Mat photo = SyntheticImages.scene(1400, 1400, Scalar.all(128), box, product, alpha);
        ComposeSpec spec = ComposeSpec.square(1600).withShadow(ShadowStyle.CONTACT);
        try (ComposeResult result = composer.compose(photo, alpha, spec)) {
            assertBorderIsPureWhite(result.image(), 20);
            BoundingBox placed = result.placedBox();
            double[] belowCentre = result.image().get(placed.bottom() + 2, (int) placed.centreX());
            assertThat(belowCentre[0]).isLessThan(250).isGreaterThan(180);
        } finally {
            Mats.release(alpha, product, photo);
        }
    }

    @Test
    void composesARealPhotoWithItsPublishedMatte() {
        ImageCodec codec = new ImageCodec();
        Mat photo = codec.decodeBgr(TestPhotos.bytes("plant.jpg"));
        Mat matte = Imgcodecs.imdecode(new org.opencv.core.MatOfByte(TestPhotos.bytes("plant_result.png")),
                Imgcodecs.IMREAD_GRAYSCALE);
        try (ComposeResult result = composer.compose(photo, matte, ComposeSpec.defaults())) {
            System.out.printf("compose plant.jpg: box %s, fill %.3f, scale %.2f, confidence %.2f, %s%n",
                    result.productBox(), result.fillRatio(), result.scale(), result.confidence(), result.concerns());
            assertBorderIsPureWhite(result.image(), 10);
            assertThat(result.fillRatio()).isCloseTo(0.85, offset(0.01));
        } finally {
            Mats.release(photo, matte);
        }
    }

    @Test
    void refusesAMaskOfTheWrongType() {
        Mat photo = new Mat(100, 100, CvType.CV_8UC3, Scalar.all(128));
        Mat mask = new Mat(100, 100, CvType.CV_32F, Scalar.all(1));
        assertThatThrownBy(() -> composer.compose(photo, mask, ComposeSpec.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CV_8UC1");
        assertThatThrownBy(() -> ComposeSpec.defaults().withFillRatio(1.2))
                .hasMessage("fill ratio must be in (0, 1], was 1.2");
        Mats.release(photo, mask);
    }

    // ------------------------------------------------------------------ helpers

    private static void assertBorderIsPureWhite(Mat image, int width) {
        Rect[] strips = {new Rect(0, 0, image.cols(), width), new Rect(0, image.rows() - width, image.cols(), width),
                new Rect(0, 0, width, image.rows()), new Rect(image.cols() - width, 0, width, image.rows())};
        for (Rect strip : strips) {
            Mat region = image.submat(strip);
            Mat g = grey(region);
            Core.MinMaxLocResult range = Core.minMaxLoc(g);
            assertThat(range.minVal).as("darkest border pixel in %s", strip).isEqualTo(255.0);
            Mats.release(region, g);
        }
    }

    private static Mat grey(Mat bgr) {
        // the darkest channel, so that any tint shows
        Mat min = new Mat();
        Mat channel = new Mat();
        Core.extractChannel(bgr, min, 0);
        for (int c = 1; c < 3; c++) {
            Core.extractChannel(bgr, channel, c);
            Core.min(min, channel, min);
        }
        channel.release();
        return min;
    }

    /** Bounding box of every pixel that is not exactly white. */
    private static BoundingBox nonWhiteBox(Mat image) {
        Mat g = grey(image);
        Mat notWhite = new Mat();
        Core.compare(g, Scalar.all(255), notWhite, Core.CMP_LT);
        Rect r = Imgproc.boundingRect(notWhite);
        Mats.release(g, notWhite);
        return new BoundingBox(r.x, r.y, r.width, r.height);
    }
}
