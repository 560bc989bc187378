package io.studioflow.testing;

import io.studioflow.platform.imaging.OpenCv;
import io.studioflow.platform.storage.Hashes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/** Encoded photos for the end-to-end tests: what a photographer would upload, good and bad. */
public final class StudioPhotos {

    static {
        OpenCv.load();
    }

    private StudioPhotos() {
    }

    /**
     * A studio packshot: a product covered with the texture of a real photo, shaded, on a plain light sweep,
     * large enough for a 2000 px rendition.
     */
    public static byte[] packshot(String texturePhoto) {
        Mat texture = Imgcodecs.imread(TestPhotos.photo(texturePhoto).toString(), Imgcodecs.IMREAD_COLOR);
        try (SyntheticPhotos.Composite shot = SyntheticPhotos.packshot(texture, new Scalar(236, 238, 240), 1800, 1800)) {
            return jpeg(shot.photo());
        } finally {
            texture.release();
        }
    }

    /**
     * {@code count} packshots of one product that differ in a few pixels of the backdrop's corner: to the eye the
     * same shot, to a content hash {@code count} different photos (as a season's re-shoots are).
     */
    public static List<byte[]> packshots(String texturePhoto, int count) {
        Mat shot = Imgcodecs.imdecode(new MatOfByte(packshot(texturePhoto)), Imgcodecs.IMREAD_COLOR);
        try {
            List<byte[]> shots = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            // JPEG may quantise a small change away: nudge the corner until the bytes differ from every earlier shot
            for (int k = 0; shots.size() < count; k++) {
                Mat variant = shot.clone();
                Imgproc.rectangle(variant, new Point(0, 0), new Point(15, 15),
                        new Scalar(200 + 4 * (k % 10), 200 + 4 * ((k / 10) % 10), 200 + 4 * ((k / 100) % 10)), -1);
                byte[] jpeg = jpeg(variant);
                variant.release();
                if (seen.add(Hashes.sha256(jpeg))) {
                    shots.add(jpeg);
                }
            }
            return shots;
        } finally {
            shot.release();
        }
    }

    /** The same packshot, out of focus. */
    public static byte[] blurredPackshot(String texturePhoto) {
        Mat shot = Imgcodecs.imdecode(new MatOfByte(packshot(texturePhoto)), Imgcodecs.IMREAD_COLOR);
        Mat blurred = new Mat();
        try {
            Imgproc.GaussianBlur(shot, blurred, new Size(0, 0), 12);
            return jpeg(blurred);
        } finally {
            shot.release();
            blurred.release();
        }
    }

    /** A real photo shrunk to a thumbnail nobody can publish. */
    public static byte[] tiny(String photo) {
        Mat source = Imgcodecs.imread(TestPhotos.photo(photo).toString(), Imgcodecs.IMREAD_COLOR);
        Mat small = new Mat();
        try {
            Imgproc.resize(source, small, new Size(120, 80), 0, 0, Imgproc.INTER_AREA);
            return jpeg(small);
        } finally {
            source.release();
            small.release();
        }
    }

    public static byte[] jpeg(Mat bgr) {
        MatOfByte out = new MatOfByte();
        try {
            Imgcodecs.imencode(".jpg", bgr, out, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 92));
            return out.toArray();
        } finally {
            out.release();
        }
    }

    /** The first half of a real JPEG. */
    public static byte[] truncated(byte[] jpeg) {
        return Arrays.copyOf(jpeg, jpeg.length / 2);
    }

    /** A PNG of just the signature, an IHDR chunk (valid CRC) declaring the size, and IEND: no pixels. */
    public static byte[] pngHeaderOnly(int width, int height, int bitDepth, int colourType) {
        ByteBuffer png = ByteBuffer.allocate(8 + 25 + 12);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) bitDepth)
                .put((byte) colourType).put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(png, "IEND", new byte[0]);
        return png.array();
    }

    private static void chunk(ByteBuffer out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.putInt(data.length).put(typeBytes).put(data).putInt((int) crc.getValue());
    }
}
