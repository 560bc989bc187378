package io.studioflow.processing.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.studioflow.platform.imaging.ImageCodec;
import io.studioflow.platform.imaging.MatScope;
import io.studioflow.platform.imaging.Mats;
import io.studioflow.processing.quality.BackgroundKind;
import io.studioflow.processing.quality.GroundTruthScenes;
import io.studioflow.processing.quality.Scene;
import io.studioflow.processing.quality.SceneCategory;
import io.studioflow.testing.TestPhotos;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** The classical cross-check on scenes whose truth is known, with the truth (or a damaged truth) as the "model". */
class BackdropAgreementTest {

    static final GroundTruthScenes SCENES = new GroundTruthScenes();
    static Mat texture;
    static Mat busy;

    @BeforeAll
    static void photos() {
        ImageCodec codec = new ImageCodec();
        texture = codec.decodeBgr(TestPhotos.bytes("coffee.png"));
        busy = codec.decodeBgr(TestPhotos.bytes("fruits.jpg"));
    }

    @AfterAll
    static void release() {
        Mats.release(texture, busy);
    }

    /** The alpha as the model hands it over: 1024², floats in [0,1]. */
    private static Mat soft(Mat alpha, MatScope scope) {
        Mat small = scope.mat();
        Imgproc.resize(alpha, small, new Size(1024, 1024), 0, 0, Imgproc.INTER_AREA);
        Mat soft = scope.mat();
        small.convertTo(soft, CvType.CV_32F, 1 / 255.0);
        return soft;
    }

    @Test
    void aCorrectCutOnAStudioBackdropIsConfirmed() {
        for (BackgroundKind backdrop : new BackgroundKind[] {BackgroundKind.WHITE_SWEEP, BackgroundKind.GREY,
                BackgroundKind.GRADIENT}) {
            try (Scene scene = SCENES.build(SceneCategory.SOLID, backdrop, texture, busy, 3, 512);
                 MatScope scope = Mats.scope()) {
                BackdropAgreement check = BackdropAgreement.of(scene.image(), soft(scene.alpha(), scope));
                assertThat(check.residual()).as("%s fits a quadratic: %s", backdrop, check).isLessThan(0.01);
                assertThat(check.score()).as(backdrop.name()).isGreaterThan(0.95);
                if (backdrop == BackgroundKind.WHITE_SWEEP) {
                    // the cup's white rim is as white as the sweep: agreement, but no proof the rim was cut right
                    assertThat(check.backdropInside()).as(check.toString()).isBetween(0.01, 0.10);
                    assertThat(check.confirmation()).as(check.toString()).isLessThan(0.5);
                } else {
                    assertThat(check.confirmation()).as("%s: %s", backdrop, check).isGreaterThan(0.95);
                }
            }
        }
    }

    @Test
    void aCastShadowIsNotTakenForProduct() {
        try (Scene scene = SCENES.build(SceneCategory.CAST_SHADOW, BackgroundKind.GREY, texture, busy, 3, 512);
             MatScope scope = Mats.scope()) {
            BackdropAgreement check = BackdropAgreement.of(scene.image(), soft(scene.alpha(), scope));
            assertThat(check.score()).isGreaterThan(0.8);
        }
    }

    @Test
    void aFilledHoleShowsAsBackdropInsideTheProduct() {
        try (Scene scene = SCENES.build(SceneCategory.SOLID, BackgroundKind.GREY, texture, busy, 3, 512);
             MatScope scope = Mats.scope()) {
            Mat filled = scope.mat();
            scene.alpha().copyTo(filled);
            // the model also took a wide patch of backdrop beside the product
            Imgproc.circle(filled, new Point(60, 60), 60, new Scalar(255), -1);
            BackdropAgreement check = BackdropAgreement.of(scene.image(), soft(filled, scope));
            assertThat(check.backdropInside()).isGreaterThan(0.1);
            assertThat(check.confirmation()).isZero();
            assertThat(check.score()).isLessThan(0.5);
        }
    }

    @Test
    void aPartCutOffShowsAsProductOutsideTheCut() {
        try (Scene scene = SCENES.build(SceneCategory.SOLID, BackgroundKind.WHITE_SWEEP, texture, busy, 3, 512);
             MatScope scope = Mats.scope()) {
            Mat eroded = scope.mat();
            Imgproc.erode(scene.alpha(), eroded, scope.add(Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE,
                    new Size(31, 31))));
            BackdropAgreement check = BackdropAgreement.of(scene.image(), soft(eroded, scope));
            assertThat(check.productOutside()).isGreaterThan(0.3);
            assertThat(check.score()).as(check.toString()).isLessThan(0.3);
        }
    }

    @Test
    void aBusySceneCannotBeCheckedAndStaysBelowTheRoutingThreshold() {
        try (Scene scene = SCENES.build(SceneCategory.SOLID, BackgroundKind.TEXTURED, texture, busy, 3, 512);
             MatScope scope = Mats.scope()) {
            BackdropAgreement check = BackdropAgreement.of(scene.image(), soft(scene.alpha(), scope));
            assertThat(check.residual()).isGreaterThan(BackdropAgreement.BUSY_RESIDUAL);
            assertThat(check.score()).isEqualTo(BackdropAgreement.UNVERIFIABLE);
            assertThat(check.confirmation()).isZero();
        }
    }

    @Test
    void aProductFillingTheFrameLeavesNoBackdropToFit() {
        try (MatScope scope = Mats.scope()) {
            Mat photo = scope.add(new Mat(300, 300, CvType.CV_8UC3, new Scalar(20, 60, 200)));
            Mat soft = scope.add(new Mat(1024, 1024, CvType.CV_32F, new Scalar(1)));
            BackdropAgreement check = BackdropAgreement.of(photo, soft);
            assertThat(check.residual()).isNaN();
            assertThat(check.score()).isEqualTo(BackdropAgreement.UNVERIFIABLE);
        }
    }

    @Test
    void confirmationLiftsAHesitantModelOnlyToJustAboveTheThreshold() {
        MatteConfidence hesitant = new MatteConfidence(0.35, 0.6, 0.1, 0);
        BackdropAgreement confirmed = new BackdropAgreement(0.001, 0, 0, 1);
        BackdropAgreement unverified = new BackdropAgreement(0.2, 0, 0, BackdropAgreement.UNVERIFIABLE);
        assertThat(SegmentationConfidence.of(hesitant, confirmed).score()).isEqualTo(SegmentationConfidence.CONFIRMED);
        assertThat(SegmentationConfidence.of(hesitant, unverified).score()).isCloseTo(0.35 * 0.7, within(1e-9));
    }
}
