package io.studioflow.processing.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.studioflow.platform.imaging.ImageCodec;
import io.studioflow.platform.imaging.MatScope;
import io.studioflow.platform.imaging.Mats;
import io.studioflow.testing.ProcessMemory;
import io.studioflow.testing.TestPhotos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfInt;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.imgproc.Moments;

class GroundTruthScenesTest {

    static final int SIZE = 256;
    static final ImageCodec CODEC = new ImageCodec();
    static final GroundTruthScenes SCENES = new GroundTruthScenes();
    static Mat texture;
    static Mat backgroundTexture;

    @BeforeAll
    static void loadPhotos() {
        texture = CODEC.decodeBgr(TestPhotos.bytes("coffee.png"));
        backgroundTexture = CODEC.decodeBgr(TestPhotos.bytes("fruits.jpg"));
    }

    @AfterAll
    static void releasePhotos() {
        Mats.release(texture, backgroundTexture);
    }

    private static Scene build(SceneCategory category, BackgroundKind background, long seed) {
        return SCENES.build(category, background, texture, backgroundTexture, seed, SIZE);
    }

    @ParameterizedTest
    @EnumSource(SceneCategory.class)
    void everyCategoryBuildsAnImageAndAnAlphaOfTheRightSizeAndType(SceneCategory category) {
        for (BackgroundKind background : BackgroundKind.values()) {
            try (Scene scene = build(category, background, 7)) {
                assertThat(scene.category()).isEqualTo(category);
                assertThat(scene.image().type()).isEqualTo(CvType.CV_8UC3);
                assertThat(scene.alpha().type()).isEqualTo(CvType.CV_8UC1);
                assertThat(scene.image().size()).isEqualTo(new Size(SIZE, SIZE));
                assertThat(scene.alpha().size()).isEqualTo(new Size(SIZE, SIZE));
                double coverage = Core.sumElems(scene.alpha()).val[0] / 255 / (SIZE * SIZE);
                assertThat(coverage).as("share of the frame the object covers").isBetween(0.01, 0.6);
                // anti-aliased: the edge has partial alpha, not a staircase of 0 and 255
                assertThat(partialAlphaPixels(scene.alpha())).isGreaterThan(50);
            }
        }
    }

    @Test
    void thinStructuresCoverLittleOfTheirBoundingBox() {
        for (long seed = 1; seed <= 5; seed++) {
            try (Scene scene = build(SceneCategory.THIN_STRUCTURES, BackgroundKind.GREY, seed);
                 Scene solid = build(SceneCategory.SOLID, BackgroundKind.GREY, seed)) {
                assertThat(fillOfBoundingBox(scene.alpha())).as("thin, seed " + seed).isLessThan(0.2);
                assertThat(fillOfBoundingBox(solid.alpha())).as("solid, seed " + seed).isGreaterThan(0.5);
            }
        }
    }

    @Test
    void holesShowTheBackgroundInsideTheObjectsConvexHull() {
        for (long seed = 1; seed <= 5; seed++) {
            try (Scene scene = build(SceneCategory.HOLES, BackgroundKind.GRADIENT, seed);
                 MatScope scope = Mats.scope()) {
                Mat hull = convexHullMask(scene.alpha(), scope);
                Mat clear = scope.mat();
                Core.compare(scene.alpha(), new Scalar(0), clear, Core.CMP_EQ);
                Core.bitwise_and(clear, hull, clear);
                int objectArea = Core.countNonZero(scene.alpha());
                assertThat(Core.countNonZero(clear)).as("fully transparent pixels inside the hull, seed " + seed)
                        .isGreaterThan(objectArea / 20);
            }
        }
    }

    @Test
    void softEdgesHaveAWideBandOfPartialAlpha() {
        for (long seed = 1; seed <= 5; seed++) {
            try (Scene soft = build(SceneCategory.SOFT_EDGES, BackgroundKind.WHITE_SWEEP, seed);
                 Scene solid = build(SceneCategory.SOLID, BackgroundKind.WHITE_SWEEP, seed)) {
                double softShare = (double) partialAlphaPixels(soft.alpha()) / Core.countNonZero(soft.alpha());
                double solidShare = (double) partialAlphaPixels(solid.alpha()) / Core.countNonZero(solid.alpha());
                assertThat(softShare).as("partial share, soft, seed " + seed).isGreaterThan(0.15);
                assertThat(softShare).isGreaterThan(3 * solidShare);
            }
        }
    }

    @Test
    void translucentObjectsAreHalfTransparentInside() {
        for (long seed = 1; seed <= 5; seed++) {
            try (Scene scene = build(SceneCategory.TRANSLUCENT, BackgroundKind.TEXTURED, seed)) {
                Moments moments = Imgproc.moments(scene.alpha());
                int cx = (int) Math.round(moments.m10 / moments.m00);
                int cy = (int) Math.round(moments.m01 / moments.m00);
                Mat centre = scene.alpha().submat(new Rect(cx - 3, cy - 3, 7, 7));
                double interior = Core.mean(centre).val[0];
                centre.release();
                assertThat(interior).as("alpha at the centre, seed " + seed).isBetween(118.0, 138.0);
                assertThat(Core.minMaxLoc(scene.alpha()).maxVal).as("the rim is opaque").isEqualTo(255.0);
            }
        }
    }

    @Test
    void touchingFrameObjectsReachTheBottomRow() {
        for (long seed = 1; seed <= 5; seed++) {
            try (Scene scene = build(SceneCategory.TOUCHING_FRAME, BackgroundKind.GREY, seed)) {
                Mat bottom = scene.alpha().row(SIZE - 1);
                assertThat(Core.countNonZero(bottom)).as("object pixels on the bottom row, seed " + seed)
                        .isGreaterThan(10);
                bottom.release();
            }
        }
    }

    @Test
    void whiteOnWhiteIsANearWhiteObjectOnAWhiteSweep() {
        try (Scene scene = build(SceneCategory.WHITE_ON_WHITE, BackgroundKind.GRADIENT, 3);
             MatScope scope = Mats.scope()) {
            assertThat(scene.background()).isEqualTo(BackgroundKind.WHITE_SWEEP);
            Mat opaque = scope.mat();
            Core.compare(scene.alpha(), new Scalar(255), opaque, Core.CMP_EQ);
            Mat clear = scope.mat();
            Core.compare(scene.alpha(), new Scalar(0), clear, Core.CMP_EQ);
            Mat grey = scope.mat();
            Imgproc.cvtColor(scene.image(), grey, Imgproc.COLOR_BGR2GRAY);
            double object = Core.mean(grey, opaque).val[0];
            double background = Core.mean(grey, clear).val[0];
            assertThat(object).isBetween(200.0, 250.0);
            assertThat(background).isGreaterThan(235.0);
            assertThat(background - object).as("the object is only a little darker").isLessThan(35.0);
        }
    }

    @Test
    void castShadowsDarkenTheBackgroundButAreNotInTheAlpha() {
        for (long seed = 1; seed <= 3; seed++) {
            try (Scene shadowed = build(SceneCategory.CAST_SHADOW, BackgroundKind.WHITE_SWEEP, seed);
                 MatScope scope = Mats.scope()) {
                Mat clear = scope.mat();
                Core.compare(shadowed.alpha(), new Scalar(0), clear, Core.CMP_EQ);
                Mat grey = scope.mat();
                Imgproc.cvtColor(shadowed.image(), grey, Imgproc.COLOR_BGR2GRAY);
                Core.MinMaxLocResult range = Core.minMaxLoc(grey, clear);
                assertThat(range.minVal).as("darkest background pixel, seed " + seed).isLessThan(120.0);
                assertThat(range.maxVal).as("brightest background pixel").isGreaterThan(235.0);
                // the darkest background pixel is below the object's middle
                Rect box = Imgproc.boundingRect(shadowed.alpha());
                assertThat(range.minLoc.y).isGreaterThan(box.y + box.height / 2.0);
            }
        }
    }

    @Test
    void theSameSeedGivesIdenticalBytesAndAnotherSeedAnotherScene() {
        for (SceneCategory category : SceneCategory.values()) {
            try (Scene first = build(category, BackgroundKind.GRADIENT, 42);
                 Scene again = build(category, BackgroundKind.GRADIENT, 42);
                 Scene other = build(category, BackgroundKind.GRADIENT, 43)) {
                assertThat(bytes(again.image())).as(category + " image").isEqualTo(bytes(first.image()));
                assertThat(bytes(again.alpha())).as(category + " alpha").isEqualTo(bytes(first.alpha()));
                assertThat(bytes(other.alpha())).as(category + " alpha, other seed").isNotEqualTo(bytes(first.alpha()));
            }
        }
    }

    @Test
    void badArgumentsAreRejectedWithAClearMessage() {
        try (MatScope scope = Mats.scope()) {
            Mat grey = scope.add(new Mat(50, 50, CvType.CV_8UC1, new Scalar(100)));
            assertThatThrownBy(() -> SCENES.build(SceneCategory.SOLID, BackgroundKind.GREY, grey, null, 1, SIZE))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("object texture must be 8-bit BGR (CV_8UC3), was CV_8UC1");
            assertThatThrownBy(() -> SCENES.build(SceneCategory.SOLID, BackgroundKind.TEXTURED, texture, null, 1, SIZE))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("background texture (needed for a TEXTURED background) is empty");
            assertThatThrownBy(() -> SCENES.build(SceneCategory.SOLID, BackgroundKind.GREY, texture, null, 1, 10))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Scene size must be 64..4096 px, was 10");
        }
    }

    @Test
    void closingASceneReleasesItsImages() {
        Scene scene = SCENES.build(SceneCategory.SOLID, BackgroundKind.GREY, texture, backgroundTexture, 7, 128);
        scene.close();
        assertThat(scene.image().empty()).as("image released").isTrue();
        assertThat(scene.alpha().empty()).as("alpha released").isTrue();
    }

    /**
     * A memory figure, so run with the benchmarks ({@code -Dbenchmark=true}): in the full suite this JVM
     * also runs the application, whose model and workers grow native memory on their own (seen: +525 MB
     * in 4 s after the integration tests), which says nothing about the scenes.
     */
    @Test
    @EnabledIfSystemProperty(named = "benchmark", matches = "true")
    void nativeMemoryStaysFlatOverTwoHundredBuilds() {
        SceneCategory[] categories = SceneCategory.values();
        BackgroundKind[] backgrounds = BackgroundKind.values();
        long rssAfterWarmUp = 0;
        long heapAfterWarmUp = 0;
        for (int run = 1; run <= 200; run++) {
            try (Scene scene = SCENES.build(categories[run % categories.length], backgrounds[run % backgrounds.length],
                    texture, backgroundTexture, run, 512)) {
                assertThat(scene.image().empty()).isFalse();
            }
            if (run == 20) {
                rssAfterWarmUp = ProcessMemory.residentMegabytes();
                heapAfterWarmUp = Runtime.getRuntime().totalMemory() >> 20;
            }
        }
        long rssEnd = ProcessMemory.residentMegabytes();
        long heapEnd = Runtime.getRuntime().totalMemory() >> 20;
        // in the full suite this JVM also runs the application, whose Java heap may grow meanwhile: what
        // counts is the growth outside the heap
        long nativeGrowth = (rssEnd - rssAfterWarmUp) - (heapEnd - heapAfterWarmUp);
        System.out.printf("scene leak check: RSS %d -> %d MB, committed heap %d -> %d MB, growth outside the heap %d MB%n",
                rssAfterWarmUp, rssEnd, heapAfterWarmUp, heapEnd, nativeGrowth);
        // one leaked 512px scene is over 10 MB (its 2048x2048 drawing alone is 4 MB): 180 leaks would be GBs
        assertThat(nativeGrowth).as("growth outside the Java heap from build 20 to build 200, MB").isLessThan(150);
    }

    @Test
    void writesAContactSheetOfEveryCategory() throws IOException {
        List<Mat> rows = new ArrayList<>();
        BackgroundKind[] backgrounds = BackgroundKind.values();
        try (MatScope scope = Mats.scope()) {
            int index = 0;
            for (SceneCategory category : SceneCategory.values()) {
                try (Scene scene = build(category, backgrounds[index++ % backgrounds.length], 11)) {
                    Mat alpha = scope.mat();
                    Imgproc.cvtColor(scene.alpha(), alpha, Imgproc.COLOR_GRAY2BGR);
                    Mat row = scope.mat();
                    Core.hconcat(List.of(scene.image(), alpha), row);
                    Imgproc.putText(row, category + " / " + scene.background(), new Point(6, 18),
                            Imgproc.FONT_HERSHEY_SIMPLEX, 0.5, new Scalar(0, 0, 255), 1, Imgproc.LINE_AA);
                    rows.add(row);
                }
            }
            Mat sheet = scope.mat();
            Core.vconcat(rows, sheet);
            Path file = Path.of("target/quality/scenes.png");
            Files.createDirectories(file.getParent());
            Files.write(file, CODEC.encodePng(sheet));
            assertThat(sheet.size()).isEqualTo(new Size(2 * SIZE, SIZE * SceneCategory.values().length));
            System.out.println("contact sheet: " + file.toAbsolutePath());
        }
    }

    // ------------------------------------------------------------------ helpers

    private static int partialAlphaPixels(Mat alpha) {
        try (MatScope scope = Mats.scope()) {
            Mat partial = scope.mat();
            Core.inRange(alpha, new Scalar(1), new Scalar(254), partial);
            return Core.countNonZero(partial);
        }
    }

    /** The object's coverage (sum of alpha) over the area of its bounding box. */
    private static double fillOfBoundingBox(Mat alpha) {
        Rect box = Imgproc.boundingRect(alpha);
        return Core.sumElems(alpha).val[0] / 255 / box.area();
    }

    /** 255 inside the convex hull of all pixels with alpha > 0. */
    private static Mat convexHullMask(Mat alpha, MatScope scope) {
        Mat points = scope.mat();
        Core.findNonZero(alpha, points);
        MatOfPoint all = scope.add(new MatOfPoint(points));
        MatOfInt hullIndices = scope.add(new MatOfInt());
        Imgproc.convexHull(all, hullIndices);
        Point[] allPoints = all.toArray();
        List<Point> hull = new ArrayList<>();
        for (int index : hullIndices.toArray()) {
            hull.add(allPoints[index]);
        }
        MatOfPoint polygon = scope.add(new MatOfPoint());
        polygon.fromList(hull);
        Mat mask = scope.add(Mat.zeros(alpha.size(), CvType.CV_8UC1));
        Imgproc.fillConvexPoly(mask, polygon, new Scalar(255));
        return mask;
    }

    private static byte[] bytes(Mat mat) {
        byte[] data = new byte[(int) (mat.total() * mat.elemSize())];
        mat.get(0, 0, data);
        return data;
    }
}
