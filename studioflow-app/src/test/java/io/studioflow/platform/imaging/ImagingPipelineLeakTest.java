package io.studioflow.platform.imaging;

import io.studioflow.testing.ProcessMemory;

import static org.assertj.core.api.Assertions.assertThat;

import io.studioflow.capture.qc.CaptureQc;
import io.studioflow.capture.qc.QcReport;
import io.studioflow.processing.colour.ColourCorrector;
import io.studioflow.processing.colour.ColourResult;
import io.studioflow.processing.compose.ComposeResult;
import io.studioflow.processing.compose.ComposeSpec;
import io.studioflow.processing.compose.Composer;
import io.studioflow.testing.TestPhotos;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;

/**
 * Runs decode, QC, colour correction, composition and JPEG export 50 times on a 3000x2000 photo and
 * checks that the process does not grow: a single unreleased Mat of that size would add 6 to 18 MB
 * per run.
 */
class ImagingPipelineLeakTest {

    static final int WIDTH = 3000;
    static final int HEIGHT = 2000;

    /** A 3000x2000 studio shot (a real photo's texture in an ellipse, slightly blue sweep) and its alpha. */
    static Mat[] studioShot() {
        ImageCodec codec = new ImageCodec();
        Mat texture = codec.decodeBgr(TestPhotos.bytes("coffee.png"));
        Rect box = new Rect(700, 300, 1500, 1400);
        Mat alpha = SyntheticImages.ellipseAlpha(WIDTH, HEIGHT, box);
        Mat scene = SyntheticImages.scene(WIDTH, HEIGHT, new Scalar(215, 200, 190), box, texture, alpha);
        texture.release();
        return new Mat[] {scene, alpha};
    }

    @Test
    void nativeMemoryDoesNotGrowOverFiftyRuns() {
        ImageCodec codec = new ImageCodec();
        CaptureQc qc = new CaptureQc();
        ColourCorrector corrector = new ColourCorrector();
        Composer composer = new Composer();
        Mat[] shot = studioShot();
        byte[] jpeg = codec.encodeJpeg(shot[0], 92);
        Mat alpha = shot[1];
        shot[0].release();

        Map<Integer, Long> rssByRun = new LinkedHashMap<>();
        try {
            for (int run = 1; run <= 50; run++) {
                Mat photo = codec.decodeBgr(jpeg);
                try {
                    QcReport report = qc.inspect(photo);
                    assertThat(report.passed()).isTrue();
                    try (ColourResult colour = corrector.correct(photo, alpha);
                         ComposeResult composed = composer.compose(colour.corrected(), alpha, ComposeSpec.defaults())) {
                        assertThat(codec.encodeJpeg(composed.image(), 90)).isNotEmpty();
                    }
                } finally {
                    photo.release();
                }
                if (run == 1 || run % 10 == 0) {
                    rssByRun.put(run, ProcessMemory.residentMegabytes());
                    Runtime heap = Runtime.getRuntime();
                    System.out.printf("leak check: run %2d, RSS %4d MB, Java heap used %4d MB of %4d MB committed%n",
                            run, rssByRun.get(run), (heap.totalMemory() - heap.freeMemory()) >> 20,
                            heap.totalMemory() >> 20);
                }
            }
        } finally {
            alpha.release();
        }
        // runs 1-10 warm up allocator arenas and the heap; after that the process must stay flat
        assertThat(rssByRun.get(50) - rssByRun.get(10)).as("RSS growth from run 10 to run 50, MB").isLessThan(150);
    }
}
