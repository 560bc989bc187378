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
 * JPEG, 16-bit PNG, EXIF-rotated JPEG, grey, PNG with transparency, and a huge PNG that still compresses small.
 * The packshots carry a red mark on the product's neck, so a test can tell upright from turned and real colours
 * from inverted ones in whatever comes out.
 */
public final class HostilePhotos {

    /** The studio sweep behind the packshots (BGR). */
    public static final Scalar SWEEP = new Scalar(236, 238, 240);
    /** The mark on the vase's neck (BGR): pure enough to survive colour correction and JPEG. */
    public static final Scalar MARK = new Scalar(30, 30, 220);

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
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
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
            while (!deflater.needsInput()) {
                idat.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            idat.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
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
