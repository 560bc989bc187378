package io.studioflow.testing;

import io.studioflow.platform.imaging.OpenCv;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Photos that are valid files but awkward ones, as real cameras, scanners and design tools write them: CMYK
 * JPEG, 16-bit PNG, EXIF-rotated JPEG, grey, PNG with transparency, and a huge PNG that still compresses small;
 * and crafted files whose headers lie (declared sizes, chunks, animation) for the hostile-input corpus.
 * The packshots carry a red mark on the product's neck, so a test can tell upright from turned and real colours
 * from inverted ones in whatever comes out.
 */
public final class HostilePhotos {

    /** The studio sweep behind the packshots (BGR). */
    public static final Scalar SWEEP = new Scalar(236, 238, 240);
    /** The mark on the vase's neck (BGR): pure enough to survive colour correction and JPEG. */
    public static final Scalar MARK = new Scalar(30, 30, 220);

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    static {
        OpenCv.load();
    }

    private HostilePhotos() {
    }

    /**
     * A vase packshot (texture of a real photo, shaded, anti-aliased edge) with a red band across its neck, in
     * the upper part of the product. The caller closes the composite.
     */
    public static SyntheticPhotos.Composite markedPackshot(String texturePhoto, int width, int height) {
        Mat texture = Imgcodecs.imread(TestPhotos.photo(texturePhoto).toString(), Imgcodecs.IMREAD_COLOR);
        try {
            SyntheticPhotos.Composite shot = SyntheticPhotos.packshot(texture, SWEEP, width, height);
            // the neck spans x 0.42..0.58 and y 0.18..0.40 of the frame (SyntheticPhotos' vase)
            Imgproc.rectangle(shot.photo(), new Rect((int) (width * 0.44), (int) (height * 0.21), (int) (width * 0.12),
                    (int) (height * 0.08)), MARK, -1);
            return shot;
        } finally {
            texture.release();
        }
    }

    /**
     * The image as a print shop or Photoshop writes CMYK: a 4-component JPEG with an Adobe APP14 marker and
     * inverted ink values (255 = no ink), written by the JDK's own JPEG encoder.
     */
    public static byte[] cmykJpeg(Mat bgr) {
        int width = bgr.cols();
        int height = bgr.rows();
        byte[] pixels = new byte[width * height * 3];
        bgr.get(0, 0, pixels);
        byte[] inks = new byte[width * height * 4];
        for (int i = 0, o = 0; i < pixels.length; i += 3, o += 4) {
            int b = pixels[i] & 0xFF;
            int g = pixels[i + 1] & 0xFF;
            int r = pixels[i + 2] & 0xFF;
            int max = Math.max(r, Math.max(g, b));
            // K = 1 - max; C, M, Y relative to what K leaves; stored inverted as Adobe does
            inks[o] = (byte) (max == 0 ? 255 : 255 * r / max);
            inks[o + 1] = (byte) (max == 0 ? 255 : 255 * g / max);
            inks[o + 2] = (byte) (max == 0 ? 255 : 255 * b / max);
            inks[o + 3] = (byte) max;
        }
        WritableRaster raster = Raster.createInterleavedRaster(new java.awt.image.DataBufferByte(inks, inks.length),
                width, height, width * 4, 4, new int[] {0, 1, 2, 3}, null);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.92f);
            writer.write(null, new IIOImage(raster, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        byte[] jpeg = out.toByteArray();
        return hasAdobeMarker(jpeg) ? jpeg : withAdobeMarker(jpeg);
    }

    /** The image with 16 bits per sample (each 8-bit value v becomes v * 257), as a raw converter exports it. */
    public static byte[] sixteenBitPng(Mat bgr) {
        Mat deep = new Mat();
        try {
            bgr.convertTo(deep, CvType.CV_16UC3, 257);
            return png(deep);
        } finally {
            deep.release();
        }
    }

    /** One-channel grey JPEG, as a camera's monochrome mode writes it. */
    public static byte[] greyJpeg(Mat bgr) {
        Mat grey = new Mat();
        try {
            Imgproc.cvtColor(bgr, grey, Imgproc.COLOR_BGR2GRAY);
            return StudioPhotos.jpeg(grey);
        } finally {
            grey.release();
        }
    }

    /**
     * A cut-out as a design tool exports it: BGRA PNG whose alpha is the product's, with black (the usual
     * premultiplied leftover) under the transparent part.
     */
    public static byte[] transparentPng(SyntheticPhotos.Composite shot) {
        Mat black = new Mat(shot.photo().size(), CvType.CV_8UC3, Scalar.all(0));
        Mat bgra = new Mat();
        try {
            shot.photo().copyTo(black, shot.alpha());
            Imgproc.cvtColor(black, bgra, Imgproc.COLOR_BGR2BGRA);
            Core.insertChannel(shot.alpha(), bgra, 3);
            return png(bgra);
        } finally {
            black.release();
            bgra.release();
        }
    }

    /**
     * The image as the sensor stored it with EXIF orientation 6: turned 90 degrees counter-clockwise, with a
     * tag telling viewers to turn it clockwise for display.
     */
    public static byte[] exifRotatedJpeg(Mat upright) {
        Mat stored = new Mat();
        try {
            Core.rotate(upright, stored, Core.ROTATE_90_COUNTERCLOCKWISE);
            return withExifOrientation(StudioPhotos.jpeg(stored), 6);
        } finally {
            stored.release();
        }
    }

    /** Inserts an APP1 EXIF segment holding only the orientation tag after the JFIF APP0 segment. */
    public static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        byte[] tiff = ByteBuffer.allocate(26).put(new byte[] {'M', 'M', 0, 42}).putInt(8).putShort((short) 1)
                .putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0)
                .putInt(0).array();
        byte[] exif = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
        int segmentLength = 2 + exif.length + tiff.length;
        int afterApp0 = 4 + ((jpeg[4] & 0xFF) << 8 | (jpeg[5] & 0xFF));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, afterApp0);
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (segmentLength >> 8), (byte) segmentLength});
        out.writeBytes(exif);
        out.writeBytes(tiff);
        out.write(jpeg, afterApp0, jpeg.length - afterApp0);
        return out.toByteArray();
    }

    /**
     * A real, complete RGB PNG of {@code width x height} pixels: white, with a grey block in the middle. Written
     * row by row through a deflater (identical rows filtered to zeros), so neither this JVM nor the file holds
     * the pixels: 20000 x 20000 compresses to about a megabyte.
     */
    public static byte[] hugeWhitePng(int width, int height) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(PNG_SIGNATURE);
        chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        byte[] white = new byte[1 + width * 3];
        Arrays.fill(white, 1, white.length, (byte) 255);
        byte[] block = white.clone();
        Arrays.fill(block, 1 + width / 3 * 3, 1 + width * 2 / 3 * 3, (byte) 128);
        byte[] unchanged = new byte[1 + width * 3];
        unchanged[0] = 2; // filter "Up": same as the row above, all zeros
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        byte[] previous = null;
        for (int y = 0; y < height; y++) {
            byte[] row = y >= height / 3 && y < height * 2 / 3 ? block : white;
            deflater.setInput(row == previous ? unchanged : row);
            previous = row;
            drain(deflater, idat, buffer);
        }
        finish(deflater, idat, buffer);
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    // ------------------------------------------------------------------ crafted files (headers that lie)

    /** A PNG of an IHDR declaring {@code width x height} (8-bit RGB), then the given chunks, then IEND. */
    public static byte[] pngWithChunks(long width, long height, byte[]... chunks) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(PNG_SIGNATURE);
        chunk(png, "IHDR", ByteBuffer.allocate(13).putInt((int) width).putInt((int) height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        for (byte[] chunk : chunks) {
            png.writeBytes(chunk);
        }
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    /** One PNG chunk with a correct length and CRC. */
    public static byte[] pngChunk(String type, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunk(out, type, data);
        return out.toByteArray();
    }

    /** A chunk header that declares {@code declaredLength} bytes but is followed by only {@code data}. */
    public static byte[] pngChunkDeclaring(long declaredLength, String type, byte[] data) {
        return ByteBuffer.allocate(8 + data.length + 4).putInt((int) declaredLength)
                .put(type.getBytes(StandardCharsets.US_ASCII)).put(data).putInt(0).array();
    }

    /**
     * A {@code width x height} RGB PNG whose single IDAT inflates to {@code inflatedBytes} of zeros, far beyond
     * the {@code height * (1 + 3 * width)} the header allows; deflated in chunks, so nothing here holds them.
     */
    public static byte[] idatBomb(int width, int height, long inflatedBytes) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        byte[] zeros = new byte[1 << 20];
        byte[] buffer = new byte[64 * 1024];
        for (long left = inflatedBytes; left > 0; left -= zeros.length) {
            deflater.setInput(zeros, 0, (int) Math.min(zeros.length, left));
            drain(deflater, idat, buffer);
        }
        finish(deflater, idat, buffer);
        return pngWithChunks(width, height, pngChunk("IDAT", idat.toByteArray()));
    }

    /**
     * The PNG turned into an animated PNG: acTL (2 frames) and the first frame's fcTL before its image data.
     * Viewers that know APNG play it; others show the first frame.
     */
    public static byte[] animatedPng(byte[] png) {
        int afterIhdr = 8 + 25;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, afterIhdr);
        int width = ByteBuffer.wrap(png, 16, 4).getInt();
        int height = ByteBuffer.wrap(png, 20, 4).getInt();
        chunk(out, "acTL", ByteBuffer.allocate(8).putInt(2).putInt(0).array());
        chunk(out, "fcTL", ByteBuffer.allocate(26).putInt(0).putInt(width).putInt(height).putInt(0).putInt(0)
                .putShort((short) 1).putShort((short) 10).put((byte) 0).put((byte) 0).array());
        out.write(png, afterIhdr, png.length - afterIhdr);
        return out.toByteArray();
    }

    /** A real two-frame animated GIF, as a phone's "live" export or a banner tool writes it. */
    public static byte[] animatedGif(int width, int height) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.prepareWriteSequence(null);
            for (int frame = 0; frame < 2; frame++) {
                java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(width, height,
                        java.awt.image.BufferedImage.TYPE_BYTE_INDEXED);
                image.getRaster().setSample(frame, 0, 0, 1);
                writer.writeToSequence(new IIOImage(image, null, null), null);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** An animated WebP's header: VP8X with the animation flag, then ANIM (no frames needed to be refused). */
    public static byte[] animatedWebp(int width, int height) {
        return webp("VP8X", ByteBuffer.allocate(10).order(java.nio.ByteOrder.LITTLE_ENDIAN).put((byte) 0x02)
                        .put(new byte[3]).put(u24le(width - 1)).put(u24le(height - 1)).array(),
                "ANIM", new byte[6]);
    }

    /** A lossy WebP (VP8) header declaring {@code width x height} (14 bits each) with a few bytes of "data". */
    public static byte[] webpDeclaring(int width, int height) {
        ByteBuffer vp8 = ByteBuffer.allocate(30).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        vp8.put(new byte[3]).put((byte) 0x9D).put((byte) 0x01).put((byte) 0x2A)
                .putShort((short) (width & 0x3FFF)).putShort((short) (height & 0x3FFF));
        return webp("VP8 ", vp8.array());
    }

    /** An extended WebP (VP8X) header declaring up to 2^24 x 2^24 pixels. */
    public static byte[] webpExtendedDeclaring(int width, int height) {
        return webp("VP8X", ByteBuffer.allocate(10).put((byte) 0).put(new byte[3]).put(u24le(width - 1))
                .put(u24le(height - 1)).array());
    }

    /** A RIFF/WEBP file of these chunks (pairs of fourcc and data), sizes and padding as the spec has them. */
    private static byte[] webp(Object... chunks) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("WEBP".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < chunks.length; i += 2) {
            byte[] data = (byte[]) chunks[i + 1];
            body.writeBytes(((String) chunks[i]).getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(data.length).array());
            body.writeBytes(data);
            if ((data.length & 1) == 1) {
                body.write(0);
            }
        }
        ByteArrayOutputStream riff = new ByteArrayOutputStream();
        riff.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
        riff.writeBytes(ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(body.size()).array());
        riff.writeBytes(body.toByteArray());
        return riff.toByteArray();
    }

    /** A baseline JPEG's start (SOI, SOF0 declaring the size, SOS), {@code scanBytes} of scan data and EOI. */
    public static byte[] jpegDeclaring(int width, int height, int scanBytes) {
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        jpeg.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8});
        jpeg.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xC0, 0, 17, 8, (byte) (height >> 8), (byte) height,
                (byte) (width >> 8), (byte) width, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1});
        jpeg.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xDA, 0, 12, 3, 1, 0, 2, 0x11, 3, 0x11, 0, 63, 0});
        jpeg.writeBytes(new byte[scanBytes]);
        jpeg.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD9});
        return jpeg.toByteArray();
    }

    /** A little-endian TIFF whose first directory declares {@code width x height}, 8-bit RGB, and nothing more. */
    public static byte[] tiffDeclaring(long width, long height) {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 4 * 12 + 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        tiff.put(new byte[] {'I', 'I', 42, 0}).putInt(8).putShort((short) 4);
        tiff.putShort((short) 256).putShort((short) 4).putInt(1).putInt((int) width);
        tiff.putShort((short) 257).putShort((short) 4).putInt(1).putInt((int) height);
        tiff.putShort((short) 258).putShort((short) 3).putInt(1).putShort((short) 8).putShort((short) 0);
        tiff.putShort((short) 277).putShort((short) 3).putInt(1).putShort((short) 3).putShort((short) 0);
        tiff.putInt(0);
        return tiff.array();
    }

    /** A BMP (BITMAPINFOHEADER, 24-bit) declaring {@code width x height} over a few bytes of pixels. */
    public static byte[] bmpDeclaring(int width, int height) {
        ByteBuffer bmp = ByteBuffer.allocate(54 + 64).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bmp.put(new byte[] {'B', 'M'}).putInt(54 + 64).putInt(0).putInt(54);
        bmp.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 24).putInt(0).putInt(64)
                .putInt(2835).putInt(2835).putInt(0).putInt(0);
        return bmp.array();
    }

    /** The "billion laughs": ten levels of entities, each ten of the one below, as an SVG. */
    public static String svgEntityBomb() {
        StringBuilder entities = new StringBuilder("<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            entities.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10))
                    .append("\">");
        }
        return "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [" + entities + "]>\n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100000\" height=\"100000\"><text>&lol9;</text></svg>";
    }

    /** An SVG that pulls a local file in through an external entity. */
    public static String svgExternalEntity() {
        return "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>\n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>&secret;</text></svg>";
    }

    /** Plain XML with a quadratic blow-up: one 50 KB entity referenced 50,000 times (no nesting to spot). */
    public static String xmlQuadraticBlowup() {
        return "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x \"" + "x".repeat(50_000) + "\">]>\n<r>"
                + "&x;".repeat(50_000) + "</r>";
    }

    private static byte[] u24le(int value) {
        return new byte[] {(byte) value, (byte) (value >> 8), (byte) (value >> 16)};
    }

    public static byte[] png(Mat image) {
        MatOfByte out = new MatOfByte();
        MatOfInt parameters = new MatOfInt(Imgcodecs.IMWRITE_PNG_COMPRESSION, 3);
        try {
            if (!Imgcodecs.imencode(".png", image, out, parameters)) {
                throw new IllegalStateException("OpenCV could not encode " + CvType.typeToString(image.type()) + " as PNG");
            }
            return out.toArray();
        } finally {
            out.release();
            parameters.release();
        }
    }

    /** Whether the JPEG header holds an Adobe APP14 segment (the one that says how 4 components are meant). */
    public static boolean hasAdobeMarker(byte[] jpeg) {
        int pos = 2;
        while (pos + 4 <= jpeg.length && (jpeg[pos] & 0xFF) == 0xFF) {
            int marker = jpeg[pos + 1] & 0xFF;
            if (marker == 0xDA) {
                return false;
            }
            if (marker == 0xEE && new String(jpeg, pos + 4, 5, StandardCharsets.ISO_8859_1).equals("Adobe")) {
                return true;
            }
            pos += 2 + ((jpeg[pos + 2] & 0xFF) << 8 | (jpeg[pos + 3] & 0xFF));
        }
        return false;
    }

    /** Adds APP14 "Adobe", version 100, transform 0 (components stored as they are: CMYK) after SOI. */
    private static byte[] withAdobeMarker(byte[] jpeg) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0});
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** Takes what the deflater has for the input it was given. */
    private static void drain(Deflater deflater, ByteArrayOutputStream out, byte[] buffer) {
        while (!deflater.needsInput()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
    }

    /** Ends the stream and takes the rest. */
    private static void finish(Deflater deflater, ByteArrayOutputStream out, byte[] buffer) {
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
