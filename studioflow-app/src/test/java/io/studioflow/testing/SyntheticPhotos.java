package io.studioflow.testing;

import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** Test photos with a known answer, drawn from real photo texture. Every returned Mat is the caller's to release. */
public final class SyntheticPhotos {

    /** A photo and its true alpha ({@code CV_8UC1}). */
    public record Composite(Mat photo, Mat alpha) implements AutoCloseable {
        @Override
        public void close() {
            photo.release();
            alpha.release();
        }
    }

    private SyntheticPhotos() {
    }

    /**
     * A vase-like product (round body, neck, rim) covered with {@code texture}, lit from the upper left, on a plain
     * background, as a studio packshot would be. Its edge is anti-aliased, so the true alpha is soft there too.
     */
    public static Composite packshot(Mat texture, Scalar background, int width, int height) {
        Mat alpha = vaseAlpha(width, height);
        Mat surface = new Mat();
        Mat shading = shading(width, height);
        Mat photo = new Mat();
        Mat alphaFloat = new Mat();
        Mat alpha3 = new Mat();
        Mat backgroundPart = new Mat(height, width, CvType.CV_32FC3, background);
        Mat one = new Mat(height, width, CvType.CV_32FC3, new Scalar(1, 1, 1));
        try {
            Imgproc.resize(texture, surface, new Size(width, height), 0, 0, Imgproc.INTER_AREA);
            surface.convertTo(surface, CvType.CV_32FC3);
            Core.multiply(surface, shading, surface);
            alpha.convertTo(alphaFloat, CvType.CV_32F, 1.0 / 255);
            Imgproc.cvtColor(alphaFloat, alpha3, Imgproc.COLOR_GRAY2BGR);
            Core.multiply(surface, alpha3, surface);
            Core.subtract(one, alpha3, alpha3);
            Core.multiply(backgroundPart, alpha3, backgroundPart);
            Core.add(surface, backgroundPart, surface);
            surface.convertTo(photo, CvType.CV_8UC3);
            return new Composite(photo, alpha);
        } catch (RuntimeException e) {
            alpha.release();
            photo.release();
            throw e;
        } finally {
            surface.release();
            shading.release();
            alphaFloat.release();
            alpha3.release();
            backgroundPart.release();
            one.release();
        }
    }

    /** Drawn at 4x and averaged down, for an anti-aliased edge. */
    private static Mat vaseAlpha(int width, int height) {
        int scale = 4;
        int w = width * scale;
        int h = height * scale;
        Mat large = Mat.zeros(h, w, CvType.CV_8UC1);
        try {
            Scalar white = new Scalar(255);
            Point centre = new Point(w * 0.5, h * 0.62);
            Imgproc.ellipse(large, centre, new Size(w * 0.24, h * 0.26), 0, 0, 360, white, -1, Imgproc.LINE_AA);
            Imgproc.rectangle(large, new Rect((int) (w * 0.42), (int) (h * 0.18), (int) (w * 0.16), (int) (h * 0.22)),
                    white, -1);
            Imgproc.ellipse(large, new Point(w * 0.5, h * 0.18), new Size(w * 0.11, h * 0.035), 0, 0, 360, white, -1,
                    Imgproc.LINE_AA);
            // a handle: a thick arc on the right side
            Imgproc.ellipse(large, new Point(w * 0.72, h * 0.55), new Size(w * 0.08, h * 0.12), 0, -90, 90, white,
                    Math.max(1, (int) (w * 0.025)), Imgproc.LINE_AA);
            Mat alpha = new Mat();
            Imgproc.resize(large, alpha, new Size(width, height), 0, 0, Imgproc.INTER_AREA);
            return alpha;
        } finally {
            large.release();
        }
    }

    /** Light from the upper left: 1.15 there, 0.55 in the lower right. */
    private static Mat shading(int width, int height) {
        Mat shading = new Mat(height, width, CvType.CV_32FC3);
        float[] row = new float[width * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float t = (float) (x / (double) width + y / (double) height) / 2;
                float light = 1.15f - 0.6f * t;
                row[3 * x] = light;
                row[3 * x + 1] = light;
                row[3 * x + 2] = light;
            }
            shading.put(y, 0, row);
        }
        return shading;
    }

    /** A region of a photo stretched to a full frame: texture with no object in it. */
    public static Mat stretchedCrop(Mat photo, Rect region, int width, int height) {
        Mat crop = photo.submat(region);
        Mat result = new Mat();
        try {
            Imgproc.resize(crop, result, new Size(width, height), 0, 0, Imgproc.INTER_CUBIC);
            return result;
        } finally {
            crop.release();
        }
    }

    /** Uniform colour noise. */
    public static Mat noise(int width, int height, long seed) {
        Mat noise = new Mat(height, width, CvType.CV_8UC3);
        Core.setRNGSeed((int) seed);
        Core.randu(noise, 0, 256);
        return noise;
    }

    /** Share of pixels where both alphas are above half, over those where either is. */
    public static double iou(Mat alphaA, Mat alphaB) {
        Mat a = new Mat();
        Mat b = new Mat();
        Mat both = new Mat();
        Mat either = new Mat();
        try {
            Imgproc.threshold(alphaA, a, 127, 255, Imgproc.THRESH_BINARY);
            Imgproc.threshold(alphaB, b, 127, 255, Imgproc.THRESH_BINARY);
            Core.bitwise_and(a, b, both);
            Core.bitwise_or(a, b, either);
            int union = Core.countNonZero(either);
            return union == 0 ? 1.0 : (double) Core.countNonZero(both) / union;
        } finally {
            for (Mat mat : List.of(a, b, both, either)) {
                mat.release();
            }
        }
    }
}
