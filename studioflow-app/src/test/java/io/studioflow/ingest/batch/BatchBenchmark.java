package io.studioflow.ingest.batch;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.studioflow.audit.AuditIndices;
import io.studioflow.platform.embedded.engine.EmbeddedEngineFootprint;
import io.studioflow.capture.qc.CaptureQc;
import io.studioflow.platform.imaging.ImageCodec;
import io.studioflow.processing.colour.ColourCorrector;
import io.studioflow.processing.colour.ColourResult;
import io.studioflow.processing.compose.ComposeResult;
import io.studioflow.processing.compose.Composer;
import io.studioflow.processing.compose.NothingToComposeException;
import io.studioflow.processing.segmentation.BackgroundRemover;
import io.studioflow.processing.segmentation.Cutout;
import io.studioflow.processing.segmentation.MatteRefiner;
import io.studioflow.publishing.preset.Preset;
import io.studioflow.publishing.preset.PresetCatalog;
import io.studioflow.publishing.preset.PresetValidator;
import io.studioflow.testing.IntegrationTest;
import io.studioflow.testing.ProcessMemory;
import io.studioflow.testing.StudioPhotos;
import io.studioflow.testing.ThreadCpu;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.opencv.core.Mat;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Acceptance 2 of the batch issue: one batch of {@code -Dbatch.images} (1,000 by default) distinct studio packshots
 * sent as one ZIP to {@code POST /api/batches}, end to end through the real flow (engine, workers, model,
 * Elasticsearch, publish folder). Prints images/s; heap (used after a GC) and RSS at the start, the middle and the
 * end; and, side by side in the same run, the same photos' automated image work alone (decode, capture QC, the model,
 * colour, edge clean-up, composition, encoding, the preset's check of the rendition) at the flow's concurrency, without
 * engine, audit or storage: the flow's extra time over that is the share of engine + audit + storage overhead; the
 * model's own share is printed beside it, and each step's mean time in the flow as the audit trail recorded it.
 * Run: {@code mvn -pl studioflow-app test -Dtest=BatchBenchmark -Dbenchmark=true -Dbatch.images=1000
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class BatchBenchmark extends IntegrationTest {

    private static final List<String> TEXTURES = List.of("coffee.png", "astronaut.png", "chelsea.png", "rocket.jpg", "fruits.jpg");
    /** Segmentations the flow runs at once (the worker's maxJobsActive): the image work alone runs as many. */
    private static final int MODEL_CONCURRENCY = 2;
    /** Photos the per-step CPU is measured on, one at a time ({@code -Dbatch.cpuSample}). */
    private static final int CPU_SAMPLE = Integer.getInteger("batch.cpuSample", 20);
    /** The capacity plan's worker instance: this many cores, planned to run at this share of their CPU. */
    private static final int WORKER_CORES = 4;
    private static final double PLANNED_LOAD = 0.7;

    @LocalServerPort
    private int port;
    @Autowired
    private BackgroundRemover remover;
    @Autowired
    private ImageCodec codec;
    @Autowired
    private PresetCatalog presets;
    @Autowired
    private BatchFeeder feeder;
    @Autowired
    private ElasticsearchClient elasticsearch;
    @Autowired
    private AuditIndices auditIndices;
    @Autowired
    private EmbeddedEngineFootprint engineFootprint;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void oneLargeBatchEndToEnd() throws Exception {
        int count = Integer.getInteger("batch.images", 1000);
        int aloneSample = Math.min(count, Integer.getInteger("batch.aloneSample", 60));
        Path zip = Files.createTempFile(dataDir(), "benchmark-", ".zip");
        List<byte[]> sample = writeZip(zip, count, aloneSample);
        // warm-up: model session, JIT, indices (another product: the batch's own photos would be recognised as known)
        api.awaitStatus(api.upload("photographer", "WARMUP", "warmup.jpg", StudioPhotos.packshot("orange.jpg")),
                "PUBLISHED", "IN_REVIEW", "RETAKE");

        Memory start = Memory.now(engineFootprint);
        long searchPid = searchNodePid();
        ThreadCpu appCpuBefore = ThreadCpu.of(ProcessHandle.current().pid());
        ThreadCpu searchCpuBefore = ThreadCpu.of(searchPid);
        long started = System.nanoTime();
        HttpResponse<String> sent = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/batches?name=benchmark&filename=benchmark.zip"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("photographer:photographer".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/zip")
                .POST(HttpRequest.BodyPublishers.ofFile(zip)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        String batchId = json.readTree(sent.body()).path("id").asText();

        Memory middle = null;
        int maxInFlightSeen = 0;
        JsonNode progress;
        while (true) {
            var answer = api.get("manager", "/api/batches/" + batchId);
            assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
            progress = answer.body();
            JsonNode stages = progress.path("stages");
            maxInFlightSeen = Math.max(maxInFlightSeen, stages.path("CAPTURE").asInt() + stages.path("PROCESSING").asInt());
            boolean read = !"RECEIVING".equals(progress.path("batch").path("status").asText());
            if (middle == null && read && progress.path("machineRemaining").asInt() <= count / 2) {
                middle = Memory.now(engineFootprint);
                System.out.printf("[figure] batch middle: %s%n", progress.path("stages"));
            }
            if (read && progress.path("machineRemaining").asInt() == 0) {
                break;
            }
            Thread.sleep(10_000); // each poll costs a bcrypt check and the progress aggregations: rarely
        }
        double wallS = (System.nanoTime() - started) / 1e9;
        Map<String, Double> appCpu = ThreadCpu.of(ProcessHandle.current().pid()).secondsSince(appCpuBefore);
        Map<String, Double> searchCpu = ThreadCpu.of(searchPid).secondsSince(searchCpuBefore);
        Memory end = Memory.now(engineFootprint);
        Files.deleteIfExists(zip);
        int total = progress.path("total").asInt();
        assertThat(total).as(progress.toString()).isEqualTo(count);

        System.out.printf(Locale.ROOT, "[figure] ms per step in the flow (mean over the batch, from the audit trail): %s%n",
                meanStepMs());
        ThreadCpu aloneCpuBefore = ThreadCpu.of(ProcessHandle.current().pid());
        double[] alone = imageWorkAlone(sample);
        double aloneCpuS = total(ThreadCpu.of(ProcessHandle.current().pid()).secondsSince(aloneCpuBefore));
        double flowPerImage = wallS / count;
        double chainPerImage = alone[0] / sample.size();
        double modelPerImage = alone[1] / sample.size();
        System.out.printf(Locale.ROOT, "%n[figure] batch of %d images: %.1f s end to end, %.3f images/s (%.1f images/h); stages %s%n",
                count, wallS, count / wallS, 3600 * count / wallS, progress.path("stages"));
        System.out.printf(Locale.ROOT, "[figure] back-pressure: at most %d images in machine work seen (limit %d)%n",
                maxInFlightSeen, feeder.maxInFlight());
        System.out.printf(Locale.ROOT, "[figure] per image: whole flow %.2f s; the same image work alone %.2f s (of it model "
                        + "inference %.2f s) on %d of the photos, %d at a time, measured after the batch in this run%n",
                flowPerImage, chainPerImage, modelPerImage, sample.size(), MODEL_CONCURRENCY);
        System.out.printf(Locale.ROOT, "[figure] engine + audit + storage overhead: %.1f%% of the flow's time (target <= 10%%); "
                        + "model inference %.1f%%, other image work %.1f%%%n",
                100 * (1 - chainPerImage / flowPerImage), 100 * modelPerImage / flowPerImage,
                100 * (chainPerImage - modelPerImage) / flowPerImage);
        double appCpuS = total(appCpu);
        double searchCpuS = total(searchCpu);
        System.out.printf(Locale.ROOT, "[figure] CPU seconds per image: flow %.2f (this JVM %.2f, Elasticsearch %.2f); the same "
                        + "image work alone %.2f; by CPU the engine + audit + storage share is %.1f%%%n",
                (appCpuS + searchCpuS) / count, appCpuS / count, searchCpuS / count, aloneCpuS / sample.size(),
                100 * (1 - (aloneCpuS / sample.size()) / ((appCpuS + searchCpuS) / count)));
        System.out.printf(Locale.ROOT, "[figure] CPU seconds per image by thread group, this JVM: %s%n", perImage(appCpu, count));
        System.out.printf(Locale.ROOT, "[figure] CPU seconds per image by thread group, Elasticsearch: %s%n", perImage(searchCpu, count));
        printCapacity(cpuPerStep(sample.subList(0, Math.min(sample.size(), CPU_SAMPLE))), appCpuS / count, searchCpuS / count);
        if (middle == null) {
            middle = end; // a batch too small to be seen half done
        }
        System.out.printf("[figure] memory start/middle/end: heap used after GC %d/%d/%d MB, of it the embedded engine's "
                        + "log and state %d/%d/%d MB, the rest %d/%d/%d MB; RSS %d/%d/%d MB%n",
                start.heapMb(), middle.heapMb(), end.heapMb(), start.engineMb(), middle.engineMb(), end.engineMb(),
                start.applicationMb(), middle.applicationMb(), end.applicationMb(), start.rssMb(), middle.rssMb(),
                end.rssMb());
        System.out.printf(Locale.ROOT, "[figure] heap growth per image over the batch: %.1f KB, of it the engine's %.1f KB, "
                        + "the rest %.1f KB%n", (end.heapBytes() - start.heapBytes()) / 1024.0 / count,
                (end.engineBytes() - start.engineBytes()) / 1024.0 / count,
                ((end.heapBytes() - end.engineBytes()) - (start.heapBytes() - start.engineBytes())) / 1024.0 / count);
    }

    /** The Elasticsearch node this test JVM started: its only Java child process. */
    private static long searchNodePid() {
        return ProcessHandle.current().children()
                .filter(child -> child.info().command().map(command -> command.endsWith("/java")).orElse(false))
                .findFirst().orElseThrow(() -> new IllegalStateException("no Elasticsearch child JVM found")).pid();
    }

    private static double total(Map<String, Double> seconds) {
        return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** The groups above 1 % of the total, in CPU seconds per image. */
    private static String perImage(Map<String, Double> seconds, int images) {
        double total = total(seconds);
        StringBuilder groups = new StringBuilder();
        seconds.forEach((group, s) -> {
            if (s >= total / 100) {
                groups.append(groups.isEmpty() ? "" : ", ").append(group).append(' ')
                        .append(String.format(Locale.ROOT, "%.3f", s / images));
            }
        });
        return groups.toString();
    }

    /** Mean duration of each machine step over the batch's images (their SKUs start BENCH-), as recorded. */
    private Map<String, Long> meanStepMs() throws IOException {
        SearchResponse<Void> response = elasticsearch.search(s -> s.index(auditIndices.pattern()).size(0)
                .query(q -> q.prefix(p -> p.field("sku").value("BENCH-")))
                .aggregations("steps", a -> a.terms(t -> t.field("step").size(20))
                        .aggregations("ms", m -> m.avg(v -> v.field("durationMs")))), Void.class);
        Map<String, Long> means = new LinkedHashMap<>();
        for (StringTermsBucket step : response.aggregations().get("steps").sterms().buckets().array()) {
            Double ms = step.aggregations().get("ms").avg().value();
            if (ms != null && !ms.isNaN()) {
                means.put(step.key().stringValue(), Math.round(ms));
            }
        }
        return means;
    }

    /** The ZIP of {@code count} distinct packshots, written as they are made; returns the first {@code keep}. */
    private static List<byte[]> writeZip(Path file, int count, int keep) throws IOException {
        List<byte[]> kept = new ArrayList<>();
        int perTexture = (count + TEXTURES.size() - 1) / TEXTURES.size();
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            int n = 0;
            for (String texture : TEXTURES) {
                int ofTexture = 0;
                for (byte[] shot : StudioPhotos.packshots(texture, Math.min(perTexture, count - n))) {
                    zip.putNextEntry(new ZipEntry(String.format("BENCH-%04d_front.jpg", n)));
                    zip.write(shot);
                    zip.closeEntry();
                    if (ofTexture++ < (keep + TEXTURES.size() - 1) / TEXTURES.size() && kept.size() < keep) {
                        kept.add(shot); // the sample spreads over every product, as the batch does
                    }
                    n++;
                }
            }
        }
        return kept;
    }

    /**
     * CPU seconds per image of each step's image work, one photo at a time so that the process's CPU time between two
     * reads is the step's own (ONNX Runtime's native pool included); by the flow's job types.
     */
    private Map<String, Double> cpuPerStep(List<byte[]> photos) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        CaptureQc qc = new CaptureQc();
        ColourCorrector corrector = new ColourCorrector();
        MatteRefiner refiner = new MatteRefiner();
        Composer composer = new Composer();
        Preset preset = presets.get(PresetCatalog.DEFAULT);
        PresetValidator validator = new PresetValidator(codec);
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (byte[] bytes : photos) {
            long t0 = os.getProcessCpuTime();
            Mat photo = codec.decodeBgr(bytes);
            qc.inspect(photo);
            long t1 = os.getProcessCpuTime();
            try (Cutout cutout = remover.remove(photo)) {
                long t2 = os.getProcessCpuTime();
                Mat foreground;
                try (ColourResult colour = corrector.correct(photo, cutout.alpha())) {
                    foreground = refiner.decontaminate(colour.corrected(), cutout.alpha());
                }
                long t3 = os.getProcessCpuTime();
                try (ComposeResult composed = composer.compose(foreground, cutout.alpha(), preset.composeSpec())) {
                    validator.validate(codec.encodeJpeg(composed.image(), preset.quality()), preset);
                } catch (NothingToComposeException e) {
                    // a retoucher's: no rendition
                } finally {
                    foreground.release();
                }
                long t4 = os.getProcessCpuTime();
                seconds.merge("capture-qc (decode, checks)", (t1 - t0) / 1e9, Double::sum);
                seconds.merge("remove-background (model, matte)", (t2 - t1) / 1e9, Double::sum);
                seconds.merge("correct-colour (colour, edge clean-up)", (t3 - t2) / 1e9, Double::sum);
                seconds.merge("compose (compose, encode, check)", (t4 - t3) / 1e9, Double::sum);
            } finally {
                photo.release();
            }
        }
        seconds.replaceAll((step, total) -> total / photos.size());
        return seconds;
    }

    /**
     * The capacity plan: images per hour per worker core from the flow's measured CPU per image, and the worker
     * instances ({@value #WORKER_CORES} cores each, loaded to {@value #PLANNED_LOAD} of their CPU) and Elasticsearch
     * cores a day's volume needs. Printed as Markdown for the README.
     */
    private static void printCapacity(Map<String, Double> steps, double flowCpu, double searchCpu) {
        double imageWork = steps.values().stream().mapToDouble(Double::doubleValue).sum();
        StringBuilder stepList = new StringBuilder();
        steps.forEach((step, s) -> stepList.append(String.format(Locale.ROOT, "%s %.2f s, ", step, s)));
        System.out.printf(Locale.ROOT, "[figure] CPU seconds per image by step, one image at a time: %stogether %.2f s; "
                + "the whole flow per image %.2f s in this JVM (the steps, job handling, audit, storage and the embedded "
                + "engine) and %.2f s in Elasticsearch%n", stepList, imageWork, flowCpu, searchCpu);
        double perCoreHour = 3600 / flowCpu;
        System.out.printf(Locale.ROOT, "[figure] capacity plan (worker instances of %d cores at %.0f%% load):%n", WORKER_CORES,
                100 * PLANNED_LOAD);
        System.out.println("| images per day | worker cores | worker instances | Elasticsearch cores |");
        System.out.println("|---:|---:|---:|---:|");
        for (long perDay : new long[] {10_000, 100_000, 1_000_000}) {
            double cores = perDay * flowCpu / 86_400 / PLANNED_LOAD;
            double searchCores = perDay * searchCpu / 86_400 / PLANNED_LOAD;
            System.out.printf(Locale.ROOT, "| %,d | %.1f | %d | %.1f |%n", perDay, cores,
                    (long) Math.ceil(cores / WORKER_CORES), searchCores);
        }
        System.out.printf(Locale.ROOT, "[figure] one worker core: %.0f images per hour (%.0f per day at %.0f%% load)%n",
                perCoreHour, perCoreHour * 24 * PLANNED_LOAD, 100 * PLANNED_LOAD);
    }

    /** Seconds of the automated image work alone over the sample, and of model inference within it. */
    private double[] imageWorkAlone(List<byte[]> photos) throws Exception {
        CaptureQc qc = new CaptureQc();
        ColourCorrector corrector = new ColourCorrector();
        MatteRefiner refiner = new MatteRefiner();
        Composer composer = new Composer();
        Preset preset = presets.get(PresetCatalog.DEFAULT);
        var spec = preset.composeSpec();
        PresetValidator validator = new PresetValidator(codec);
        long[] inferenceMs = {0};
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(MODEL_CONCURRENCY)) {
            List<Future<?>> runs = new ArrayList<>();
            for (byte[] bytes : photos) {
                runs.add(pool.submit(() -> {
                    Mat photo = codec.decodeBgr(bytes);
                    Mat foreground = null;
                    try (Cutout cutout = remover.remove(photo)) {
                        qc.inspect(photo);
                        synchronized (inferenceMs) {
                            inferenceMs[0] += cutout.inferenceMs();
                        }
                        try (ColourResult colour = corrector.correct(photo, cutout.alpha())) {
                            foreground = refiner.decontaminate(colour.corrected(), cutout.alpha());
                            try (ComposeResult composed = composer.compose(foreground, cutout.alpha(), spec)) {
                                // the compose step checks what it wrote against the preset: image work too
                                validator.validate(codec.encodeJpeg(composed.image(), preset.quality()), preset);
                            } catch (NothingToComposeException e) {
                                // the flow hands such an image to a retoucher
                            }
                        }
                    } finally {
                        photo.release();
                        if (foreground != null) {
                            foreground.release();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        }
        double wallS = (System.nanoTime() - started) / 1e9;
        // inference ran two at a time: its share of the wall time is its summed time over the concurrency
        return new double[] {wallS, inferenceMs[0] / 1000.0 / MODEL_CONCURRENCY};
    }

    /** Heap used after a GC and, of it, the embedded engine's log and state, in bytes; the resident set in MB. */
    private record Memory(long heapBytes, long engineBytes, long rssMb) {
        static Memory now(EmbeddedEngineFootprint engine) {
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long engineBytes = engine.measure().map(EmbeddedEngineFootprint.Footprint::totalBytes)
                    .orElseThrow(() -> new IllegalStateException("the embedded engine's footprint cannot be read"));
            return new Memory(heap, engineBytes, ProcessMemory.residentMegabytes());
        }

        long heapMb() {
            return heapBytes >> 20;
        }

        long engineMb() {
            return engineBytes >> 20;
        }

        long applicationMb() {
            return (heapBytes - engineBytes) >> 20;
        }
    }
}
