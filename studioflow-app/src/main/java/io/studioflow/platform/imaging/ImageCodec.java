package io.studioflow.platform.imaging;

import io.studioflow.platform.imaging.InvalidImageException.Reason;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvException;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Turns uploaded bytes into pixels and pixels into files, safely: every file is probed first (real
 * format from the magic bytes, declared size from the header, completeness) and refused with a
 * message the uploader can act on before OpenCV allocates anything. OpenCV's own
 * {@code OPENCV_IO_MAX_IMAGE_PIXELS} limit (an environment variable, default 2^30) stays as a second
 * guard.
 */
@Component
public class ImageCodec {

    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

    /**
     * The processing chain works at full resolution and peaks at well over 100 bytes per pixel (a 100 MP photo
     * took the JVM past 14 GB RSS and the kernel killed it). Above this many pixels a decoded photo is shrunk to
     * it: 24 MP is a full-frame camera's 6000x4000, twice the side of the largest preset rendition, so a small
     * product still has pixels to spare. The stored original keeps its full size.
     */
    public static final long DEFAULT_MAX_WORKING_PIXELS = 24_000_000L;

    /**
     * No real image packs more pixels into one byte of file than this (a flat 1-bit PNG reaches a few
     * thousand); a file claiming more is cut off or crafted to make the decoder allocate a huge buffer.
     */
    static final long MAX_PIXELS_PER_BYTE = 20_000;

    /** Alpha compositing works in horizontal bands so its temporaries stay small on huge images. */
    private static final int BAND_ROWS = 512;

    private final long maxPixels;
    private final long maxWorkingPixels;

    public ImageCodec() {
        this(DEFAULT_MAX_PIXELS);
    }

    /** @param maxPixels the largest declared width x height accepted ({@code studioflow.ingest.max-pixels}) */
    public ImageCodec(long maxPixels) {
        this(maxPixels, DEFAULT_MAX_WORKING_PIXELS);
    }

    /**
     * @param maxPixels        the largest declared width x height accepted ({@code studioflow.ingest.max-pixels})
     * @param maxWorkingPixels decoded photos above this are shrunk to it ({@code studioflow.imaging.max-working-pixels})
     */
    @Autowired
    public ImageCodec(@Value("${studioflow.ingest.max-pixels:" + DEFAULT_MAX_PIXELS + "}") long maxPixels,
                      @Value("${studioflow.imaging.max-working-pixels:" + DEFAULT_MAX_WORKING_PIXELS + "}") long maxWorkingPixels) {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be positive, was " + maxPixels);
        }
        if (maxWorkingPixels < 1) {
            throw new IllegalArgumentException("maxWorkingPixels must be positive, was " + maxWorkingPixels);
        }
        OpenCv.load();
        this.maxPixels = maxPixels;
        this.maxWorkingPixels = maxWorkingPixels;
    }

    public long maxWorkingPixels() {
        return maxWorkingPixels;
    }

    public long maxPixels() {
        return maxPixels;
    }

    /**
     * Reads format, declared size, depth, alpha and EXIF orientation without decoding pixels.
     *
     * @throws InvalidImageException if the bytes are empty, not a supported image, declare no pixels or
     *                               more than the limit, or are visibly cut off
     */
    public ImageInfo probe(byte[] bytes) {
        ImageInfo info = ImageHeaderReader.read(bytes, maxPixels);
        if (info.pixels() > bytes.length * MAX_PIXELS_PER_BYTE) {
            throw new InvalidImageException(Reason.TRUNCATED,
                    "truncated " + info.format().displayName() + ": " + info.width() + "x" + info.height()
                            + " px declared in only " + bytes.length + " bytes; the file is cut off or damaged");
        }
        return info;
    }

    /**
     * The checks that need more than the header, for the door where files come in (once per upload, not on
     * every decode): a PNG's image data must not inflate beyond the rows it declares.
     *
     * @throws InvalidImageException if it does
     */
    public void requireNoDecompressionBomb(byte[] bytes, ImageInfo info) {
        if (info.format() == ImageFormat.PNG) {
            PngImageData.requireWithinDeclaredSize(bytes);
        }
    }

    /**
     * Decodes to upright 8-bit BGR, keeping the file's transparency (if any) as a separate alpha Mat.
     * Grey and 16-bit images become 8-bit BGR; the EXIF orientation is applied. A photo of more than
     * {@link #maxWorkingPixels()} comes out shrunk to that (same aspect); {@link DecodedImage#info()} still
     * tells the file's own size.
     *
     * @throws InvalidImageException as {@link #probe}, or if the decoder cannot read the pixels
     */
    public DecodedImage decode(byte[] bytes) {
        ImageInfo info = probe(bytes);
        try (MatScope scope = Mats.scope()) {
            MatOfByte buffer = scope.add(new MatOfByte(bytes));
            // orientation is applied below from our own EXIF reading, the same way for every format
            int flags = info.hasAlpha() ? Imgcodecs.IMREAD_UNCHANGED
                    : reducedColour(info) | Imgcodecs.IMREAD_IGNORE_ORIENTATION;
            Mat raw = scope.add(decodeOrFail(buffer, flags, info));
            if ((long) raw.rows() * raw.cols() > maxPixels) {
                throw new InvalidImageException(Reason.TOO_LARGE, "image too large: " + raw.cols() + "x" + raw.rows()
                        + " px decoded, limit is " + ImageHeaderReader.megapixels(maxPixels) + " MP");
            }
            Mat eightBit = raw.depth() == CvType.CV_8U ? raw : scope.add(toEightBit(raw, info));
            if ((long) eightBit.rows() * eightBit.cols() > maxWorkingPixels) {
                eightBit = scope.add(shrunkToWorkingSize(eightBit));
            }
            Mat bgr;
            Mat alpha = null;
            switch (eightBit.channels()) {
                case 1 -> {
                    bgr = scope.mat();
                    Imgproc.cvtColor(eightBit, bgr, Imgproc.COLOR_GRAY2BGR);
                }
                case 2 -> {
                    // grey + alpha: OpenCV usually expands this to BGRA itself, but not every codec does
                    List<Mat> planes = new ArrayList<>();
                    Core.split(eightBit, planes);
                    planes.forEach(scope::add);
                    bgr = scope.mat();
                    Imgproc.cvtColor(planes.get(0), bgr, Imgproc.COLOR_GRAY2BGR);
                    alpha = planes.get(1);
                }
                case 3 -> bgr = eightBit;
                case 4 -> {
                    bgr = scope.mat();
                    Imgproc.cvtColor(eightBit, bgr, Imgproc.COLOR_BGRA2BGR);
                    alpha = scope.mat();
                    Core.extractChannel(eightBit, alpha, 3);
                }
                default -> throw new InvalidImageException(Reason.CORRUPT, "unsupported " + info.format().displayName()
                        + ": " + eightBit.channels() + " channels");
            }
            int orientation = info.orientation();
            Mat uprightBgr = orientation == 1 ? bgr : scope.add(Orientation.apply(bgr, orientation));
            Mat uprightAlpha = alpha == null || orientation == 1 ? alpha : scope.add(Orientation.apply(alpha, orientation));
            return new DecodedImage(scope.keep(uprightBgr), uprightAlpha == null ? null : scope.keep(uprightAlpha), info);
        }
    }

    /**
     * Decodes to upright 8-bit BGR. A file with transparency is composited onto white, since a
     * transparent cut-out is meant to be shown on a white page; use {@link #decode} to keep the alpha.
     * The caller must release the returned Mat.
     */
    public Mat decodeBgr(byte[] bytes) {
        DecodedImage decoded = decode(bytes);
        if (!decoded.hasAlpha()) {
            return decoded.bgr();
        }
        try {
            return compositeOnWhite(decoded.bgr(), decoded.alpha());
        } finally {
            decoded.close();
        }
    }

    /** Encodes 8-bit BGR (or grey) as baseline JPEG; quality 1..100. */
    public byte[] encodeJpeg(Mat bgr, int quality) {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality must be 1..100, was " + quality);
        }
        requireEncodable(bgr, "JPEG", CvType.CV_8UC3, CvType.CV_8UC1);
        return encode(".jpg", bgr, Imgcodecs.IMWRITE_JPEG_QUALITY, quality);
    }

    /** Encodes BGR, BGRA (with transparency) or grey, 8- or 16-bit, as PNG. */
    public byte[] encodePng(Mat image) {
        requireEncodable(image, "PNG", CvType.CV_8UC3, CvType.CV_8UC4, CvType.CV_8UC1, CvType.CV_16UC3,
                CvType.CV_16UC4, CvType.CV_16UC1);
        // level 3: nearly the size of level 9 at a fraction of the time
        return encode(".png", image, Imgcodecs.IMWRITE_PNG_COMPRESSION, 3);
    }

    // ------------------------------------------------------------------ internals

    /**
     * For a JPEG far above the working size, libjpeg's own 1/2, 1/4 or 1/8 scaling, so the full-size pixels are
     * never allocated; never below the working size (the rest is an area resize). Other formats decode in full.
     */
    private int reducedColour(ImageInfo info) {
        if (info.format() != ImageFormat.JPEG) {
            return Imgcodecs.IMREAD_COLOR;
        }
        int factor = 1;
        while (factor < 8 && info.pixels() / ((long) factor * 2 * factor * 2) >= maxWorkingPixels) {
            factor *= 2;
        }
        return switch (factor) {
            case 2 -> Imgcodecs.IMREAD_REDUCED_COLOR_2;
            case 4 -> Imgcodecs.IMREAD_REDUCED_COLOR_4;
            case 8 -> Imgcodecs.IMREAD_REDUCED_COLOR_8;
            default -> Imgcodecs.IMREAD_COLOR;
        };
    }

    /** An area-averaged copy of at most {@link #maxWorkingPixels} pixels, same aspect; the caller releases it. */
    private Mat shrunkToWorkingSize(Mat image) {
        double scale = Math.sqrt(maxWorkingPixels / ((double) image.rows() * image.cols()));
        Size size = new Size(Math.max(1, Math.floor(image.cols() * scale)), Math.max(1, Math.floor(image.rows() * scale)));
        Mat out = new Mat();
        Imgproc.resize(image, out, size, 0, 0, Imgproc.INTER_AREA);
        return out;
    }

    private static Mat decodeOrFail(MatOfByte buffer, int flags, ImageInfo info) {
        Mat raw;
        try {
            raw = Imgcodecs.imdecode(buffer, flags);
        } catch (CvException e) {
            throw new InvalidImageException(Reason.CORRUPT, "truncated or corrupt " + info.format().displayName()
                    + ": the decoder refused it (" + firstLine(e.getMessage()) + ")", e);
        }
        if (raw == null || raw.empty()) {
            Mats.release(raw);
            throw new InvalidImageException(Reason.CORRUPT, "truncated or corrupt " + info.format().displayName()
                    + ": the pixel data could not be decoded");
        }
        return raw;
    }

    /** 16-bit and float samples to a new 8-bit Mat, which the caller releases. */
    private static Mat toEightBit(Mat raw, ImageInfo info) {
        Mat out = new Mat();
        switch (raw.depth()) {
            case CvType.CV_16U -> raw.convertTo(out, CvType.CV_8U, 255.0 / 65535.0);
            case CvType.CV_32F -> raw.convertTo(out, CvType.CV_8U, 255.0);
            default -> {
                out.release();
                throw new InvalidImageException(Reason.CORRUPT, "unsupported " + info.format().displayName()
                        + ": sample format " + CvType.typeToString(raw.type()));
            }
        }
        return out;
    }

    /** out = bgr * a + 255 * (1 - a), in 8-bit arithmetic, band by band. */
    static Mat compositeOnWhite(Mat bgr, Mat alpha) {
        Mat out = new Mat(bgr.size(), CvType.CV_8UC3);
        try (MatScope scope = Mats.scope()) {
            Mat alpha3 = scope.mat();
            Mat product = scope.mat();
            Mat inverse3 = scope.mat();
            for (int top = 0; top < bgr.rows(); top += BAND_ROWS) {
                int bottom = Math.min(bgr.rows(), top + BAND_ROWS);
                Mat bgrBand = scope.add(bgr.rowRange(top, bottom));
                Mat alphaBand = scope.add(alpha.rowRange(top, bottom));
                Mat outBand = scope.add(out.rowRange(top, bottom));
                Imgproc.cvtColor(alphaBand, alpha3, Imgproc.COLOR_GRAY2BGR);
                Core.multiply(bgrBand, alpha3, product, 1.0 / 255.0);
                Core.bitwise_not(alpha3, inverse3); // 255 - a
                Core.add(product, inverse3, outBand);
            }
        }
        return out;
    }

    private static void requireEncodable(Mat image, String format, int... types) {
        if (image == null || image.empty()) {
            throw new IllegalArgumentException("cannot encode an empty image as " + format);
        }
        for (int type : types) {
            if (image.type() == type) {
                return;
            }
        }
        throw new IllegalArgumentException("cannot encode " + CvType.typeToString(image.type()) + " as " + format);
    }

    private static byte[] encode(String extension, Mat image, int... params) {
        MatOfByte out = new MatOfByte();
        MatOfInt parameters = new MatOfInt(params);
        try {
            if (!Imgcodecs.imencode(extension, image, out, parameters)) {
                throw new IllegalStateException("OpenCV could not encode " + extension);
            }
            return out.toArray();
        } finally {
            Mats.release(out, parameters);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
