package io.studioflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.studioflow.platform.imaging.ImageCodec;
import io.studioflow.platform.imaging.ImageFormat;
import io.studioflow.platform.imaging.ImageInfo;
import io.studioflow.platform.imaging.Mats;
import io.studioflow.platform.storage.BlobStore;
import io.studioflow.testing.HostilePhotos;
import io.studioflow.testing.IntegrationTest;
import io.studioflow.testing.JobFailureWatcher;
import io.studioflow.testing.ProcessMemory;
import io.studioflow.testing.StudioflowApi.Response;
import io.studioflow.testing.SyntheticPhotos;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Rect;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Valid but awkward files through the real REST API and the whole flow (QC, ISNet, colour, compose, routing,
 * publish): each is processed into an upright, correctly coloured rendition, or refused with a reason a
 * photographer can read; no worker fails a job on any of them.
 */
class HostileImagesIntegrationTest extends IntegrationTest {

    private static final int WIDTH = 1600;
    private static final int HEIGHT = 2000;
    private static final String TEXTURE = "coffee.png";

    private static JobFailureWatcher jobFailures;

    @Autowired
    private BlobStore blobs;

    @Autowired
    private ImageCodec codec;

    private final List<String> instanceKeys = new ArrayList<>();
    private String lastImageId;

    @BeforeAll
    static void watchJobFailures() {
        jobFailures = JobFailureWatcher.start();
    }

    @AfterAll
    static void stopWatching() {
        jobFailures.close();
    }

    // ------------------------------------------------------------------ processed correctly

    @Test
    void cmykJpegKeepsItsColours() {
        byte[] cmyk;
        try (SyntheticPhotos.Composite shot = HostilePhotos.markedPackshot(TEXTURE, WIDTH, HEIGHT)) {
            cmyk = HostilePhotos.cmykJpeg(shot.photo());
        }
        assertThat(HostilePhotos.hasAdobeMarker(cmyk)).isTrue();
        assertThat(codec.probe(cmyk)).extracting(ImageInfo::format, ImageInfo::channels)
                .containsExactly(ImageFormat.JPEG, 4);

        Mat rendition = processedRendition("CMYK-001", "vase-cmyk.jpg", cmyk);
        try {
            // inverted inks would turn the red mark cyan and the sweep black
            assertUprightWithRedMark(rendition);
        } finally {
            rendition.release();
        }
    }

    @Test
    void sixteenBitPngIsProcessed() {
        byte[] deep;
        try (SyntheticPhotos.Composite shot = HostilePhotos.markedPackshot(TEXTURE, WIDTH, HEIGHT)) {
            deep = HostilePhotos.sixteenBitPng(shot.photo());
        }
        assertThat(codec.probe(deep).bitsPerSample()).isEqualTo(16);

        Mat rendition = processedRendition("DEEP-001", "vase-16bit.png", deep);
        try {
            assertUprightWithRedMark(rendition);
        } finally {
            rendition.release();
        }
    }

    @Test
    void exifRotatedJpegComesOutUpright() {
        byte[] rotated;
        try (SyntheticPhotos.Composite shot = HostilePhotos.markedPackshot(TEXTURE, WIDTH, HEIGHT)) {
            rotated = HostilePhotos.exifRotatedJpeg(shot.photo());
        }
        ImageInfo info = codec.probe(rotated);
        assertThat(info.orientation()).isEqualTo(6);
        assertThat(info.width()).as("stored on its side").isEqualTo(HEIGHT);
        assertThat(info.displayWidth()).isEqualTo(WIDTH);

        Response accepted = api.postMultipart("photographer", "/api/images", Map.of("sku", "EXIF-001", "brand", "acme"),
                "vase-exif6.jpg", rotated);
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        Mat rendition = renditionOf(accepted.text("id"));
        try {
            assertUprightWithRedMark(rendition);
        } finally {
            rendition.release();
        }
    }

    @Test
    void greyscaleJpegIsProcessedAndStaysGrey() {
        byte[] grey;
        try (SyntheticPhotos.Composite shot = HostilePhotos.markedPackshot(TEXTURE, WIDTH, HEIGHT)) {
            grey = HostilePhotos.greyJpeg(shot.photo());
        }
        assertThat(codec.probe(grey).channels()).isEqualTo(1);

        Mat rendition = processedRendition("GREY-001", "vase-grey.jpg", grey);
        try {
            Rect product = productBox(rendition);
            assertThat(product.height).as("upright vase, %s", product).isGreaterThan(product.width);
            // colour correction must not invent a tint on a photo that has no colour
            Mat planes = new Mat();
            List<Mat> channels = new ArrayList<>();
            Core.split(rendition, channels);
            Core.absdiff(channels.get(0), channels.get(2), planes);
            double blueRedGap = Core.mean(planes).val[0];
            Core.absdiff(channels.get(1), channels.get(2), planes);
            double greenRedGap = Core.mean(planes).val[0];
            channels.forEach(Mat::release);
            planes.release();
            assertThat(blueRedGap).as("mean |B-R|").isLessThan(3);
            assertThat(greenRedGap).as("mean |G-R|").isLessThan(3);
        } finally {
            rendition.release();
        }
    }

    /**
     * A cut-out that already has transparency is composited on white on arrival (ImageCodec#decodeBgr), then
     * goes through the same chain as a studio shot: the renditions are white-background files anyway, a white
     * page is what a transparent cut-out is meant to be seen on, and the model still checks the edge and reports
     * a confidence, so a poor earlier cut-out is caught rather than trusted. Here: what was under the
     * transparent part (black) must not be what the workers see. It ends in review, not published: on pure
     * white the colour step finds no unclipped neutral to balance on and says so.
     */
    @Test
    void pngWithAlphaIsCompositedOnWhiteAndProcessed() {
        byte[] cutout;
        try (SyntheticPhotos.Composite shot = HostilePhotos.markedPackshot(TEXTURE, WIDTH, HEIGHT)) {
            cutout = HostilePhotos.transparentPng(shot);
        }
        assertThat(codec.probe(cutout).hasAlpha()).isTrue();

        Mat rendition = processedRendition("ALPHA-001", "vase-cutout.png", cutout);
        try {
            assertUprightWithRedMark(rendition);
            // what QC measured is the photo the workers saw: vase on white. Had the alpha been dropped they would
            // have seen the black under it, and QC sends that back as underexposed (checked: mean 17, 76% black).
            JsonNode qc = api.get("admin", "/api/images/" + lastImageId).body().path("scores").path("capture-qc");
            assertThat(qc.path("meanLuminance").asDouble()).as(qc.toString()).isGreaterThan(150);
            assertThat(qc.path("crushedShare").asDouble()).as(qc.toString()).isLessThan(0.1);
        } finally {
            rendition.release();
        }
    }

    // ------------------------------------------------------------------ refused clearly

    @Test
    void twentyThousandSquarePngIsRefusedBeforeAnyPixelIsDecoded() {
        byte[] huge = HostilePhotos.hugeWhitePng(20_000, 20_000);
        // a real, complete PNG, small enough for the upload limit: only its pixel count is the problem
        assertThat(huge.length).as("file size").isLessThan(60 * 1024 * 1024);
        assertThat(new ImageCodec(500_000_000L).probe(huge))
                .extracting(ImageInfo::width, ImageInfo::height).containsExactly(20_000, 20_000);
        long limitMp = codec.maxPixels() / 1_000_000;

        long rssBefore = settledResidentMegabytes();
        long heapBefore = usedHeapMegabytes();
        Response refused = api.postMultipart("photographer", "/api/images", Map.of("sku", "HUGE-001"), "wall.png", huge);
        long rssAfter = settledResidentMegabytes();
        long heapAfter = usedHeapMegabytes();
        System.out.printf("20000x20000 PNG (%d KB): RSS %d -> %d MB, heap used %d -> %d MB%n",
                huge.length / 1024, rssBefore, rssAfter, heapBefore, heapAfter);

        assertThat(refused.status()).as(refused.raw()).isEqualTo(413);
        assertThat(refused.text("detail")).isEqualTo(
                "image too large: 20000x20000 px declared, limit is " + limitMp + " MP");
        // decoding it would take 1.2 GB of native memory for the BGR pixels alone
        assertThat(rssAfter - rssBefore).as("RSS growth in MB").isLessThan(200);
        assertThat(api.get("admin", "/api/tasks").status()).isEqualTo(200);
    }

    /**
     * The largest photo the pixel limit lets in (a 4:5 packshot of just under the limit) goes through every
     * worker, including the full-resolution matte refinement, without a failed job, and the memory comes back.
     */
    @Test
    void packshotAtThePixelLimitIsProcessedWithoutFailingAJob() {
        int width = (int) Math.sqrt(codec.maxPixels() * 4.0 / 5);
        int height = width * 5 / 4;
        byte[] atLimit;
        try (SyntheticPhotos.Composite shot = HostilePhotos.markedPackshot(TEXTURE, WIDTH, HEIGHT)) {
            Mat large = new Mat();
            Imgproc.resize(shot.photo(), large, new org.opencv.core.Size(width, height), 0, 0, Imgproc.INTER_CUBIC);
            atLimit = io.studioflow.testing.StudioPhotos.jpeg(large);
            large.release();
        }
        assertThat(codec.probe(atLimit).pixels()).isLessThanOrEqualTo(codec.maxPixels());

        long rssBefore = settledResidentMegabytes();
        long started = System.nanoTime();
        Mat rendition = processedRendition("LIMIT-001", "vase-limit.jpg", atLimit);
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        try {
            assertUprightWithRedMark(rendition);
        } finally {
            rendition.release();
        }
        long rssAfter = settledResidentMegabytes();
        System.out.printf("%dx%d JPEG (%d KB): processed in %d s; RSS %d -> %d MB, peak %d MB%n", width, height,
                atLimit.length / 1024, seconds, rssBefore, rssAfter, peakResidentMegabytes());
        // the peak (VmHWM) is the JVM's whole life, so only the lasting growth is asserted
        assertThat(rssAfter - rssBefore).as("RSS growth in MB").isLessThan(1500);
    }

    @AfterEach
    void noWorkerFailedAJob() {
        assertThat(jobFailures.failures(instanceKeys)).as("failed jobs (retries, then incidents) of this test's images").isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    /** Uploads as a photographer and returns the decoded main rendition once the image is published or in review. */
    private Mat processedRendition(String sku, String fileName, byte[] photo) {
        return renditionOf(api.upload("photographer", sku, fileName, photo));
    }

    private Mat renditionOf(String id) {
        JsonNode image = api.awaitStatus(id, "PUBLISHED", "IN_REVIEW", "RETAKE", "REJECTED");
        lastImageId = id;
        instanceKeys.add(image.path("processInstanceKey").asText());
        List<JsonNode> history = api.history(id);
        assertThat(image.path("status").asText()).as("%s%nhistory: %s", image, history).isIn("PUBLISHED", "IN_REVIEW");
        System.out.printf("%s: %s, reasons %s%n", image.path("sku").asText(), image.path("status").asText(),
                image.path("reasons"));

        String hash;
        if (image.path("status").asText().equals("PUBLISHED")) {
            hash = image.path("renditions").get(0).path("hash").asText();
        } else {
            JsonNode compose = history.reversed().stream().filter(e -> e.path("step").asText().equals("compose"))
                    .findFirst().orElseThrow();
            hash = compose.path("outputHashes").get(0).asText();
        }
        byte[] file = blobs.get(hash);
        keepForLooking(image.path("sku").asText(), file);
        Mat rendition = Imgcodecs.imdecode(new MatOfByte(file), Imgcodecs.IMREAD_COLOR);
        assertThat(rendition.cols()).as("rendition width").isEqualTo(2000);
        assertThat(rendition.rows()).as("rendition height").isEqualTo(2000);
        return rendition;
    }

    /** Renditions land in target/hostile-images, to be opened and looked at. */
    private static void keepForLooking(String sku, byte[] file) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "hostile-images"));
            Files.write(dir.resolve(sku + ".jpg"), file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The vase stands upright (taller than wide) and its red neck mark sits in the top part of the product,
     * near the middle: a photo left on its side would put the mark at the left or right edge.
     */
    private static void assertUprightWithRedMark(Mat rendition) {
        Rect product = productBox(rendition);
        assertThat(product.height).as("upright vase, box %s", product).isGreaterThan(product.width);

        Mat red = redMask(rendition);
        try {
            int redPixels = Core.countNonZero(red);
            assertThat(redPixels).as("red mark pixels").isGreaterThan(5_000);
            org.opencv.imgproc.Moments m = Imgproc.moments(red, true);
            double relativeX = (m.m10 / m.m00 - product.x) / product.width;
            double relativeY = (m.m01 / m.m00 - product.y) / product.height;
            assertThat(relativeY).as("mark height within the product (0 = top)").isLessThan(0.35);
            assertThat(relativeX).as("mark across the product (0 = left)").isBetween(0.25, 0.65);
        } finally {
            red.release();
        }
    }

    /** Bounding box of everything that is not the white background. */
    private static Rect productBox(Mat rendition) {
        Mat grey = new Mat();
        Mat product = new Mat();
        MatOfPoint points = new MatOfPoint();
        try {
            Imgproc.cvtColor(rendition, grey, Imgproc.COLOR_BGR2GRAY);
            Imgproc.threshold(grey, product, 235, 255, Imgproc.THRESH_BINARY_INV);
            Core.findNonZero(product, points);
            assertThat(points.rows()).as("product pixels").isGreaterThan(10_000);
            return Imgproc.boundingRect(points);
        } finally {
            Mats.release(grey, product, points);
        }
    }

    /** Strongly red pixels: R high, G and B well below it. */
    private static Mat redMask(Mat bgr) {
        List<Mat> channels = new ArrayList<>();
        Core.split(bgr, channels);
        Mat mask = new Mat();
        Mat gap = new Mat();
        Mat strong = new Mat();
        try {
            Core.subtract(channels.get(2), channels.get(1), gap);
            Imgproc.threshold(gap, mask, 80, 255, Imgproc.THRESH_BINARY);
            Core.subtract(channels.get(2), channels.get(0), gap);
            Imgproc.threshold(gap, strong, 80, 255, Imgproc.THRESH_BINARY);
            Core.bitwise_and(mask, strong, mask);
            Imgproc.threshold(channels.get(2), strong, 150, 255, Imgproc.THRESH_BINARY);
            Core.bitwise_and(mask, strong, mask);
            return mask;
        } finally {
            channels.forEach(Mat::release);
            Mats.release(gap, strong);
        }
    }

    private static long settledResidentMegabytes() {
        System.gc();
        return ProcessMemory.residentMegabytes();
    }

    /** The JVM's resident high-water mark (VmHWM), MB. */
    private static long peakResidentMegabytes() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024).findFirst().orElse(-1L);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long usedHeapMegabytes() {
        Runtime runtime = Runtime.getRuntime();
        return (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024);
    }
}
