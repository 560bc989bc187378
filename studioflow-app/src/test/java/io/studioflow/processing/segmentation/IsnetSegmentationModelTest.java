package io.studioflow.processing.segmentation;

import io.studioflow.testing.SyntheticPhotos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.studioflow.platform.imaging.OpenCv;
import io.studioflow.testing.SyntheticPhotos.Composite;
import io.studioflow.testing.TestPhotos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/** The real ISNet weights through the real ONNX Runtime, on composites with a known answer. */
class IsnetSegmentationModelTest {

    private static IsnetSegmentationModel model;

    @BeforeAll
    static void loadModel() {
        OpenCv.load();
        model = new IsnetSegmentationModel(TestModels.modelDir(), 2);
    }

    @AfterAll
    static void closeModel() {
        if (model != null) {
            model.close();
        }
    }

    /** Stopping the application mid-batch: a running inference finishes, later calls are refused, nothing crashes. */
    @Test
    void closingWaitsForARunningInferenceAndRefusesLaterOnes() throws Exception {
        IsnetSegmentationModel closing = new IsnetSegmentationModel(TestModels.modelDir(), 1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Composite composite = packshot("orange.jpg", 255, 800, 600)) {
            Future<Double> running = pool.submit(() -> {
                try (Matte matte = closing.segment(composite.photo())) {
                    return SyntheticPhotos.iou(matte.alpha(), composite.alpha());
                }
            });
            Thread.sleep(300); // the inference is under way (it takes seconds on this machine)
            closing.close();
            assertThat(running.get()).as("the inference that was running when close() came").isGreaterThan(0.9);
            assertThatThrownBy(() -> closing.segment(composite.photo())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0} on grey level {1}, {2}x{3}")
    @CsvSource({
            "orange.jpg, 255, 800, 600",
            "orange.jpg, 128, 800, 600",
            "coffee.png, 255, 1200, 900",
            "baboon.jpg, 128, 600, 800",
    })
    void cutsATexturedProductOffAPlainBackground(String texture, int grey, int width, int height) {
        try (Composite composite = packshot(texture, grey, width, height);
             Matte matte = model.segment(composite.photo())) {
            double iou = SyntheticPhotos.iou(matte.alpha(), composite.alpha());
            System.out.printf("isnet-medium IoU on %s packshot, background %d, %dx%d: %.4f%n", texture, grey, width,
                    height, iou);
            assertThat(iou).isGreaterThanOrEqualTo(0.95);
        }
    }

    @Test
    void alphaHasTheInputSizeAndTypeForNonSquareImages() {
        for (int[] size : new int[][] {{900, 300}, {300, 900}, {37, 1500}}) {
            try (Composite composite = packshot("apple.jpg", 255, size[0], size[1]);
                 Matte matte = model.segment(composite.photo())) {
                assertThat(matte.alpha().cols()).isEqualTo(size[0]);
                assertThat(matte.alpha().rows()).isEqualTo(size[1]);
                assertThat(matte.alpha().type()).isEqualTo(CvType.CV_8UC1);
                assertThat(matte.softAlpha().type()).isEqualTo(CvType.CV_32FC1);
                assertThat(matte.softAlpha().size()).isEqualTo(new org.opencv.core.Size(1024, 1024));
            }
        }
    }

    @Test
    void acceptsGreyAndBgraPhotosAndLeavesTheInputAlone() {
        try (Composite composite = packshot("orange.jpg", 255, 640, 480)) {
            Mat grey = new Mat();
            Mat bgra = new Mat();
            Mat before = composite.photo().clone();
            try {
                Imgproc.cvtColor(composite.photo(), grey, Imgproc.COLOR_BGR2GRAY);
                Imgproc.cvtColor(composite.photo(), bgra, Imgproc.COLOR_BGR2BGRA);
                try (Matte fromGrey = model.segment(grey); Matte fromBgra = model.segment(bgra)) {
                    assertThat(SyntheticPhotos.iou(fromGrey.alpha(), composite.alpha())).isGreaterThan(0.9);
                    assertThat(SyntheticPhotos.iou(fromBgra.alpha(), composite.alpha())).isGreaterThan(0.95);
                }
                assertThat(Core.norm(before, composite.photo(), Core.NORM_INF)).isZero();
            } finally {
                grey.release();
                bgra.release();
                before.release();
            }
        }
    }

    @Test
    void concurrentCallsOnTheSharedSessionGiveTheSameAnswerAsOneAtATime() throws Exception {
        try (Composite first = packshot("orange.jpg", 255, 500, 400);
             Composite second = packshot("coffee.png", 128, 400, 500);
             Matte firstAlone = model.segment(first.photo());
             Matte secondAlone = model.segment(second.photo())) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<Matte> firstTogether = pool.submit(() -> model.segment(first.photo()));
                Future<Matte> secondTogether = pool.submit(() -> model.segment(second.photo()));
                try (Matte a = firstTogether.get(); Matte b = secondTogether.get()) {
                    assertThat(Core.norm(a.alpha(), firstAlone.alpha(), Core.NORM_INF)).isLessThanOrEqualTo(1);
                    assertThat(Core.norm(b.alpha(), secondAlone.alpha(), Core.NORM_INF)).isLessThanOrEqualTo(1);
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void rejectsAnEmptyImageWithAReadableMessage() {
        Mat empty = new Mat();
        Mat floats = new Mat(10, 10, CvType.CV_32FC3, new Scalar(0.5, 0.5, 0.5));
        Mat twoChannels = new Mat(10, 10, CvType.CV_8UC2, new Scalar(1, 1));
        try {
            assertThatThrownBy(() -> model.segment(empty))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("empty");
            assertThatThrownBy(() -> model.segment(floats))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("8- or 16-bit");
            assertThatThrownBy(() -> model.segment(twoChannels))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("2 channels");
        } finally {
            empty.release();
            floats.release();
            twoChannels.release();
        }
    }

    @Test
    void missingModelFileSaysWhereAndHowToFetchIt(@TempDir Path emptyDir) {
        assertThatThrownBy(() -> new IsnetSegmentationModel(emptyDir))
                .isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("not found")
                .hasMessageContaining(emptyDir.resolve("isnet-medium.onnx").toString())
                .hasMessageContaining("mvn generate-resources")
                .hasMessageContaining("models/fetch-model.sh");
    }

    @Test
    void corruptModelFileIsRejectedBeforeOnnxRuntimeSeesIt(@TempDir Path dir) throws IOException {
        // the first 4 MB of the real weights: right start, wrong file
        byte[] truncated = new byte[4 << 20];
        try (var in = Files.newInputStream(model.modelFile())) {
            in.readNBytes(truncated, 0, truncated.length);
        }
        Files.write(dir.resolve("isnet-medium.onnx"), truncated);
        assertThatThrownBy(() -> new IsnetSegmentationModel(dir))
                .isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining(dir.resolve("isnet-medium.onnx").toString())
                .hasMessageContaining("corrupt")
                .hasMessageContaining(IsnetSegmentationModel.WEIGHTS_SHA256)
                .hasMessageContaining("mvn generate-resources");
    }

    @Test
    void weightsHashIsTheOneTheManifestRecords() throws IOException {
        Path manifest = Path.of(System.getProperty("studioflow.root", "."), "models", "isnet-medium.json");
        JsonNode json = new ObjectMapper().readTree(manifest.toFile());
        assertThat(model.weightsSha256()).isEqualTo(json.get("sha256").asText());
        assertThat(model.name()).isEqualTo(json.get("name").asText());
        assertThat(model.version()).isEqualTo(json.get("source").get("version").asText());
        assertThat(json.get("input").get("name").asText()).isEqualTo("input");
        assertThat(json.get("output").get("name").asText()).isEqualTo("output");
    }

    @Test
    void rejectsAThreadCountBelowOne() {
        assertThatThrownBy(() -> new IsnetSegmentationModel(TestModels.modelDir(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    static Composite packshot(String texturePhoto, int grey, int width, int height) {
        Mat texture = Imgcodecs.imread(TestPhotos.photo(texturePhoto).toString(), Imgcodecs.IMREAD_COLOR);
        try {
            return SyntheticPhotos.packshot(texture, new Scalar(grey, grey, grey), width, height);
        } finally {
            texture.release();
        }
    }
}
