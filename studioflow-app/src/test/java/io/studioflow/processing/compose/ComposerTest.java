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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
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

    // ------------------------------------------------------------------ shadows, backgrounds, canvases

    @ParameterizedTest
    @EnumSource(value = ShadowStyle.class, names = {"CONTACT", "GROUND", "DROP", "KEEP"})
    void everyShadowFallsBelowTheProductAndNoneAbove(ShadowStyle style) {
        Rect box = new Rect(400, 300, 600, 900);
        Mat alpha = SyntheticImages.ellipseAlpha(1400, 1400, box);
        Mat product = SyntheticImages.texture(600, 900, 25);
        Mat photo = SyntheticImages.scene(1400, 1400, Scalar.all(235), box, product, alpha);
        try (ComposeResult result = composer.compose(photo, alpha, ComposeSpec.square(1600).withShadow(style))) {
            Mat image = result.image();
            BoundingBox placed = result.placedBox();
            assertBorderIsPureWhite(image, 20);
            int x = (int) placed.centreX();
            double below = darkestIn(image, new Rect(x - 5, placed.bottom() + 1, 10, 12));
            assertThat(below).as("%s shadow just below the product", style).isLessThan(245);
            Mat above = image.submat(new Rect(0, 0, 1600, placed.y() - 4));
            assertThat(darkestIn(above, new Rect(0, 0, above.cols(), above.rows()))).as("%s above the product", style)
                    .isEqualTo(255.0);
            above.release();
        } finally {
            Mats.release(alpha, product, photo);
        }
    }

    @Test
    void aGroundShadowTouchesTheBaseAndIsWiderThanAContactShadow() {
        Rect box = new Rect(400, 300, 600, 900);
        Mat alpha = SyntheticImages.ellipseAlpha(1400, 1400, box);
        Mat product = SyntheticImages.texture(600, 900, 26);
        Mat photo = SyntheticImages.scene(1400, 1400, Scalar.all(128), box, product, alpha);
        try (ComposeResult ground = composer.compose(photo, alpha, ComposeSpec.square(1600).withShadow(ShadowStyle.GROUND));
             ComposeResult contact = composer.compose(photo, alpha, ComposeSpec.square(1600).withShadow(ShadowStyle.CONTACT))) {
            BoundingBox placed = ground.placedBox();
            int centre = (int) placed.centreX();
            // no white gap between the product's lowest pixel and the shadow: every row below it is shaded
            for (int y = placed.bottom(); y < placed.bottom() + 8; y++) {
                assertThat(ground.image().get(y, centre)[0]).as("row %d below the base", y).isLessThan(240);
            }
            int groundWidth = shadedWidth(ground.image(), placed.bottom() + 3);
            int contactWidth = shadedWidth(contact.image(), placed.bottom() + 3);
            System.out.printf("shadow width 3 px below the base: ground %d px, contact %d px%n", groundWidth, contactWidth);
            assertThat(groundWidth).isGreaterThan(contactWidth);
        } finally {
            Mats.release(alpha, product, photo);
        }
    }

    @Test
    void keepCarriesThePhotosCastShadowOntoTheNewBackground() {
        int size = 1400;
        Rect box = new Rect(450, 250, 500, 900);
        Mat alpha = SyntheticImages.ellipseAlpha(size, size, box);
        Mat product = SyntheticImages.texture(500, 900, 27);
        double background = 200;
        double shadowLevel = 0.55;
        // a cast shadow on the ground, from the base down and to the right, soft-edged
        Mat shadow = new Mat(size, size, CvType.CV_32F, Scalar.all(1));
        Imgproc.ellipse(shadow, new Point(760, 1150), new org.opencv.core.Size(330, 70), 0, 0, 360,
                Scalar.all(shadowLevel), -1);
        Imgproc.GaussianBlur(shadow, shadow, new org.opencv.core.Size(0, 0), 6);
        Mat ground = new Mat(size, size, CvType.CV_8UC3);
        Mat shadow3 = new Mat();
        Imgproc.cvtColor(shadow, shadow3, Imgproc.COLOR_GRAY2BGR);
        Core.multiply(new Mat(size, size, CvType.CV_32FC3, Scalar.all(background)), shadow3, shadow3);
        shadow3.convertTo(ground, CvType.CV_8UC3);
        Mat resized = new Mat();
        Imgproc.resize(product, resized, box.size());
        resized.copyTo(ground.submat(box), alpha.submat(box));
        try (ComposeResult result = composer.compose(ground, alpha,
                ComposeSpec.square(1600).withFillRatio(0.7).withShadow(ShadowStyle.KEEP))) {
            Mat image = result.image();
            assertBorderIsPureWhite(image, 20);
            BoundingBox source = result.productBox();
            BoundingBox placed = result.placedBox();
            // points on the ground just below the base, left and right of centre, in photo coordinates
            for (int[] point : new int[][] {{700, source.bottom() + 8}, {800, source.bottom() + 8}, {760, source.bottom() + 25}}) {
                double expected = ground.get(point[1], point[0])[0] / background;
                int canvasX = (int) Math.round(placed.x() + (point[0] - source.x()) * result.scale());
                int canvasY = (int) Math.round(placed.y() + (point[1] - source.y()) * result.scale());
                double kept = image.get(canvasY, canvasX)[0] / 255.0;
                System.out.printf("keep: photo (%d,%d) shade %.3f -> canvas (%d,%d) shade %.3f%n", point[0], point[1],
                        expected, canvasX, canvasY, kept);
                assertThat(kept).isCloseTo(expected, offset(0.07));
            }
            Mat above = image.submat(new Rect(0, 0, 1600, placed.y() - 4));
            assertThat(darkestIn(above, new Rect(0, 0, above.cols(), above.rows()))).isEqualTo(255.0);
            above.release();
        } finally {
            Mats.release(alpha, product, shadow, ground, shadow3, resized);
        }
    }

    @Test
    void keepOnAShadowlessPhotoStillGroundsTheProduct() {
        Rect box = new Rect(400, 300, 600, 900);
        Mat alpha = SyntheticImages.ellipseAlpha(1400, 1400, box);
        Mat product = SyntheticImages.texture(600, 900, 28);
        Mat photo = SyntheticImages.scene(1400, 1400, Scalar.all(240), box, product, alpha);
        try (ComposeResult result = composer.compose(photo, alpha, ComposeSpec.square(1600).withShadow(ShadowStyle.KEEP))) {
            BoundingBox placed = result.placedBox();
            assertThat(result.image().get(placed.bottom() + 1, (int) placed.centreX())[0]).isLessThan(245);
        } finally {
            Mats.release(alpha, product, photo);
        }
    }

    @Test
    void aBrandColourFillsTheBackground() {
        BgrColour grey = BgrColour.fromHex("#F2EEE8");
        Rect box = new Rect(300, 300, 600, 600);
        Mat alpha = SyntheticImages.ellipseAlpha(1200, 1200, box);
        Mat product = SyntheticImages.texture(600, 600, 29);
        Mat photo = SyntheticImages.scene(1200, 1200, Scalar.all(90), box, product, alpha);
        try (ComposeResult result = composer.compose(photo, alpha, ComposeSpec.square(1000).withBackground(grey)
                .withShadow(ShadowStyle.GROUND))) {
            assertThat(result.image().get(5, 5)).containsExactly(0xE8, 0xEE, 0xF2);
            assertThat(result.image().get(995, 995)).containsExactly(0xE8, 0xEE, 0xF2);
        } finally {
            Mats.release(alpha, product, photo);
        }
    }

    @Test
    void aTransparentCanvasCarriesTheProductAndItsShadowInTheAlpha() {
        Rect box = new Rect(300, 200, 600, 800);
        Mat alpha = SyntheticImages.ellipseAlpha(1200, 1200, box);
        Mat product = SyntheticImages.texture(600, 800, 30);
        Mat photo = SyntheticImages.scene(1200, 1200, Scalar.all(90), box, product, alpha);
        try (ComposeResult result = composer.compose(photo, alpha, ComposeSpec.square(1000)
                .withTransparentBackground(true).withShadow(ShadowStyle.GROUND))) {
            Mat image = result.image();
            assertThat(image.type()).isEqualTo(CvType.CV_8UC4);
            BoundingBox placed = result.placedBox();
            assertThat(image.get(0, 0)[3]).isEqualTo(0.0);
            assertThat(image.get(999, 999)[3]).isEqualTo(0.0);
            assertThat(image.get((int) placed.centreY(), (int) placed.centreX())[3]).isEqualTo(255.0);
            // the shadow below the base: black, partly transparent
            double[] shade = image.get(placed.bottom() + 3, (int) placed.centreX());
            assertThat(shade[3]).isBetween(20.0, 200.0);
            assertThat(shade[0]).isLessThan(10);
            // the product's own colour survives un-premultiplying
            double[] middle = image.get((int) placed.centreY(), (int) placed.centreX());
            assertThat(middle[0] + middle[1] + middle[2]).isGreaterThan(30);
        } finally {
            Mats.release(alpha, product, photo);
        }
    }

    @Test
    void aLongestSideCanvasTakesTheProductsAspect() {
        Rect box = new Rect(200, 500, 1600, 800); // 2:1, wider than tall
        Mat alpha = SyntheticImages.ellipseAlpha(2000, 2000, box);
        Mat product = SyntheticImages.texture(1600, 800, 31);
        Mat photo = SyntheticImages.scene(2000, 2000, Scalar.all(200), box, product, alpha);
        try (ComposeResult result = composer.compose(photo, alpha, ComposeSpec.longestSide(2000))) {
            assertThat(result.image().cols()).isEqualTo(2000);
            assertThat(result.image().rows()).isCloseTo(1000, within(2));
            assertThat(result.fillRatio()).isCloseTo(0.85, offset(0.01));
            assertBorderIsPureWhite(result.image(), 20);
        } finally {
            Mats.release(alpha, product, photo);
        }
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

    private static double darkestIn(Mat image, Rect area) {
        Mat region = image.submat(area);
        Mat g = grey(region);
        double darkest = Core.minMaxLoc(g).minVal;
        Mats.release(region, g);
        return darkest;
    }

    /** How many px of one row are visibly shaded. */
    private static int shadedWidth(Mat image, int row) {
        Mat line = image.row(row);
        Mat g = grey(line);
        Mat shaded = new Mat();
        Core.compare(g, Scalar.all(250), shaded, Core.CMP_LT);
        int count = Core.countNonZero(shaded);
        Mats.release(line, g, shaded);
        return count;
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
