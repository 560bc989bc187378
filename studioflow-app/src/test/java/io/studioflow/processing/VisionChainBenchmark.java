package io.studioflow.processing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.studioflow.capture.qc.CaptureQc;
import io.studioflow.platform.imaging.RecentImages;
import io.studioflow.platform.imaging.ImageCodec;
import io.studioflow.platform.imaging.Mats;
import io.studioflow.platform.imaging.OpenCv;
import io.studioflow.platform.storage.BlobStore;
import io.studioflow.platform.storage.Hashes;
import io.studioflow.processing.StepImages.StoredRendition;
import io.studioflow.processing.colour.ColourCorrector;
import io.studioflow.processing.colour.ColourResult;
import io.studioflow.processing.compose.ComposeResult;
import io.studioflow.processing.compose.Composer;
import io.studioflow.processing.compose.NothingToComposeException;
import io.studioflow.processing.quality.BackgroundKind;
import io.studioflow.processing.quality.GroundTruthScenes;
import io.studioflow.processing.quality.MatteMetrics;
import io.studioflow.processing.quality.Scene;
import io.studioflow.processing.quality.SceneCategory;
import io.studioflow.processing.segmentation.BackgroundRemover;
import io.studioflow.processing.segmentation.Cutout;
import io.studioflow.processing.segmentation.IsnetSegmentationModel;
import io.studioflow.processing.segmentation.Matte;
import io.studioflow.processing.segmentation.MatteRefiner;
import io.studioflow.processing.segmentation.TestModels;
import io.studioflow.publishing.preset.Preset;
import io.studioflow.publishing.preset.PresetCatalog;
import io.studioflow.publishing.preset.PresetValidator;
import io.studioflow.testing.ProcessMemory;
import io.studioflow.testing.TestPhotos;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Rect;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * The automated vision chain per image, step by step, against model inference alone, and against the
 * {@code @imgly/background-removal-node} peer on the same images in the same run (issue 3, acceptance 3). The chain is
 * the plain services the workers call, in the workers' order: decode, capture QC, segmentation (inference, full
 * resolution refinement, confidence), colour, despill, compose, encode in the preset's format, validate. Per image
 * the model alone, our chain and the peer run one right after the other, so a loaded machine (2 cores shared with
 * other builds) weighs on all three alike and their ratios stay meaningful.
 *
 * <p>Run (CI skips it):
 * {@code mvn -pl studioflow-app -Dbenchmark=true -Dtest=VisionChainBenchmark -Dsurefire.failIfNoSpecifiedTests=false test}
 * with {@code -Dbenchmark.images=N} (default 40), {@code -Dbenchmark.rssImages=N} (default 500) and
 * {@code -Dbenchmark.peer=false} to leave the peer out. The peer needs {@code node} and {@code npm}; it is installed
 * into {@code target/imgly-peer} from {@code scripts/imgly-peer} on first use. Results go to
 * {@code target/vision-benchmark/report.txt} as well as to the console.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VisionChainBenchmark {

    static final Path OUT = Path.of("target", "vision-benchmark");
    static final Path PEER_DIR = Path.of("target", "imgly-peer");
    /** The acceptance: the whole chain may cost at most this much more than inference alone. */
    static final double MAX_CHAIN_OVER_INFERENCE = 1.25;
    /** The acceptance: resident memory stays within this share of its level after the warm-up. */
    static final double MAX_RSS_DEVIATION = 0.10;
    static final int RSS_SAMPLE_EVERY = 50;
    /** The RSS run reuses this many of the images, so the benchmark's own data cannot grow. */
    static final int RSS_POOL = 4;
    static final List<String> TEXTURES = List.of("coffee.png", "chelsea.png", "astronaut.png", "orange.jpg",
            "apple.jpg");
    static final String BUSY_BACKGROUND = "fruits.jpg";

    private final int imageCount = Math.max(2, Integer.getInteger("benchmark.images", 40));
    private final int rssImages = Math.max(RSS_SAMPLE_EVERY, Integer.getInteger("benchmark.rssImages", 500));
    private final boolean withPeer = !"false".equalsIgnoreCase(System.getProperty("benchmark.peer"));

    private final ImageCodec codec = new ImageCodec();
    private final CaptureQc captureQc = new CaptureQc();
    private final MatteRefiner refiner = new MatteRefiner();
    private final ColourCorrector corrector = new ColourCorrector();
    private final Composer composer = new Composer();
    private final PresetCatalog presets = new PresetCatalog();
    private final PresetValidator validator = new PresetValidator(codec);
    /** The workers' own rendition encoding, into a store that only hashes (the hash is part of the step's cost). */
    private final StepImages stepImages = new StepImages(new HashingOnlyStore(), codec, new RecentImages(0));
    private IsnetSegmentationModel model;
    private BackgroundRemover remover;
    private List<BenchImage> images;
    private final StringBuilder report = new StringBuilder();

    /** One benchmark image: the photo as the PNG both sides read, and the exact alpha of its object. */
    record BenchImage(String name, SceneCategory category, BackgroundKind background, int width, int height,
                      byte[] photoPng, byte[] truthPng, Preset preset) {
    }

    /** Milliseconds of each step of one image's chain. */
    record ChainTiming(long decode, long qc, long segmentation, long inference, long colour, long despill,
                       long compose, long encode, long validate, long total, boolean valid) {
    }

    @BeforeAll
    void loadModelAndMakeImages() throws IOException {
        OpenCv.load();
        Files.createDirectories(OUT);
        model = new IsnetSegmentationModel(TestModels.modelDir(), IsnetSegmentationModel.DEFAULT_THREADS);
        remover = new BackgroundRemover(model, refiner);
        long start = System.nanoTime();
        images = makeImages(imageCount);
        line("vision chain benchmark: %d images (%s), made in %d s; JVM %s, %d cores; load average %s",
                images.size(), sizesOf(images), (System.nanoTime() - start) / 1_000_000_000,
                Runtime.version(), Runtime.getRuntime().availableProcessors(), loadAverage());
    }

    @AfterAll
    void closeModel() throws IOException {
        if (model != null) {
            model.close();
        }
        Files.writeString(OUT.resolve("report.txt"), report, StandardCharsets.UTF_8);
    }

    @Test
    @Order(1)
    void chainCostAgainstInferenceAndPeer() throws Exception {
        // the peer runs beside us as a long-lived process, so that each image goes through the model alone, our
        // chain and the peer one right after the other: the machine's load (2 cores, other builds) hits all three alike
        List<Path> files = writePngs(images);
        try (PeerProcess peer = withPeer ? PeerProcess.start(installPeer()) : null) {
            // warm-up: both image sizes, the JIT, ORT's arena and OpenCV's thread pool; the peer loads its model
            for (int round = 0; round < 2; round++) {
                for (BenchImage image : images.subList(0, 2)) {
                    inferenceAlone(image);
                    runChain(image, null);
                }
            }
            long peerWarmup = peer == null ? 0 : peer.cutOut(files.get(0)).warmupMs();

            line("%nphase 1, one image at a time, interleaved: model alone, our chain%s (load average before: %s)",
                    peer == null ? "" : ", the peer", loadAverage());
            List<ChainTiming> chain = new ArrayList<>();
            List<long[]> alone = new ArrayList<>();
            List<double[]> ours = new ArrayList<>();
            List<double[]> raw = new ArrayList<>();
            List<double[]> peerScores = new ArrayList<>();
            List<Double> peerMs = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) {
                BenchImage image = images.get(i);
                long[] parts = new long[3];
                raw.add(inferenceAlone(image, parts));
                alone.add(parts);
                double[] scores = new double[2];
                chain.add(runChain(image, scores));
                ours.add(scores);
                if (peer != null) {
                    PeerResult result = peer.cutOut(files.get(i));
                    peerMs.add(result.ms());
                    peerScores.add(scorePeerAlpha(result.alpha(), image));
                }
            }
            printStepTable(chain, alone);
            long chainTotal = chain.stream().mapToLong(ChainTiming::total).sum();
            long inferenceTotal = alone.stream().mapToLong(parts -> parts[0]).sum();
            double singleThreaded = images.size() / (chainTotal / 1000.0);
            double ratio = (double) chainTotal / inferenceTotal;
            double ratioInChain = (double) chainTotal / chain.stream().mapToLong(ChainTiming::inference).sum();
            long[] perImageRatio = new long[chain.size()];
            for (int i = 0; i < chain.size(); i++) {
                perImageRatio[i] = Math.round(100.0 * chain.get(i).total() / Math.max(1, alone.get(i)[0]));
            }
            long invalid = chain.stream().filter(timing -> !timing.valid()).count();
            line("full chain / inference alone: %.2fx over all images (acceptance <= %.2fx: %s), per image p50 %.2fx; "
                            + "full chain / the same chain's own inference: %.2fx", ratio, MAX_CHAIN_OVER_INFERENCE,
                    ratio <= MAX_CHAIN_OVER_INFERENCE ? "met" : "NOT met", percentile(perImageRatio, 50) / 100.0,
                    ratioInChain);
            line("renditions failing their preset's validator: %d of %d", invalid, chain.size());
            line("load average after phase 1: %s", loadAverage());

            // two images in flight, as the workers run (maxJobsActive = 2), sharing the one model session
            line("%nphase 2, two images in flight (load average before: %s)", loadAverage());
            double twoInFlight = twoInFlight(images);
            line("images/s, full chain: %.3f one at a time (%.0f ms per image), %.3f with two in flight",
                    singleThreaded, 1000 / singleThreaded, twoInFlight);
            line("images/s, inference alone, one at a time: %.3f", images.size() / (inferenceTotal / 1000.0));
            line("load average after phase 2: %s", loadAverage());

            if (peer == null) {
                line("%npeer left out (-Dbenchmark.peer=false)");
                return;
            }
            double peerPerSecond = peerMs.size() / (peerMs.stream().mapToDouble(Double::doubleValue).sum() / 1000.0);
            line("%nside by side, the same %d PNG files, interleaved in phase 1", images.size());
            line("%-36s %10s %14s %10s %10s", "", "images/s", "ms per image", "mean IoU", "alpha MAE");
            line("%-36s %10.3f %14.0f %10.4f %10.4f", "ours, full chain, one at a time", singleThreaded,
                    1000 / singleThreaded, mean(ours, 0), mean(ours, 1));
            line("%-36s %10.3f %14.0f %10s %10s", "ours, full chain, two in flight*", twoInFlight, 1000 / twoInFlight,
                    "", "");
            line("%-36s %10.3f %14.0f %10.4f %10.4f", "ours, model alone (raw, unrefined)",
                    images.size() / (inferenceTotal / 1000.0), (double) inferenceTotal / images.size(), mean(raw, 0),
                    mean(raw, 1));
            line("%-36s %10.3f %14.0f %10.4f %10.4f", "peer removeBackground, one at a time", peerPerSecond,
                    1000 / peerPerSecond, mean(peerScores, 0), mean(peerScores, 1));
            line("(* phase 2, not interleaved with the peer.) peer warm-up call %d ms (not counted); ours one at a "
                    + "time: %.2fx the peer's throughput", peerWarmup, singleThreaded / peerPerSecond);
            assertThat(singleThreaded)
                    .as("our full chain's images/s, one image at a time, against the peer's on the same images")
                    .isGreaterThanOrEqualTo(peerPerSecond);
        }
    }

    @Test
    @Order(2)
    void residentMemoryStaysFlat() throws Exception {
        List<BenchImage> pool = images.subList(0, Math.min(RSS_POOL, images.size()));
        line("%nRSS over %d images (a pool of %d reused, two in flight; load average before: %s)", rssImages,
                pool.size(), loadAverage());
        ExecutorService workers = Executors.newFixedThreadPool(2);
        try {
            runBatch(workers, pool, 2 * RSS_SAMPLE_EVERY / 5); // warm-up: allocators and arenas reach their level
            long baseline = ProcessMemory.residentMegabytes();
            line("RSS after the warm-up: %d MB; heap committed %d MB", baseline,
                    ProcessMemory.committedHeapMegabytes());
            List<Long> series = new ArrayList<>(List.of(baseline));
            double worst = 0;
            long started = System.nanoTime();
            for (int done = 0; done < rssImages; done += RSS_SAMPLE_EVERY) {
                runBatch(workers, pool, Math.min(RSS_SAMPLE_EVERY, rssImages - done));
                long rss = ProcessMemory.residentMegabytes();
                series.add(rss);
                long heap = ProcessMemory.committedHeapMegabytes();
                line("RSS after %d images: %d MB (%+.1f%%); heap committed %d MB, the rest (native) %d MB",
                        done + RSS_SAMPLE_EVERY, rss, 100.0 * (rss - baseline) / baseline, heap, rss - heap);
                worst = Math.max(worst, Math.abs(rss - baseline) / (double) baseline);
            }
            line("RSS MB after warm-up, then every %d images: %s", RSS_SAMPLE_EVERY, series);
            line("max deviation from the post-warm-up level: %.1f%% (allowed %.0f%%); %.3f images/s; "
                            + "load average after: %s", 100 * worst, 100 * MAX_RSS_DEVIATION,
                    rssImages / ((System.nanoTime() - started) / 1e9), loadAverage());
            assertThat(worst).as("RSS deviation from %d MB over %d images: %s", baseline, rssImages, series)
                    .isLessThanOrEqualTo(MAX_RSS_DEVIATION);
        } finally {
            workers.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ the chain

    /**
     * One image through every automated step, as the workers call the services. {@code scores}, when given, receives
     * the refined alpha's IoU and MAE against the truth (computed after the clock stops).
     */
    ChainTiming runChain(BenchImage image, double[] scores) {
        Preset preset = image.preset();
        long t0 = System.nanoTime();
        Mat bgr = codec.decodeBgr(image.photoPng());
        long t1 = System.nanoTime();
        Mat foreground = null;
        try {
            captureQc.inspect(bgr);
            long t2 = System.nanoTime();
            try (Cutout cutout = remover.remove(bgr)) {
                long t3 = System.nanoTime();
                long t4;
                long t5;
                long t6 = 0;
                long t7 = 0;
                long t8;
                boolean valid;
                try (ColourResult colour = corrector.correct(bgr, cutout.alpha())) {
                    t4 = System.nanoTime();
                    foreground = refiner.decontaminate(colour.corrected(), cutout.alpha());
                    t5 = System.nanoTime();
                    try (ComposeResult composed = composer.compose(foreground, cutout.alpha(), preset.composeSpec())) {
                        t6 = System.nanoTime();
                        StoredRendition rendition = stepImages.storeRendition(composed.image(), preset);
                        t7 = System.nanoTime();
                        valid = validator.validate(rendition.bytes(), preset).isEmpty();
                    } catch (NothingToComposeException e) {
                        valid = false; // the flow hands such an image to a retoucher
                    }
                    t8 = System.nanoTime();
                }
                if (t6 == 0) {
                    t6 = t8;
                    t7 = t8;
                }
                if (scores != null) {
                    Mat truth = decodeGrey(image.truthPng());
                    scores[0] = MatteMetrics.iou(cutout.alpha(), truth);
                    scores[1] = MatteMetrics.alphaMae(cutout.alpha(), truth);
                    truth.release();
                }
                return new ChainTiming(ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), cutout.inferenceMs(), ms(t4 - t3),
                        ms(t5 - t4), ms(t6 - t5), ms(t7 - t6), ms(t8 - t7), ms(t8 - t0), valid);
            }
        } finally {
            Mats.release(bgr, foreground);
        }
    }

    private double[] inferenceAlone(BenchImage image) {
        return inferenceAlone(image, new long[3]);
    }

    /**
     * The model alone on the decoded photo: {@code parts} receives the ms of {@code segment}, and for the breakdown of
     * the segmentation step the ms of the confidence and of the full-resolution refinement on that matte. Returns the
     * raw (unrefined) matte's IoU and MAE against the truth.
     */
    private double[] inferenceAlone(BenchImage image, long[] parts) {
        Mat bgr = codec.decodeBgr(image.photoPng());
        try {
            long t0 = System.nanoTime();
            try (Matte matte = model.segment(bgr)) {
                long t1 = System.nanoTime();
                remover.assess(bgr, matte);
                long t2 = System.nanoTime();
                Mat refined = refiner.refine(bgr, matte.alpha());
                long t3 = System.nanoTime();
                refined.release();
                parts[0] = ms(t1 - t0);
                parts[1] = ms(t2 - t1);
                parts[2] = ms(t3 - t2);
                Mat truth = decodeGrey(image.truthPng());
                try {
                    return new double[] {MatteMetrics.iou(matte.alpha(), truth),
                            MatteMetrics.alphaMae(matte.alpha(), truth)};
                } finally {
                    truth.release();
                }
            }
        } finally {
            bgr.release();
        }
    }

    private double twoInFlight(List<BenchImage> batch) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(2);
        try {
            long start = System.nanoTime();
            runBatch(workers, batch, batch.size());
            return batch.size() / ((System.nanoTime() - start) / 1e9);
        } finally {
            workers.shutdownNow();
        }
    }

    /** {@code count} chains on two threads, cycling through {@code pool}; waits for all. */
    private void runBatch(ExecutorService workers, List<BenchImage> pool, int count) throws Exception {
        List<Future<ChainTiming>> running = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            BenchImage image = pool.get(i % pool.size());
            running.add(workers.submit(() -> runChain(image, null)));
        }
        for (Future<ChainTiming> future : running) {
            future.get();
        }
    }

    private void printStepTable(List<ChainTiming> chain, List<long[]> alone) {
        Map<String, long[]> rows = new LinkedHashMap<>();
        rows.put("decode (ImageCodec)", column(chain, ChainTiming::decode));
        rows.put("capture QC", column(chain, ChainTiming::qc));
        rows.put("segmentation (BackgroundRemover)", column(chain, ChainTiming::segmentation));
        rows.put("  of which model inference", column(chain, ChainTiming::inference));
        rows.put("  of which refine + confidence", column(chain, t -> t.segmentation() - t.inference()));
        rows.put("colour", column(chain, ChainTiming::colour));
        rows.put("despill (decontaminate)", column(chain, ChainTiming::despill));
        rows.put("compose", column(chain, ChainTiming::compose));
        rows.put("encode (storeRendition)", column(chain, ChainTiming::encode));
        rows.put("validate (PresetValidator)", column(chain, ChainTiming::validate));
        rows.put("FULL CHAIN", column(chain, ChainTiming::total));
        rows.put("inference alone (segment)", alone.stream().mapToLong(parts -> parts[0]).toArray());
        rows.put("  confidence alone (assess)", alone.stream().mapToLong(parts -> parts[1]).toArray());
        rows.put("  refinement alone (refine)", alone.stream().mapToLong(parts -> parts[2]).toArray());
        line("%-34s %8s %8s %8s", "step, ms per image", "mean", "p50", "p95");
        rows.forEach((name, values) -> line("%-34s %8.0f %8d %8d", name, Arrays.stream(values).average().orElse(0),
                percentile(values, 50), percentile(values, 95)));
    }

    private static long[] column(List<ChainTiming> chain, ToLongFunction<ChainTiming> step) {
        return chain.stream().mapToLong(step).toArray();
    }

    // ------------------------------------------------------------------ the peer

    /** One image as the peer cut it out: its ms, its alpha file, and (first image only) the model-loading call. */
    record PeerResult(double ms, Path alpha, long warmupMs) {
    }

    /** {@code run.mjs --serve}: one image path in on stdin, one JSON line out when it is done. */
    static final class PeerProcess implements AutoCloseable {

        private final Process process;
        private final java.io.BufferedWriter requests;
        private final java.io.BufferedReader answers;
        private final ObjectMapper json = new ObjectMapper();

        private PeerProcess(Process process) {
            this.process = process;
            this.requests = process.outputWriter(StandardCharsets.UTF_8);
            this.answers = process.inputReader(StandardCharsets.UTF_8);
        }

        static PeerProcess start(Path dir) throws IOException {
            return new PeerProcess(new ProcessBuilder("node", "run.mjs", "--serve")
                    .directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start());
        }

        PeerResult cutOut(Path image) throws IOException {
            requests.write(image.toString());
            requests.newLine();
            requests.flush();
            String answer = answers.readLine();
            if (answer == null) {
                throw new IllegalStateException("the imgly peer stopped (its errors are above) while cutting out "
                        + image);
            }
            JsonNode result = json.readTree(answer);
            if (result.has("error")) {
                throw new IllegalStateException("the imgly peer could not cut out " + image + ": "
                        + result.get("error").asText());
            }
            return new PeerResult(result.get("ms").asDouble(), Path.of(result.get("alpha").asText()),
                    result.path("warmupMs").asLong(0));
        }

        @Override
        public void close() throws Exception {
            requests.close(); // the peer ends when its input does
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        }
    }

    /** The photos as the PNG files both sides read. */
    private static List<Path> writePngs(List<BenchImage> batch) throws IOException {
        Path dir = OUT.resolve("images").toAbsolutePath();
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (BenchImage image : batch) {
            Path file = dir.resolve(image.name() + ".png");
            Files.write(file, image.photoPng());
            Files.deleteIfExists(dir.resolve(image.name() + ".png.peer-alpha.png"));
            files.add(file);
        }
        return files;
    }

    /** IoU and MAE of the peer's alpha against the truth. */
    private double[] scorePeerAlpha(Path alphaFile, BenchImage image) {
        Mat alpha = Imgcodecs.imread(alphaFile.toString(), Imgcodecs.IMREAD_GRAYSCALE);
        Mat truth = decodeGrey(image.truthPng());
        try {
            if (alpha.empty()) {
                throw new IllegalStateException("the peer wrote no readable alpha for " + image.name());
            }
            if (!alpha.size().equals(truth.size())) {
                line("peer alpha of %s is %s, the photo %s: scaled to compare", image.name(), alpha.size(),
                        truth.size());
                Imgproc.resize(alpha, alpha, truth.size(), 0, 0, Imgproc.INTER_LINEAR);
            }
            return new double[] {MatteMetrics.iou(alpha, truth), MatteMetrics.alphaMae(alpha, truth)};
        } finally {
            Mats.release(alpha, truth);
        }
    }

    /**
     * Installs {@code scripts/imgly-peer} into {@code target/imgly-peer} unless it is there: npm, with the sharp
     * override of its package.json, no lockfile, and onnxruntime-node's CUDA download skipped.
     */
    private Path installPeer() throws IOException, InterruptedException {
        Path source = repositoryRoot().resolve("scripts/imgly-peer");
        Path target = PEER_DIR.toAbsolutePath();
        Files.createDirectories(target);
        for (String file : List.of("package.json", "run.mjs")) {
            Files.copy(source.resolve(file), target.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path installed = target.resolve("node_modules/@imgly/background-removal-node/package.json");
        if (Files.isRegularFile(installed) && Files.isDirectory(target.resolve("node_modules/sharp"))) {
            return target;
        }
        line("installing the peer into %s (npm install)", target);
        ProcessBuilder npm = new ProcessBuilder("npm", "install", "--no-package-lock", "--no-audit", "--no-fund")
                .directory(target.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT);
        // onnxruntime-node's install script would otherwise look for a CUDA build to download
        npm.environment().put("npm_config_onnxruntime_node_install_cuda", "skip");
        Process process;
        try {
            process = npm.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run npm to install the imgly peer (is Node.js with npm installed? "
                    + "or run with -Dbenchmark.peer=false)", e);
        }
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("npm install in " + target + " did not finish within 10 minutes");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("npm install in " + target + " failed with exit code "
                    + process.exitValue() + ": its output is above");
        }
        return target;
    }

    private static Path repositoryRoot() {
        String root = System.getProperty("studioflow.root");
        if (root != null && !root.isBlank()) {
            return Path.of(root);
        }
        return Path.of("").toAbsolutePath().getParent();
    }

    // ------------------------------------------------------------------ images

    /**
     * {@code count} ground-truth scenes over every category and background, alternately 2048x2048 and 3000x2000 (a
     * 3000 px scene without its top and bottom sixth, alpha cropped alike), each with the next preset of the catalogue.
     */
    private List<BenchImage> makeImages(int count) {
        GroundTruthScenes scenes = new GroundTruthScenes();
        List<Mat> textures = TEXTURES.stream().map(name -> codec.decodeBgr(TestPhotos.bytes(name))).toList();
        Mat busy = codec.decodeBgr(TestPhotos.bytes(BUSY_BACKGROUND));
        List<Preset> catalogue = presets.all();
        SceneCategory[] categories = SceneCategory.values();
        BackgroundKind[] backgrounds = BackgroundKind.values();
        List<BenchImage> made = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                SceneCategory category = categories[i % categories.length];
                BackgroundKind background = backgrounds[(i / categories.length + i) % backgrounds.length];
                boolean landscape = i % 2 == 1;
                try (Scene scene = scenes.build(category, background, textures.get(i % textures.size()), busy, i + 1,
                        landscape ? 3000 : 2048)) {
                    Rect frame = landscape ? new Rect(0, 500, 3000, 2000) : new Rect(0, 0, 2048, 2048);
                    Mat photo = scene.image().submat(frame);
                    Mat alpha = scene.alpha().submat(frame);
                    try {
                        made.add(new BenchImage("%02d-%s-%s".formatted(i, category, scene.background())
                                .toLowerCase(Locale.ROOT), category, scene.background(), frame.width, frame.height,
                                codec.encodePng(photo), codec.encodePng(alpha), catalogue.get(i % catalogue.size())));
                    } finally {
                        Mats.release(photo, alpha);
                    }
                }
            }
        } finally {
            textures.forEach(Mat::release);
            busy.release();
        }
        return made;
    }

    private static String sizesOf(List<BenchImage> batch) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        batch.forEach(image -> sizes.merge(image.width() + "x" + image.height(), 1, Integer::sum));
        return sizes.toString();
    }

    private static Mat decodeGrey(byte[] png) {
        MatOfByte buffer = new MatOfByte(png);
        try {
            return Imgcodecs.imdecode(buffer, Imgcodecs.IMREAD_GRAYSCALE);
        } finally {
            buffer.release();
        }
    }

    // ------------------------------------------------------------------ numbers

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    static long percentile(long[] values, int percent) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double mean(List<double[]> rows, int column) {
        return rows.stream().mapToDouble(row -> row[column]).average().orElse(Double.NaN);
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private void line(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        System.out.println(text);
        report.append(text).append('\n');
    }

    /** Keeps nothing: the benchmark must not grow with the images it stores. */
    private static final class HashingOnlyStore implements BlobStore {

        @Override
        public String put(byte[] bytes) {
            return Hashes.sha256(bytes);
        }

        @Override
        public byte[] get(String sha256) {
            throw new UnsupportedOperationException("the benchmark's store keeps nothing");
        }

        @Override
        public boolean exists(String sha256) {
            return false;
        }
    }
}
