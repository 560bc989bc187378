package io.studioflow.processing.segmentation;

import io.studioflow.testing.SyntheticPhotos;

import static org.assertj.core.api.Assertions.assertThat;

import io.studioflow.platform.imaging.OpenCv;
import io.studioflow.testing.SyntheticPhotos.Composite;
import io.studioflow.testing.TestPhotos;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.imgcodecs.Imgcodecs;

/** Confidence on real photos and composites, with the real model: clean cuts high, failures low. */
class BackgroundRemoverTest {

    private static IsnetSegmentationModel model;
    private static BackgroundRemover remover;

    @BeforeAll
    static void loadModel() {
        OpenCv.load();
        model = new IsnetSegmentationModel(TestModels.modelDir(), 2);
        remover = new BackgroundRemover(model, new MatteRefiner());
    }

    @AfterAll
    static void closeModel() {
        if (model != null) {
            model.close();
        }
    }

    /** Single objects on calm backgrounds: a cup on a table, fruit in front of a wall, a portrait. */
    /** An apple and an orange before a plain cloth: the model is sure and the backdrop check agrees. */
    @ParameterizedTest
    @ValueSource(strings = {"apple.jpg", "orange.jpg"})
    void cleanProductPhotoOnAPlainBackdropIsConfidentEnoughToPublish(String name) {
        assertThat(confidenceOnPhoto(name)).isGreaterThanOrEqualTo(0.75);
    }

    /**
     * A cup on a patterned table, a portrait before machinery: the model is sure of its cut, but off a studio
     * backdrop nothing classical can check it, so the confidence stays just below the routing table's 0.75 and a
     * human has a look.
     */
    @ParameterizedTest
    @ValueSource(strings = {"coffee.png", "astronaut.png"})
    void clearSubjectOffAStudioBackdropIsConfidentButUnverified(String name) {
        assertThat(confidenceOnPhoto(name)).isBetween(0.6, 0.74);
    }

    @ParameterizedTest
    @CsvSource({"orange.jpg, 255", "coffee.png, 128"})
    void shadedPackshotOnPlainBackgroundGetsHighConfidence(String texture, int grey) {
        try (Composite composite = IsnetSegmentationModelTest.packshot(texture, grey, 900, 700)) {
            assertThat(confidenceOn("packshot of " + texture + " on " + grey, composite.photo()))
                    .isGreaterThanOrEqualTo(0.8);
        }
    }

    /** A brick wall, a pile of fruit, a cat's face filling the frame: no single product to cut out. */
    @ParameterizedTest
    @ValueSource(strings = {"brick.png", "fruits.jpg", "chelsea.png", "baboon.jpg"})
    void texturesAndBusyScenesGetLowConfidence(String name) {
        assertThat(confidenceOnPhoto(name)).isLessThan(0.5);
    }

    @Test
    void textureCropStretchedToFullFrameGetsLowConfidence() {
        Mat fruits = photo("fruits.jpg");
        Mat crop = SyntheticPhotos.stretchedCrop(fruits, new Rect(100, 60, 200, 200), 800, 600);
        try {
            assertThat(confidenceOn("fruits.jpg crop 200x200 stretched", crop)).isLessThan(0.5);
        } finally {
            fruits.release();
            crop.release();
        }
    }

    @Test
    void noiseGetsLowConfidence() {
        Mat noise = SyntheticPhotos.noise(800, 600, 42);
        try {
            assertThat(confidenceOn("uniform noise", noise)).isLessThan(0.5);
        } finally {
            noise.release();
        }
    }

    @Test
    void cutoutCarriesAlphaAtInputSizeAndTheModelIdentity() {
        try (Composite composite = IsnetSegmentationModelTest.packshot("apple.jpg", 255, 1000, 420);
             Cutout cutout = remover.remove(composite.photo())) {
            assertThat(cutout.alpha().size()).isEqualTo(composite.photo().size());
            assertThat(cutout.model()).isEqualTo("isnet-medium");
            assertThat(cutout.modelVersion()).isEqualTo("1.4.5");
            assertThat(cutout.modelSha256()).isEqualTo(IsnetSegmentationModel.WEIGHTS_SHA256);
            assertThat(cutout.confidence()).isEqualTo(cutout.quality().score()).isBetween(0.0, 1.0);
            assertThat(cutout.inferenceMs()).isPositive();
            assertThat(SyntheticPhotos.iou(cutout.alpha(), composite.alpha())).isGreaterThan(0.95);
        }
    }

    /**
     * Every Mat of a run must be released: a leak of one 1024x1024 float buffer per run would add 120 MB over 30
     * runs, a leaked working copy of the input more. Java heap is left out of the measure (the collector may grow
     * the heap as it likes); the bound is generous for the native allocators' own slack.
     */
    @Test
    void nativeMemoryStaysFlatOverManyRuns() {
        try (Composite composite = IsnetSegmentationModelTest.packshot("orange.jpg", 255, 1600, 1200)) {
            for (int i = 0; i < 3; i++) {
                remover.remove(composite.photo()).close();
            }
            long before = TestModels.nativeMegabytes();
            System.out.printf("memory before: %s%n", TestModels.memoryReport());
            int runs = 30;
            for (int i = 1; i <= runs; i++) {
                try (Cutout cutout = remover.remove(composite.photo())) {
                    assertThat(cutout.alpha().rows()).isEqualTo(1200);
                }
                if (i % 10 == 0) {
                    System.out.printf("memory after %d more runs: %s%n", i, TestModels.memoryReport());
                }
            }
            long after = TestModels.nativeMegabytes();
            System.out.printf("native memory (RSS less Java heap) over %d background removals at 1600x1200: "
                    + "%d MB -> %d MB (%+d MB)%n", runs, before, after, after - before);
            assertThat(after - before).isLessThan(150);
        }
    }

    private static double confidenceOn(String label, Mat photo) {
        try (Cutout cutout = remover.remove(photo)) {
            MatteConfidence q = cutout.quality().matte();
            System.out.printf("confidence %-32s %.3f (decisiveness %.3f, foreground %.3f, border %.2f, %d ms)%n",
                    label, cutout.confidence(), q.decisiveness(), q.foreground(), q.borderContact(),
                    cutout.inferenceMs());
            return cutout.confidence();
        }
    }

    private static double confidenceOnPhoto(String name) {
        Mat photo = photo(name);
        try {
            return confidenceOn(name, photo);
        } finally {
            photo.release();
        }
    }

    private static Mat photo(String name) {
        Mat photo = Imgcodecs.imread(TestPhotos.photo(name).toString(), Imgcodecs.IMREAD_COLOR);
        assertThat(photo.empty()).as("decoded %s", name).isFalse();
        return photo;
    }
}
