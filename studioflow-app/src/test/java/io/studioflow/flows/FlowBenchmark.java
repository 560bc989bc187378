package io.studioflow.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.studioflow.platform.imaging.ImageCodec;
import io.studioflow.processing.segmentation.BackgroundRemover;
import io.studioflow.processing.segmentation.Cutout;
import io.studioflow.testing.IntegrationTest;
import io.studioflow.testing.ProcessMemory;
import io.studioflow.testing.StudioPhotos;
import io.studioflow.testing.TestPhotos;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.opencv.core.Mat;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * N photos through the whole flow (REST upload, engine, workers, model, Elasticsearch, publish folder).
 * Prints ms per step, images/s and the share of wall time outside model inference. Run with
 * {@code mvn verify -Pbenchmark -Dbenchmark.images=20}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class FlowBenchmark extends IntegrationTest {

    private static final List<String> TEXTURES = List.of("coffee.png", "astronaut.png", "chelsea.png", "rocket.jpg", "fruits.jpg");

    /** The flow runs this many segmentations at once (the worker's maxJobsActive). */
    private static final int MODEL_CONCURRENCY = 2;

    @Autowired
    private BackgroundRemover remover;

    @Autowired
    private ImageCodec codec;

    @Test
    void photosThroughTheWholeFlow() {
        int count = Integer.getInteger("benchmark.images", 20);
        List<byte[]> photos = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // every third a real (small, busy) photo, the rest studio packshots
            photos.add(i % 3 == 2 ? TestPhotos.bytes(TEXTURES.get(i % TEXTURES.size())) : StudioPhotos.packshot(TEXTURES.get(i % TEXTURES.size())));
        }
        // warm-up: model session, JIT, indices
        api.awaitStatus(api.upload("photographer", "WARMUP", "warmup.jpg", photos.getFirst()), "PUBLISHED", "IN_REVIEW", "RETAKE");

        long rssBefore = ProcessMemory.residentMegabytes();
        long started = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(api.upload("photographer", "BENCH-" + i, "bench.jpg", photos.get(i)));
        }
        Map<String, Integer> outcomes = new TreeMap<>();
        for (String id : ids) {
            outcomes.merge(api.awaitStatus(id, "PUBLISHED", "IN_REVIEW", "RETAKE", "REJECTED").path("status").asText(), 1, Integer::sum);
        }
        double wallMs = (System.nanoTime() - started) / 1e6;

        Map<String, List<Long>> stepMs = new TreeMap<>();
        long inferenceMs = 0;
        for (String id : ids) {
            for (JsonNode event : api.get("auditor", "/api/images/" + id + "/history").body()) {
                if (event.hasNonNull("durationMs")) {
                    stepMs.computeIfAbsent(event.path("step").asText(), s -> new ArrayList<>()).add(event.path("durationMs").asLong());
                }
                if (event.path("step").asText().equals("segmentation")) {
                    inferenceMs += event.path("scores").path("inferenceMs").asLong();
                }
            }
        }
        System.out.printf("%n[benchmark] %d images in %.1f s: %.3f images/s, outcomes %s%n", count, wallMs / 1000, count / (wallMs / 1000), outcomes);
        long stepTotal = 0;
        for (Map.Entry<String, List<Long>> step : stepMs.entrySet()) {
            List<Long> ms = step.getValue().stream().sorted().toList();
            long sum = ms.stream().mapToLong(Long::longValue).sum();
            stepTotal += sum;
            System.out.printf("[benchmark] %-13s n=%3d  mean %7.1f ms  p50 %6d ms  p95 %6d ms%n", step.getKey(), ms.size(),
                    (double) sum / ms.size(), ms.get(ms.size() / 2), ms.get(Math.min(ms.size() - 1, (int) Math.ceil(ms.size() * 0.95) - 1)));
        }
        double modelOnlyMs = modelOnlyMs(photos);
        System.out.printf("[benchmark] the model alone on the same %d photos, %d at a time as in the flow: %.1f s (%.3f images/s)%n",
                count, MODEL_CONCURRENCY, modelOnlyMs / 1000, count / (modelOnlyMs / 1000));
        System.out.printf("[benchmark] share of wall time outside model inference: %.1f%% (the whole flow takes %.2fx the model alone); "
                        + "inside the workers %.1f%% of worker time is not inference%n",
                100 * (1 - modelOnlyMs / wallMs), wallMs / modelOnlyMs, 100.0 * (stepTotal - inferenceMs) / stepTotal);
        System.out.printf("[benchmark] RSS %d MB before, %d MB after%n", rssBefore, ProcessMemory.residentMegabytes());
        assertThat(outcomes.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(count);
    }

    /** Wall time of decoding and segmenting the photos with the model alone, as many at a time as the flow does. */
    private double modelOnlyMs(List<byte[]> photos) {
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(MODEL_CONCURRENCY)) {
            List<Future<?>> runs = photos.stream().map(bytes -> pool.submit(() -> {
                Mat photo = codec.decodeBgr(bytes);
                try (Cutout cutout = remover.remove(photo)) {
                    return cutout.confidence();
                } finally {
                    photo.release();
                }
            })).<Future<?>>map(f -> f).toList();
            for (Future<?> run : runs) {
                run.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return (System.nanoTime() - started) / 1e6;
    }
}
