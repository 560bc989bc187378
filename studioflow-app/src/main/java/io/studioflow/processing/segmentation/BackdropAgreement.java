package io.studioflow.processing.segmentation;

import io.studioflow.platform.imaging.MatScope;
import io.studioflow.platform.imaging.Mats;
import java.util.Arrays;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * A classical cross-check of the model's matte, possible where the photo was taken on a studio backdrop: the
 * backdrop is a smooth surface of colour, so a quadratic fitted to the pixels the model calls background predicts
 * the backdrop everywhere, also under the product. The model and this prediction should then agree:
 * <ul>
 *   <li>{@code backdropInside}: share of the model's product that looks exactly like the backdrop (a hole the
 *       model filled, a bit of floor taken along);</li>
 *   <li>{@code productOutside}: share of a ring just outside the model's product that is clearly not backdrop
 *       (fur or a part the model cut off); pixels that are only darker than the backdrop are shadow, not product.</li>
 * </ul>
 * On a busy or textured background the fit fails ({@code residual} high): nothing can be checked, and a salient
 * object model on a busy scene is the most likely to have picked the wrong object.
 *
 * @param residual       median distance (RGB in [0,1]) of the background pixels from the backdrop fit
 * @param backdropInside share of the product that matches the backdrop
 * @param productOutside share of the ring around the product that is clearly something else than backdrop
 * @param score          agreement in [0,1] (1 = the classical check finds nothing wrong)
 */
public record BackdropAgreement(double residual, double backdropInside, double productOutside, double score) {

    /** Working size: the check is about regions, not pixels. */
    static final int SIZE = 256;
    /** A studio backdrop fits a quadratic within this median distance; a busy scene is far above. */
    static final double STUDIO_RESIDUAL = 0.02;
    static final double BUSY_RESIDUAL = 0.05;
    /** A pixel within this distance of the predicted backdrop (RGB in [0,1]) is backdrop. */
    static final double LIKE_BACKDROP = 0.035;
    /** A pixel this far from the backdrop, and not merely darker, is something else. */
    static final double UNLIKE_BACKDROP = 0.12;

    /** Background pixels farther than this (or three times the first fit's residual) from it are left out of the refit. */
    static final double OUTLIER = 0.03;
    /** How far the channels' darkening factors may differ for a shadow. */
    static final double SHADOW_HUE_TOLERANCE = 0.08;

    /** Agreement when the photo is not on a backdrop that can be checked. */
    static final double UNVERIFIABLE = 0.7;

    /**
     * @param bgr       the photo, 8-bit BGR
     * @param softAlpha the model's output at its working size, {@code CV_32FC1} in [0,1]
     */
    public static BackdropAgreement of(Mat bgr, Mat softAlpha) {
        try (MatScope scope = Mats.scope()) {
            Size size = new Size(SIZE, SIZE);
            Mat small = scope.mat();
            Imgproc.resize(bgr, small, size, 0, 0, Imgproc.INTER_AREA);
            Mat image = scope.mat();
            small.convertTo(image, CvType.CV_32FC3, 1 / 255.0);
            Mat alpha = scope.mat();
            Imgproc.resize(softAlpha, alpha, size, 0, 0, Imgproc.INTER_AREA);

            float[] pixels = new float[SIZE * SIZE * 3];
            image.get(0, 0, pixels);
            float[] a = new float[SIZE * SIZE];
            alpha.get(0, 0, a);
            double[][] rough = fitBackdrop(pixels, a, null, 0);
            if (rough == null) {
                return new BackdropAgreement(Double.NaN, 0, 0, UNVERIFIABLE);
            }
            // refit without the pixels far off the first fit: product the model left out, a stray object, a shadow
            double[][] refined = fitBackdrop(pixels, a, rough, Math.max(OUTLIER, 3 * residual(pixels, a, rough)));
            double[][] fit = refined == null ? rough : refined;
            double residual = residual(pixels, a, fit);
            Mat product = scope.mat();
            Imgproc.threshold(alpha, product, 0.5, 1, Imgproc.THRESH_BINARY);
            Mat grown = scope.mat();
            int ring = Math.max(2, SIZE / 64);
            Imgproc.dilate(product, grown, scope.add(Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE,
                    new Size(2 * ring + 1, 2 * ring + 1))));
            // the pixels right at the edge are mixed by anti-aliasing and resizing: the ring starts one pixel out
            Mat touching = scope.mat();
            Imgproc.dilate(product, touching, scope.add(Imgproc.getStructuringElement(Imgproc.MORPH_RECT,
                    new Size(3, 3))));
            Core.subtract(grown, touching, grown);
            float[] inProduct = new float[SIZE * SIZE];
            product.get(0, 0, inProduct);
            float[] inGrown = new float[SIZE * SIZE];
            grown.get(0, 0, inGrown);

            long productPixels = 0;
            long backdropLike = 0;
            long ringPixels = 0;
            long foreign = 0;
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    int i = y * SIZE + x;
                    double[] expected = predict(fit, x, y);
                    double db = pixels[3 * i] - expected[0];
                    double dg = pixels[3 * i + 1] - expected[1];
                    double dr = pixels[3 * i + 2] - expected[2];
                    double distance = Math.sqrt((db * db + dg * dg + dr * dr) / 3);
                    if (inProduct[i] > 0) {
                        productPixels++;
                        if (distance < LIKE_BACKDROP) {
                            backdropLike++;
                        }
                    } else if (inGrown[i] > 0) { // in the ring
                        ringPixels++;
                        if (distance > UNLIKE_BACKDROP && !isShadow(pixels, 3 * i, expected)) {
                            foreign++;
                        }
                    }
                }
            }
            double inside = productPixels == 0 ? 0 : (double) backdropLike / productPixels;
            double outside = ringPixels == 0 ? 0 : (double) foreign / ringPixels;
            double studio = 1 - ramp(residual, STUDIO_RESIDUAL, BUSY_RESIDUAL);
            double agreement = (1 - ramp(inside, 0.10, 0.25)) * (1 - ramp(outside, 0.10, 0.35));
            double score = studio * agreement + (1 - studio) * UNVERIFIABLE;
            return new BackdropAgreement(residual, inside, outside, score);
        }
    }

    /** The photo is on a backdrop a smooth surface describes (not a busy scene, not a product filling the frame). */
    public boolean plain() {
        return !Double.isNaN(residual) && residual < BUSY_RESIDUAL;
    }

    /**
     * How strongly the check confirms the cut, in [0,1]: 1 on a clean studio backdrop where neither a bit of backdrop
     * inside the product nor anything but backdrop around it was found; 0 as soon as either shows.
     */
    public double confirmation() {
        if (Double.isNaN(residual)) {
            return 0;
        }
        return (1 - ramp(residual, STUDIO_RESIDUAL / 2, STUDIO_RESIDUAL)) * (1 - ramp(backdropInside, 0.01, 0.03))
                * (1 - ramp(productOutside, 0.03, 0.08));
    }

    /** Shadow: the backdrop, only darker, every channel by about the same factor (a shadow keeps the hue). */
    private static boolean isShadow(float[] pixels, int offset, double[] expected) {
        double[] ratio = new double[3];
        double mean = 0;
        for (int ch = 0; ch < 3; ch++) {
            ratio[ch] = pixels[offset + ch] / Math.max(expected[ch], 0.02);
            mean += ratio[ch] / 3;
        }
        if (mean >= 0.97) {
            return false;
        }
        for (double r : ratio) {
            if (Math.abs(r - mean) > SHADOW_HUE_TOLERANCE) {
                return false;
            }
        }
        return true;
    }

    /** Least-squares quadratic per channel over the surely-background pixels; null when there are too few. */
    private static double[][] fitBackdrop(float[] pixels, float[] alpha, double[][] previous, double limit) {
        double[][] normal = new double[6][6];
        double[][] rhs = new double[3][6];
        int count = 0;
        double[] basis = new double[6];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int i = y * SIZE + x;
                if (alpha[i] >= MatteRefiner.SURE_BACKGROUND
                        || previous != null && distance(pixels, i, predict(previous, x, y)) > limit) {
                    continue;
                }
                count++;
                basis(x, y, basis);
                for (int r = 0; r < 6; r++) {
                    for (int c = 0; c < 6; c++) {
                        normal[r][c] += basis[r] * basis[c];
                    }
                    for (int ch = 0; ch < 3; ch++) {
                        rhs[ch][r] += basis[r] * pixels[3 * i + ch];
                    }
                }
            }
        }
        if (count < SIZE * SIZE / 20) {
            return null; // the product fills the frame: no backdrop to fit
        }
        double[][] coefficients = new double[3][];
        for (int ch = 0; ch < 3; ch++) {
            coefficients[ch] = solve(normal, rhs[ch]);
            if (coefficients[ch] == null) {
                return null;
            }
        }
        return coefficients;
    }

    /**
     * Median distance (RMS over the channels) of the background pixels from the fit: robust, so a cast shadow on the
     * backdrop or a stray object does not make a studio shot look busy.
     */
    private static double residual(float[] pixels, float[] alpha, double[][] fit) {
        double[] distances = new double[alpha.length];
        int count = 0;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int i = y * SIZE + x;
                if (alpha[i] >= MatteRefiner.SURE_BACKGROUND) {
                    continue;
                }
                distances[count++] = distance(pixels, i, predict(fit, x, y));
            }
        }
        Arrays.sort(distances, 0, count);
        return distances[count / 2];
    }

    private static double distance(float[] pixels, int i, double[] expected) {
        double sum = 0;
        for (int ch = 0; ch < 3; ch++) {
            double d = pixels[3 * i + ch] - expected[ch];
            sum += d * d;
        }
        return Math.sqrt(sum / 3);
    }

    private static double[] predict(double[][] fit, int x, int y) {
        double[] basis = new double[6];
        basis(x, y, basis);
        double[] colour = new double[3];
        for (int ch = 0; ch < 3; ch++) {
            for (int k = 0; k < 6; k++) {
                colour[ch] += fit[ch][k] * basis[k];
            }
        }
        return colour;
    }

    /** 1, u, v, u², uv, v² with u, v in [-1,1], so the normal equations stay well conditioned. */
    private static void basis(int x, int y, double[] out) {
        double u = 2.0 * x / (SIZE - 1) - 1;
        double v = 2.0 * y / (SIZE - 1) - 1;
        out[0] = 1;
        out[1] = u;
        out[2] = v;
        out[3] = u * u;
        out[4] = u * v;
        out[5] = v * v;
    }

    /** Gaussian elimination with partial pivoting on a copy; null when singular. */
    private static double[] solve(double[][] matrix, double[] vector) {
        int n = vector.length;
        double[][] m = new double[n][n + 1];
        for (int r = 0; r < n; r++) {
            System.arraycopy(matrix[r], 0, m[r], 0, n);
            m[r][n] = vector[r];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            if (Math.abs(m[pivot][col]) < 1e-9) {
                return null;
            }
            double[] swap = m[col];
            m[col] = m[pivot];
            m[pivot] = swap;
            for (int r = 0; r < n; r++) {
                if (r != col) {
                    double factor = m[r][col] / m[col][col];
                    for (int c = col; c <= n; c++) {
                        m[r][c] -= factor * m[col][c];
                    }
                }
            }
        }
        double[] solution = new double[n];
        for (int r = 0; r < n; r++) {
            solution[r] = m[r][n] / m[r][r];
        }
        return solution;
    }

    private static double ramp(double x, double low, double high) {
        return Math.clamp((x - low) / (high - low), 0.0, 1.0);
    }

}
