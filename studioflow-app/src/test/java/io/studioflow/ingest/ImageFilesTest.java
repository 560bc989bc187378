package io.studioflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.studioflow.platform.imaging.ImageCodec;
import io.studioflow.platform.imaging.ImageFormat;
import io.studioflow.platform.imaging.OpenCv;
import io.studioflow.platform.storage.FileSystemBlobStore;
import io.studioflow.platform.storage.Hashes;
import io.studioflow.testing.StudioPhotos;
import io.studioflow.testing.SyntheticPhotos;
import io.studioflow.testing.TestPhotos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

class ImageFilesTest {

    /** A 1800 px packshot of a textured vase with its true alpha, shared by the tests (read-only). */
    private static SyntheticPhotos.Composite shot;
    private static byte[] shotJpeg;
    private static byte[] maskPng;

    @TempDir
    Path dir;

    private FileSystemBlobStore blobs;
    private ImageCodec codec;
    private ImageFiles files;

    @BeforeAll
    static void photos() {
        OpenCv.load();
        Mat texture = Imgcodecs.imread(TestPhotos.photo("coffee.png").toString(), Imgcodecs.IMREAD_COLOR);
        try {
            shot = SyntheticPhotos.packshot(texture, new Scalar(236, 238, 240), 1800, 1800);
        } finally {
            texture.release();
        }
        shotJpeg = StudioPhotos.jpeg(shot.photo());
        maskPng = new ImageCodec().encodePng(shot.alpha());
    }

    @AfterAll
    static void release() {
        if (shot != null) {
            shot.close();
        }
    }

    @BeforeEach
    void services() {
        blobs = new FileSystemBlobStore(dir.resolve("blobs"));
        codec = new ImageCodec();
        files = new ImageFiles(blobs, codec, dir.resolve("index"));
    }

    @Test
    void bytesAreTheStoredFileAndOriginalFallsBackToTheOriginalHash() {
        String original = blobs.put(shotJpeg);
        String mask = blobs.put(maskPng);
        Asset asset = asset(original, Map.of("mask", mask));

        assertThat(files.bytes(asset, ImageFiles.ORIGINAL)).contains(shotJpeg);
        assertThat(files.bytes(asset, ImageFiles.MASK)).contains(maskPng);
        assertThat(files.hashOf(asset, ImageFiles.ORIGINAL)).contains(original);
        assertThat(files.bytes(asset, ImageFiles.RENDITION)).isEmpty();
        assertThat(files.bytes(null, ImageFiles.ORIGINAL)).isEmpty();
    }

    @Test
    void thumbnailIsASmallJpegMadeOnceThenReadFromTheStore() throws Exception {
        String original = blobs.put(shotJpeg);
        Asset asset = asset(original, Map.of("original", original));

        byte[] first = files.thumbnail(asset, ImageFiles.ORIGINAL, 256).orElseThrow();
        assertThat(codec.probe(first).format()).isEqualTo(ImageFormat.JPEG);
        Mat decoded = codec.decodeBgr(first);
        try {
            assertThat(Math.max(decoded.cols(), decoded.rows())).isEqualTo(256);
            assertThat(decoded.cols()).isEqualTo(decoded.rows());
        } finally {
            decoded.release();
        }
        assertThat(blobs.exists(Hashes.sha256(first))).isTrue();

        // the source is gone: a second answer can only come from the stored thumbnail, not a new decode
        Files.delete(blobPath(original));
        assertThat(files.bytes(asset, ImageFiles.ORIGINAL)).isEmpty();
        assertThat(files.thumbnail(asset, ImageFiles.ORIGINAL, 256)).contains(first);
        // another size is another derivation, which needs the (missing) source
        assertThat(files.thumbnail(asset, ImageFiles.ORIGINAL, 128)).isEmpty();
    }

    @Test
    void thumbnailOfASmallImageKeepsItsSizeAndALostCacheEntryIsMadeAgain() throws Exception {
        Mat small = new Mat(90, 120, CvType.CV_8UC3, new Scalar(30, 140, 220));
        byte[] png;
        try {
            png = codec.encodePng(small);
        } finally {
            small.release();
        }
        Asset asset = asset(blobs.put(png), Map.of());

        byte[] first = files.thumbnail(asset, ImageFiles.ORIGINAL, 512).orElseThrow();
        assertThat(codec.probe(first).width()).isEqualTo(120);
        assertThat(codec.probe(first).height()).isEqualTo(90);

        Files.delete(blobPath(Hashes.sha256(first)));
        assertThat(files.thumbnail(asset, ImageFiles.ORIGINAL, 512)).contains(first);
        assertThatThrownBy(() -> files.thumbnail(asset, ImageFiles.ORIGINAL, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }

    @Test
    void cutoutIsThePhotoWithTheMaskAsAlpha() {
        String original = blobs.put(shotJpeg);
        Asset asset = asset(original, Map.of("original", original, "mask", blobs.put(maskPng)));

        byte[] png = files.cutoutPng(asset).orElseThrow();
        Mat rgba = decode(png, Imgcodecs.IMREAD_UNCHANGED);
        Mat photo = decode(png, Imgcodecs.IMREAD_COLOR);
        Mat alpha = new Mat();
        Mat expectedPhoto = codec.decodeBgr(shotJpeg);
        try {
            assertThat(rgba.type()).isEqualTo(CvType.CV_8UC4);
            assertThat(rgba.size()).isEqualTo(shot.alpha().size());
            Core.extractChannel(rgba, alpha, 3);
            assertThat(Core.norm(alpha, shot.alpha(), Core.NORM_INF)).isZero();
            assertThat(Core.norm(photo, expectedPhoto, Core.NORM_INF)).isZero();
        } finally {
            rgba.release();
            alpha.release();
            photo.release();
            expectedPhoto.release();
        }
    }

    @Test
    void cutoutPrefersTheCorrectedPhotoAndIsDownscaledTo2000Pixels() {
        // a 2400x1600 photo, corrected to pure blue, with a mask covering its left half
        Mat original = new Mat(1600, 2400, CvType.CV_8UC3, new Scalar(200, 200, 200));
        Mat corrected = new Mat(1600, 2400, CvType.CV_8UC3, new Scalar(255, 0, 0));
        Mat mask = Mat.zeros(1600, 2400, CvType.CV_8UC1);
        mask.colRange(0, 1200).setTo(new Scalar(255));
        Asset asset;
        try {
            asset = asset(blobs.put(codec.encodeJpeg(original, 90)), Map.of("corrected", blobs.put(codec.encodePng(corrected)),
                    "mask", blobs.put(codec.encodePng(mask))));
        } finally {
            original.release();
            corrected.release();
            mask.release();
        }

        Mat rgba = decode(files.cutoutPng(asset).orElseThrow(), Imgcodecs.IMREAD_UNCHANGED);
        try {
            assertThat(rgba.cols()).isEqualTo(2000);
            assertThat(rgba.rows()).isEqualTo(1333);
            assertThat(rgba.get(600, 300)).containsExactly(255, 0, 0, 255);
            assertThat(rgba.get(600, 1700)[3]).isZero();
        } finally {
            rgba.release();
        }
    }

    @Test
    void missingOrBadFilesAreEmptyAnswersNotExceptions() {
        String garbage = blobs.put("not an image at all".getBytes());
        String missing = "0".repeat(64);
        Asset noMaskYet = asset(blobs.put(shotJpeg), Map.of());
        Asset badOriginal = asset(garbage, Map.of("mask", blobs.put(maskPng), "rendition", missing, "corrected", "../../etc/passwd"));

        assertThat(files.cutoutPng(noMaskYet)).isEmpty();
        assertThat(files.thumbnail(badOriginal, ImageFiles.ORIGINAL, 200)).isEmpty();
        assertThat(files.cutoutPng(badOriginal)).isEmpty();
        assertThat(files.bytes(badOriginal, ImageFiles.RENDITION)).isEmpty();
        assertThat(files.thumbnail(badOriginal, ImageFiles.RENDITION, 200)).isEmpty();
        // not a content address: never turned into a path
        assertThat(files.bytes(badOriginal, ImageFiles.CORRECTED)).isEmpty();
        assertThat(files.hashOf(badOriginal, ImageFiles.CORRECTED)).isEqualTo(Optional.empty());
    }

    private static Mat decode(byte[] encoded, int flags) {
        MatOfByte buffer = new MatOfByte(encoded);
        try {
            return Imgcodecs.imdecode(buffer, flags);
        } finally {
            buffer.release();
        }
    }

    private Path blobPath(String hash) {
        return dir.resolve("blobs").resolve(hash.substring(0, 2)).resolve(hash.substring(2, 4)).resolve(hash);
    }

    private static Asset asset(String originalHash, Map<String, String> artifacts) {
        Instant now = Instant.now();
        return new Asset("img-1", "SKU-1", "brand", "default", AssetStatus.IN_REVIEW, originalHash, "shot.jpg",
                "image/jpeg", 1800, 1800, 1L, "photographer", now, now, List.of(), Map.of(), new HashMap<>(artifacts),
                List.of(), null, null);
    }
}
