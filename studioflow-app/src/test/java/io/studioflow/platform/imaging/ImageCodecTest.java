package io.studioflow.platform.imaging;

import io.studioflow.testing.HostilePhotos;
import io.studioflow.testing.StudioPhotos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.studioflow.platform.imaging.InvalidImageException.Reason;
import io.studioflow.testing.TestPhotos;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

class ImageCodecTest {

    private final ImageCodec codec = new ImageCodec();

    // ------------------------------------------------------------------ real photos

    @Test
    void probesRealPhotosWithoutDecoding() {
        assertThat(codec.probe(TestPhotos.bytes("apple.jpg")))
                .isEqualTo(new ImageInfo(ImageFormat.JPEG, 512, 512, 8, 3, false, 1));
        assertThat(codec.probe(TestPhotos.bytes("coffee.png")))
                .isEqualTo(new ImageInfo(ImageFormat.PNG, 600, 400, 8, 3, false, 1));
    }

    @Test
    void decodesRealPhotosToEightBitBgr() {
        for (String name : new String[] {"apple.jpg", "coffee.png", "chelsea.png", "rocket.jpg"}) {
            byte[] bytes = TestPhotos.bytes(name);
            ImageInfo info = codec.probe(bytes);
            Mat bgr = codec.decodeBgr(bytes);
            try {
                assertThat(bgr.type()).as(name).isEqualTo(CvType.CV_8UC3);
                assertThat(bgr.cols()).as(name).isEqualTo(info.displayWidth());
                assertThat(bgr.rows()).as(name).isEqualTo(info.displayHeight());
            } finally {
                bgr.release();
            }
        }
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void refusesAnEmptyFile() {
        assertRefused(new byte[0], Reason.EMPTY, "file is empty");
    }

    @Test
    void refusesATextFileNamedLikeAPhoto() {
        byte[] text = "SKU-1234, red mug, 350 ml\nthis is not a photo\n".getBytes(StandardCharsets.UTF_8);
        assertRefused(text, Reason.UNRECOGNISED, "not an image: unrecognised content (expected JPEG, PNG, WebP");
    }

    @Test
    void namesFormatsPeopleUploadByMistake() {
        byte[] heic = new byte[32];
        System.arraycopy("\0\0\0\u0018ftypheic".getBytes(StandardCharsets.ISO_8859_1), 0, heic, 0, 12);
        assertRefused(heic, Reason.UNRECOGNISED, "unsupported format: HEIC/HEIF");
        assertRefused("%PDF-1.7\n...".getBytes(StandardCharsets.ISO_8859_1), Reason.UNRECOGNISED,
                "unsupported format: PDF document");
    }

    @Test
    void refusesTheFirstHalfOfARealJpeg() {
        byte[] photo = TestPhotos.bytes("apple.jpg");
        byte[] half = Arrays.copyOf(photo, photo.length / 2);
        assertRefused(half, Reason.TRUNCATED, "truncated JPEG: the end-of-image marker is missing");
        assertThatThrownBy(() -> codec.decodeBgr(half)).isInstanceOf(InvalidImageException.class);
    }

    @Test
    void refusesTheFirstHalfOfARealPng() {
        byte[] photo = TestPhotos.bytes("coffee.png");
        assertRefused(Arrays.copyOf(photo, photo.length / 2), Reason.TRUNCATED, "truncated PNG");
    }

    @Test
    void refusesAPngDeclaring40000x40000BeforeAllocatingAnything() {
        byte[] png = StudioPhotos.pngHeaderOnly(40_000, 40_000, 8, 2);
        assertRefused(png, Reason.TOO_LARGE, "image too large: 40000x40000 px declared, limit is 100 MP");
        assertThatThrownBy(() -> codec.decode(png)).isInstanceOf(InvalidImageException.class)
                .hasMessage("image too large: 40000x40000 px declared, limit is 100 MP");
    }

    @Test
    void refusesAJpegFrameHeaderDeclaring40000x40000() {
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        jpeg.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8});
        // SOF0: length 17, 8-bit, height 40000, width 40000, three components
        jpeg.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xC0, 0, 17, 8, (byte) 0x9C, 0x40, (byte) 0x9C, 0x40, 3,
                1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1});
        jpeg.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD9});
        assertRefused(jpeg.toByteArray(), Reason.TOO_LARGE, "image too large: 40000x40000 px declared, limit is 100 MP");
    }

    @Test
    void honoursAConfiguredPixelLimit() {
        byte[] photo = TestPhotos.bytes("coffee.png"); // 600x400 = 0.24 MP
        assertThatThrownBy(() -> new ImageCodec(200_000).probe(photo)).isInstanceOf(InvalidImageException.class)
                .hasMessage("image too large: 600x400 px declared, limit is 0.2 MP");
    }

    @Test
    void refusesZeroDimensions() {
        assertRefused(StudioPhotos.pngHeaderOnly(0, 300, 8, 2), Reason.BAD_DIMENSIONS, "not a valid PNG: declared size 0x300 px");
    }

    @Test
    void refusesAPngHeaderWithABrokenChecksum() {
        byte[] png = StudioPhotos.pngHeaderOnly(640, 480, 8, 2);
        png[20] ^= 0x01; // height byte changed after the CRC was computed
        assertRefused(png, Reason.CORRUPT, "corrupt PNG: PNG header is damaged (IHDR checksum mismatch)");
    }

    @Test
    void refusesATinyFileDeclaringAHugeImage() {
        // 81 MP is under the limit, but 57 bytes cannot hold it: refused before OpenCV allocates 243 MB
        byte[] png = StudioPhotos.pngHeaderOnly(9000, 9000, 8, 2);
        assertRefused(png, Reason.TRUNCATED, "truncated PNG: 9000x9000 px declared in only " + png.length + " bytes");
    }

    @Test
    void everyPrefixOfAFileIsRefusedCleanly() {
        Mat image = SyntheticImages.texture(64, 48, 7);
        try {
            byte[][] files = {codec.encodeJpeg(image, 90), codec.encodePng(image),
                    encode(".webp", image, Imgcodecs.IMWRITE_WEBP_QUALITY, 80), encode(".bmp", image),
                    encode(".tif", image)};
            for (byte[] file : files) {
                // TIFF prefixes reach libtiff, which logs every failure: sample them
                int step = file == files[4] ? 41 : 1;
                for (int length = 0; length < file.length; length += step) {
                    byte[] prefix = Arrays.copyOf(file, length);
                    Throwable thrown = catchThrowable(() -> codec.decodeBgr(prefix).release());
                    assertThat(thrown).as("prefix of %d bytes", length).isInstanceOf(InvalidImageException.class);
                }
                codec.decodeBgr(file).release();
            }
        } finally {
            image.release();
        }
    }

    @Test
    void damagedBytesAreDecodedOrRefusedCleanlyNeverCrash() {
        Mat image = SyntheticImages.texture(64, 48, 11);
        Random random = new Random(42);
        try {
            for (byte[] file : new byte[][] {codec.encodeJpeg(image, 90), codec.encodePng(image),
                    encode(".webp", image, Imgcodecs.IMWRITE_WEBP_QUALITY, 80)}) {
                for (int trial = 0; trial < 150; trial++) {
                    byte[] damaged = file.clone();
                    for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                        damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
                    }
                    Throwable thrown = catchThrowable(() -> codec.decodeBgr(damaged).release());
                    if (thrown != null) {
                        assertThat(thrown).isInstanceOf(InvalidImageException.class);
                    }
                }
            }
        } finally {
            image.release();
        }
    }

    // ------------------------------------------------------------------ depth, grey, alpha, orientation

    @Test
    void sixteenBitPngBecomesEightBit() {
        Mat deep = new Mat(20, 30, CvType.CV_16UC3, new Scalar(1000 * 257 / 10, 128 * 257, 255 * 257));
        try {
            byte[] png = codec.encodePng(deep);
            assertThat(codec.probe(png).bitsPerSample()).isEqualTo(16);
            Mat bgr = codec.decodeBgr(png);
            assertThat(bgr.type()).isEqualTo(CvType.CV_8UC3);
            assertThat(pixel(bgr, 5, 5)).containsExactly(100, 128, 255);
            bgr.release();
        } finally {
            deep.release();
        }
    }

    @Test
    void greyPngBecomesBgr() {
        Mat grey = new Mat(20, 30, CvType.CV_8UC1, Scalar.all(77));
        try {
            byte[] png = codec.encodePng(grey);
            assertThat(codec.probe(png).channels()).isEqualTo(1);
            Mat bgr = codec.decodeBgr(png);
            assertThat(bgr.type()).isEqualTo(CvType.CV_8UC3);
            assertThat(pixel(bgr, 3, 3)).containsExactly(77, 77, 77);
            bgr.release();
        } finally {
            grey.release();
        }
    }

    @Test
    void pngWithAlphaKeepsItsAlphaOrIsCompositedOnWhite() {
        // left half transparent red, right half opaque blue, one half-transparent black pixel
        Mat bgra = new Mat(20, 40, CvType.CV_8UC4, new Scalar(0, 0, 255, 0));
        bgra.submat(new Rect(20, 0, 20, 20)).setTo(new Scalar(255, 0, 0, 255));
        bgra.put(10, 30, new byte[] {0, 0, 0, (byte) 128});
        try {
            byte[] png = codec.encodePng(bgra);
            ImageInfo info = codec.probe(png);
            assertThat(info.hasAlpha()).isTrue();
            assertThat(info.channels()).isEqualTo(4);

            try (DecodedImage decoded = codec.decode(png)) {
                assertThat(decoded.hasAlpha()).isTrue();
                assertThat(pixel(decoded.alpha(), 5, 5)).containsExactly(0);
                assertThat(pixel(decoded.alpha(), 5, 25)).containsExactly(255);
                assertThat(pixel(decoded.bgr(), 5, 25)).containsExactly(255, 0, 0);
            }
            Mat onWhite = codec.decodeBgr(png);
            assertThat(pixel(onWhite, 5, 5)).containsExactly(255, 255, 255);
            assertThat(pixel(onWhite, 5, 25)).containsExactly(255, 0, 0);
            assertThat(pixel(onWhite, 10, 30)).containsExactly(127, 127, 127);
            onWhite.release();
        } finally {
            bgra.release();
        }
    }

    @Test
    void exifOrientationIsApplied() {
        // stored landscape 400x200 with a red mark top-left; EXIF 6 = display turned 90 degrees clockwise
        Mat stored = new Mat(200, 400, CvType.CV_8UC3, new Scalar(200, 200, 200));
        stored.submat(new Rect(0, 0, 40, 40)).setTo(new Scalar(0, 0, 255));
        try {
            byte[] jpeg = HostilePhotos.withExifOrientation(codec.encodeJpeg(stored, 95), 6);
            ImageInfo info = codec.probe(jpeg);
            assertThat(info.orientation()).isEqualTo(6);
            assertThat(info.displayWidth()).isEqualTo(200);
            assertThat(info.displayHeight()).isEqualTo(400);

            Mat upright = codec.decodeBgr(jpeg);
            assertThat(upright.cols()).isEqualTo(200);
            assertThat(upright.rows()).isEqualTo(400);
            assertThat(pixel(upright, 10, 190)[2]).isGreaterThan(200); // the mark is now top-right
            assertThat(pixel(upright, 10, 10)[2]).isLessThan(220).isGreaterThan(180);
            upright.release();
        } finally {
            stored.release();
        }
    }

    @Test
    void photosAboveTheWorkingSizeAreShrunkKeepingTheirAspectAndAlpha() {
        ImageCodec small = new ImageCodec(ImageCodec.DEFAULT_MAX_PIXELS, 20_000);
        Mat photo = SyntheticImages.texture(400, 200, 5); // 80000 px: a JPEG decoded at 1/2 by libjpeg
        Mat bgra = new Mat(200, 400, CvType.CV_8UC4, new Scalar(10, 20, 30, 0));
        bgra.submat(new Rect(200, 0, 200, 200)).setTo(new Scalar(10, 20, 30, 255));
        try {
            for (byte[] file : new byte[][] {codec.encodeJpeg(photo, 90), codec.encodePng(photo)}) {
                assertThat(small.probe(file).pixels()).isEqualTo(80_000);
                Mat decoded = small.decodeBgr(file);
                assertThat(decoded.cols()).isEqualTo(200);
                assertThat(decoded.rows()).isEqualTo(100);
                decoded.release();
            }
            try (DecodedImage cutout = small.decode(codec.encodePng(bgra))) {
                assertThat(cutout.bgr().size()).isEqualTo(cutout.alpha().size());
                assertThat(cutout.alpha().cols()).isEqualTo(200);
                assertThat(pixel(cutout.alpha(), 50, 20)).containsExactly(0);
                assertThat(pixel(cutout.alpha(), 50, 180)).containsExactly(255);
            }
            Mat untouched = codec.decodeBgr(codec.encodePng(photo));
            assertThat(untouched.size()).isEqualTo(photo.size());
            untouched.release();
        } finally {
            Mats.release(photo, bgra);
        }
    }

    // ------------------------------------------------------------------ other formats and encoding

    @Test
    void probesAndDecodesWebpTiffAndBmp() {
        Mat image = SyntheticImages.texture(120, 80, 3);
        Mat bgra = new Mat(80, 120, CvType.CV_8UC4, new Scalar(10, 20, 30, 128));
        try {
            byte[] lossy = encode(".webp", image, Imgcodecs.IMWRITE_WEBP_QUALITY, 90);
            byte[] lossless = encode(".webp", image, Imgcodecs.IMWRITE_WEBP_QUALITY, 101);
            byte[] withAlpha = encode(".webp", bgra, Imgcodecs.IMWRITE_WEBP_QUALITY, 90);
            assertThat(new String(lossy, 12, 4, StandardCharsets.ISO_8859_1)).isEqualTo("VP8 ");
            assertThat(new String(lossless, 12, 4, StandardCharsets.ISO_8859_1)).isEqualTo("VP8L");
            assertThat(codec.probe(lossy)).isEqualTo(new ImageInfo(ImageFormat.WEBP, 120, 80, 8, 3, false, 1));
            assertThat(codec.probe(lossless)).isEqualTo(new ImageInfo(ImageFormat.WEBP, 120, 80, 8, 3, false, 1));
            assertThat(codec.probe(withAlpha).hasAlpha()).isTrue();
            try (DecodedImage decoded = codec.decode(withAlpha)) {
                assertThat(decoded.alpha()).isNotNull();
                assertThat(pixel(decoded.alpha(), 40, 60)[0]).isBetween(120, 136);
            }

            byte[] tiff = encode(".tif", image);
            byte[] bmp = encode(".bmp", image);
            assertThat(codec.probe(tiff)).extracting(ImageInfo::format, ImageInfo::width, ImageInfo::height)
                    .containsExactly(ImageFormat.TIFF, 120, 80);
            assertThat(codec.probe(bmp)).extracting(ImageInfo::format, ImageInfo::width, ImageInfo::height)
                    .containsExactly(ImageFormat.BMP, 120, 80);
            for (byte[] file : new byte[][] {lossy, lossless, tiff, bmp}) {
                Mat decoded = codec.decodeBgr(file);
                assertThat(decoded.size()).isEqualTo(image.size());
                decoded.release();
            }
        } finally {
            Mats.release(image, bgra);
        }
    }

    @Test
    void encodesJpegAndPngThatDecodeBack() {
        Mat photo = codec.decodeBgr(TestPhotos.bytes("coffee.png"));
        try {
            Mat fromPng = codec.decodeBgr(codec.encodePng(photo));
            assertThat(SyntheticImages.meanAbsDiff(photo, fromPng, null)).isZero();
            Mat fromJpeg = codec.decodeBgr(codec.encodeJpeg(photo, 95));
            assertThat(SyntheticImages.meanAbsDiff(photo, fromJpeg, null)).isLessThan(3);
            assertThat(codec.encodeJpeg(photo, 40).length).isLessThan(codec.encodeJpeg(photo, 95).length);
            Mats.release(fromPng, fromJpeg);
        } finally {
            photo.release();
        }
        assertThatThrownBy(() -> codec.encodeJpeg(new Mat(), 90)).isInstanceOf(IllegalArgumentException.class);
        Mat tiny = new Mat(4, 4, CvType.CV_8UC3);
        assertThatThrownBy(() -> codec.encodeJpeg(tiny, 0)).hasMessageContaining("quality must be 1..100");
        tiny.release();
    }

    // ------------------------------------------------------------------ helpers

    private void assertRefused(byte[] bytes, Reason reason, String messageStart) {
        assertThatThrownBy(() -> codec.probe(bytes)).isInstanceOfSatisfying(InvalidImageException.class,
                e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).startsWith(messageStart);
                });
    }

    private static byte[] encode(String extension, Mat image, int... params) {
        MatOfByte out = new MatOfByte();
        MatOfInt parameters = new MatOfInt(params);
        try {
            assertThat(Imgcodecs.imencode(extension, image, out, parameters)).isTrue();
            return out.toArray();
        } finally {
            Mats.release(out, parameters);
        }
    }

    static int[] pixel(Mat mat, int row, int col) {
        byte[] value = new byte[mat.channels()];
        mat.get(row, col, value);
        int[] unsigned = new int[value.length];
        for (int i = 0; i < value.length; i++) {
            unsigned[i] = value[i] & 0xFF;
        }
        return unsigned;
    }
}
