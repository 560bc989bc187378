package io.studioflow.processing.segmentation;

import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * How much to trust a matte, from the model's soft alpha alone (no ground truth), in [0,1].
 *
 * <pre>
 * score = decisive(d) * coverage(f) * framing(b)
 *
 * d = 1 - uncertain / claimed         claimed   = pixels with alpha > 0.1 (not surely background)
 *                                     uncertain = pixels with 0.1 <= alpha <= 0.9
 *     decisive(d) = ramp(d, 0.5, 0.9)   a clean cut's soft edge band is at most ~10% of the object;
 *                                       busy scenes and textures leave large grey areas or a mesh
 *                                       of thin, all-edge shapes
 * f = share of pixels with alpha > 0.5
 *     coverage(f) = ramp(f, 0.005, 0.05) * (1 - ramp(f, 0.90, 0.98))
 *                                       nothing found (noise, plain textures) or a tiny detail
 *                                       picked instead of the product; or the whole frame
 * b = sum over the 4 image sides of the share of that side's pixels with alpha > 0.5, in [0,4]
 *     framing(b) = 1 - ramp(b, 1, 3)    one side touched is normal (a product standing on the lower
 *                                       edge, a portrait's shoulders); an object cut by 3-4 sides is a
 *                                       close-up or background taken for the object
 * ramp(x, lo, hi) = 0 below lo, 1 above hi, linear between
 * </pre>
 *
 * Measured with ISNet medium on real photos: clean products and subjects 0.95-1.0 (coffee cup, apple,
 * orange, astronaut), failures 0.0-0.26 (cat close-up, fruit pile, brick wall, baboon fur, noise). It cannot
 * see a crisp matte of the wrong object of fair size; that is what the review sample is for.
 *
 * @param score        the confidence above
 * @param decisiveness d
 * @param foreground   f
 * @param borderContact b
 */
public record MatteConfidence(double score, double decisiveness, double foreground, double borderContact) {

    static final float SURELY_BACKGROUND = 0.1f;
    static final float SURELY_FOREGROUND = 0.9f;

    /** Measures a soft alpha matte ({@code CV_32FC1}, values in [0,1]). */
    public static MatteConfidence of(Mat softAlpha) {
        if (softAlpha.type() != CvType.CV_32FC1 || softAlpha.empty()) {
            throw new IllegalArgumentException("soft alpha must be a non-empty CV_32FC1 matte, was "
                    + CvType.typeToString(softAlpha.type()));
        }
        int rows = softAlpha.rows();
        int cols = softAlpha.cols();
        float[] alpha = new float[rows * cols];
        if (softAlpha.isContinuous()) {
            softAlpha.get(0, 0, alpha);
        } else {
            Mat copy = softAlpha.clone();
            try {
                copy.get(0, 0, alpha);
            } finally {
                copy.release();
            }
        }

        long claimed = 0;
        long uncertain = 0;
        long foreground = 0;
        for (float value : alpha) {
            if (value > SURELY_BACKGROUND) {
                claimed++;
                if (value < SURELY_FOREGROUND) {
                    uncertain++;
                }
            }
            if (value > 0.5f) {
                foreground++;
            }
        }
        double decisiveness = claimed == 0 ? 0 : 1 - (double) uncertain / claimed;
        double foregroundShare = (double) foreground / alpha.length;
        double borderContact = sideShare(alpha, rows, cols, 0, 0, 0, 1, cols)              // top
                + sideShare(alpha, rows, cols, rows - 1, 0, 0, 1, cols)                    // bottom
                + sideShare(alpha, rows, cols, 0, 0, 1, 0, rows)                           // left
                + sideShare(alpha, rows, cols, 0, cols - 1, 1, 0, rows);                   // right

        double score = ramp(decisiveness, 0.5, 0.9)
                * ramp(foregroundShare, 0.005, 0.05) * (1 - ramp(foregroundShare, 0.90, 0.98))
                * (1 - ramp(borderContact, 1, 3));
        return new MatteConfidence(score, decisiveness, foregroundShare, borderContact);
    }

    private static double sideShare(float[] alpha, int rows, int cols, int row, int col, int rowStep, int colStep,
                                    int length) {
        int inside = 0;
        for (int i = 0; i < length; i++) {
            if (alpha[(row + i * rowStep) * cols + col + i * colStep] > 0.5f) {
                inside++;
            }
        }
        return (double) inside / length;
    }

    private static double ramp(double x, double low, double high) {
        return Math.clamp((x - low) / (high - low), 0.0, 1.0);
    }
}
