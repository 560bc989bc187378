package io.studioflow.platform.imaging;

import io.studioflow.capture.qc.CaptureQc;
import io.studioflow.processing.colour.ColourCorrector;
import io.studioflow.processing.colour.ColourResult;
import io.studioflow.processing.compose.ComposeResult;
import io.studioflow.processing.compose.ComposeSpec;
import io.studioflow.processing.compose.Composer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.opencv.core.Core;
import org.opencv.core.Mat;

/**
 * Prints warm milliseconds per imaging step on a 3000x2000 photo; asserts nothing. Run with
 * {@code mvn -pl studioflow-app test -Dtest=ImagingPipelineBenchmark -Dbenchmark=true}.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class ImagingPipelineBenchmark {

    private static final int WARM_UP = 3;
    private static final int RUNS = 10;

    /** A full-frame 3000x2000 JPEG with detail and grain everywhere, like a camera file (decodes slower). */
    private static byte[] detailedJpeg(ImageCodec codec) {
        Mat coffee = codec.decodeBgr(io.studioflow.testing.TestPhotos.bytes("coffee.png"));
        Mat large = new Mat();
        org.opencv.imgproc.Imgproc.resize(coffee, large, new org.opencv.core.Size(3000, 2000), 0, 0,
                org.opencv.imgproc.Imgproc.INTER_CUBIC);
        Mat grain = new Mat(large.size(), large.type());
        Core.randu(grain, 0, 24);
        Core.add(large, grain, large);
        byte[] jpeg = codec.encodeJpeg(large, 92);
        Mats.release(coffee, large, grain);
        return jpeg;
    }

    @Test
    void millisecondsPerStep() {
        ImageCodec codec = new ImageCodec();
        CaptureQc qc = new CaptureQc();
        ColourCorrector corrector = new ColourCorrector();
        Composer composer = new Composer();
        Mat[] shot = ImagingPipelineLeakTest.studioShot();
        byte[] jpeg = codec.encodeJpeg(shot[0], 92);
        Mat alpha = shot[1];
        shot[0].release();
        byte[] detailed = detailedJpeg(codec);

        Map<String, double[]> millis = new LinkedHashMap<>();
        for (String step : new String[] {"probe", "decode JPEG", "decode detailed", "capture QC", "colour correction", "compose 2000x2000",
                "encode JPEG q90", "encode PNG"}) {
            millis.put(step, new double[RUNS]);
        }
        for (int run = -WARM_UP; run < RUNS; run++) {
            long t0 = System.nanoTime();
            codec.probe(jpeg);
            long t1 = System.nanoTime();
            Mat photo = codec.decodeBgr(jpeg);
            long t2 = System.nanoTime();
            codec.decodeBgr(detailed).release();
            long t2b = System.nanoTime();
            qc.inspect(photo);
            long t3 = System.nanoTime();
            try (ColourResult colour = corrector.correct(photo, alpha)) {
                long t4 = System.nanoTime();
                try (ComposeResult composed = composer.compose(colour.corrected(), alpha, ComposeSpec.defaults())) {
                    long t5 = System.nanoTime();
                    codec.encodeJpeg(composed.image(), 90);
                    long t6 = System.nanoTime();
                    codec.encodePng(composed.image());
                    long t7 = System.nanoTime();
                    if (run >= 0) {
                        long[] marks = {t0, t1, t2, t2b, t3, t4, t5, t6, t7};
                        int i = 0;
                        for (double[] times : millis.values()) {
                            times[run] = (marks[i + 1] - marks[i]) / 1e6;
                            i++;
                        }
                    }
                }
            } finally {
                photo.release();
            }
        }
        alpha.release();
        System.out.printf("benchmark: imaging steps on a 3000x2000 photo (studio shot JPEG %d KB; detailed full-frame "
                        + "JPEG %d KB), %d warm runs, %d OpenCV threads, %d cores%n", jpeg.length >> 10,
                detailed.length >> 10, RUNS, Core.getNumThreads(), Runtime.getRuntime().availableProcessors());
        double total = 0;
        for (Map.Entry<String, double[]> step : millis.entrySet()) {
            double[] sorted = step.getValue().clone();
            Arrays.sort(sorted);
            double median = sorted[RUNS / 2];
            total += median;
            System.out.printf("benchmark: %-18s median %7.1f ms  (min %7.1f, max %7.1f)%n", step.getKey(), median,
                    sorted[0], sorted[RUNS - 1]);
        }
        System.out.printf("benchmark: %-18s        %7.1f ms%n", "sum of medians", total);
    }
}
