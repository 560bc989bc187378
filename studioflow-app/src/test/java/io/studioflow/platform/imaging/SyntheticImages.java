package io.studioflow.platform.imaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** Test images drawn from scratch, so assertions can be exact. Callers release what they get. */
public final class SyntheticImages {

    private SyntheticImages() {
    }

    /** A colourful, detailed texture (seeded noise, lightly smoothed), w x h, 8-bit BGR. */
    public static Mat texture(int width, int height, int seed) {
        OpenCv.load();
        Core.setRNGSeed(seed);
        Mat coarse = new Mat(Math.max(1, height / 8), Math.max(1, width / 8), CvType.CV_8UC3);
        Core.randu(coarse, 30, 200);
        Mat texture = new Mat();
        Imgproc.resize(coarse, texture, new Size(width, height), 0, 0, Imgproc.INTER_CUBIC);
        Mat fine = new Mat(height, width, CvType.CV_8UC3);
        Core.randu(fine, 0, 40);
        Core.add(texture, fine, texture);
        // strong edges, so the texture reads as in focus
        for (int x = 0; x < width; x += Math.max(8, width / 12)) {
            Imgproc.line(texture, new Point(x, 0), new Point(x, height), new Scalar(20, 40, 90), 2);
        }
        Mats.release(coarse, fine);
        return texture;
    }

    /** A plain background with {@code product} drawn into {@code box}; alpha is an ellipse in the box. */
    public static Mat scene(int width, int height, Scalar background, Rect box, Mat product, Mat alpha) {
        Mat scene = new Mat(height, width, CvType.CV_8UC3, background);
        Mat resized = new Mat();
        Imgproc.resize(product, resized, box.size(), 0, 0, Imgproc.INTER_AREA);
        Mat region = scene.submat(box);
        resized.copyTo(region, alpha.submat(box));
        Mats.release(resized, region);
        return scene;
    }

    /** A filled, anti-aliased ellipse inscribed in {@code box}: 255 inside, 0 outside, soft edge. */
    public static Mat ellipseAlpha(int width, int height, Rect box) {
        Mat alpha = Mat.zeros(height, width, CvType.CV_8UC1);
        Imgproc.ellipse(alpha, new Point(box.x + (box.width - 1) / 2.0, box.y + (box.height - 1) / 2.0),
                new Size((box.width - 1) / 2.0, (box.height - 1) / 2.0), 0, 0, 360, Scalar.all(255), -1,
                Imgproc.LINE_AA);
        return alpha;
    }

    /** Multiplies the channels (a synthetic colour cast), saturating at 255. */
    public static Mat withCast(Mat bgr, double blue, double green, double red) {
        Mat out = new Mat();
        Core.multiply(bgr, new Scalar(blue, green, red), out);
        return out;
    }

    /** Mean absolute difference per channel value, over the mask (or everything when null). */
    public static double meanAbsDiff(Mat a, Mat b, Mat mask) {
        Mat diff = new Mat();
        Core.absdiff(a, b, diff);
        Scalar mean = mask == null ? Core.mean(diff) : Core.mean(diff, mask);
        diff.release();
        return (mean.val[0] + mean.val[1] + mean.val[2]) / 3;
    }
}
