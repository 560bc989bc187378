package io.studioflow.processing.segmentation;

import io.studioflow.testing.ProcessMemory;

import io.studioflow.testing.SyntheticPhotos;

import io.studioflow.platform.imaging.OpenCv;
import io.studioflow.testing.SyntheticPhotos.Composite;
import io.studioflow.testing.TestPhotos;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Prints warm milliseconds per image for background removal; asserts nothing. Run with
 * {@code mvn -pl studioflow-app test -Dtest=SegmentationBenchmark -Dbenchmark=true}.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class SegmentationBenchmark {

    private static final int RUNS = 5;

    @Test
    void millisecondsPerImage() throws Exception {
        OpenCv.load();
        long loadStart = System.nanoTime();
        try (IsnetSegmentationModel model = new IsnetSegmentationModel(TestModels.modelDir(), 2)) {
            System.out.printf("benchmark: model load (read, sha256, session) %d ms%n", millis(loadStart));
            BackgroundRemover remover = new BackgroundRemover(model, new MatteRefiner());
            Mat coffee = Imgcodecs.imread(TestPhotos.photo("coffee.png").toString());
            try (Composite large = IsnetSegmentationModelTest.packshot("orange.jpg", 255, 3000, 2000)) {
                measure(remover, "coffee.png 600x400", coffee);
                measure(remover, "packshot 3000x2000", large.photo());
                concurrent(remover, coffee);
            } finally {
                coffee.release();
            }
        }
        System.out.printf("benchmark: RSS at the end %d MB%n", ProcessMemory.residentMegabytes());
    }

    private static void measure(BackgroundRemover remover, String label, Mat photo) {
        remover.remove(photo).close();
        long[] wall = new long[RUNS];
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        for (int i = 0; i < RUNS; i++) {
            long runStart = System.nanoTime();
            remover.remove(photo).close();
            wall[i] = millis(runStart);
        }
        long total = millis(start);
        double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9 / RUNS;
        Arrays.sort(wall);
        System.out.printf("benchmark: %-20s warm, 2 intra-op threads: median %d ms, min %d ms, mean %d ms, "
                + "%.1f CPU-s per image (%d runs)%n", label, wall[RUNS / 2], wall[0], total / RUNS, cpuSeconds, RUNS);
    }

    /** Two images at once on the shared session (two workers), 2 intra-op threads each, on this machine. */
    private static void concurrent(BackgroundRemover remover, Mat photo) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            long start = System.nanoTime();
            Future<?>[] futures = new Future<?>[2 * RUNS];
            for (int i = 0; i < futures.length; i++) {
                futures[i] = pool.submit(() -> remover.remove(photo).close());
            }
            for (Future<?> future : futures) {
                future.get();
            }
            System.out.printf("benchmark: 2 concurrent callers, %d images: %d ms per image (throughput)%n",
                    futures.length, millis(start) / futures.length);
        } finally {
            pool.shutdown();
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
