package io.studioflow.processing.colour;

import io.studioflow.platform.imaging.MatScope;
import io.studioflow.platform.imaging.Mats;
import io.studioflow.platform.imaging.OpenCv;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.springframework.stereotype.Component;

/**
 * White balance for product photos. The studio sweep around the product is supposed to be neutral, so
 * the gains come from the background (low alpha); without a mask, from the near-neutral pixels; as a
 * last resort from the whole photo. Gains are applied in linear light (sRGB curve) through a lookup
 * table per channel, keeping the reference's brightness, and pure white stays pure white (see
 * {@link #KNEE}).
 */
@Component
public class ColourCorrector {

    /** Estimation runs on a copy scaled to at most this many px; the correction is applied at full size. */
    static final int WORKING_SIZE = 1024;
    /** Alpha below this is background. */
    static final int BACKGROUND_ALPHA = 32;
    /** Reference pixels must have every channel in (DARK, CLIPPED): clipped and black pixels say nothing. */
    static final int CLIPPED = 250;
    static final int DARK = 8;
    /** Lab chroma under which a pixel counts as near-neutral when there is no background mask. */
    static final double NEUTRAL_CHROMA = 30;
    /** A reference smaller than this share of the photo is not used. */
    static final double MIN_REFERENCE_SHARE = 0.02;
    /** Gains beyond these mean the reference was not neutral to begin with (a coloured backdrop). */
    static final double MIN_GAIN = 0.5;
    static final double MAX_GAIN = 2.0;
    /**
     * A channel whose gain is below 1 rolls off above this linear level so that 255 stays 255: a sweep
     * blown to white on purpose must not turn tinted.
     */
    static final double KNEE = 0.8;

    private static final Mat SRGB_TO_LINEAR = linearTable();

    public ColourCorrector() {
        OpenCv.load();
    }

    /** Corrects without a product mask (near-neutral pixels, then whole image, as reference). */
    public ColourResult correct(Mat bgr) {
        return correct(bgr, null);
    }

    /**
     * Corrects an 8-bit BGR photo (not modified).
     *
     * @param alpha product mask, CV_8UC1, 255 = product; may be null
     */
    public ColourResult correct(Mat bgr, Mat alpha) {
        Mats.requireBgr8(bgr, "photo");
        if (alpha != null) {
            Mats.requireMaskFor(alpha, bgr, "alpha");
        }
        try (MatScope scope = Mats.scope()) {
            Mat work = Mats.fittedWithin(bgr, WORKING_SIZE, scope);
            Mat workAlpha = alpha == null ? null : Mats.fittedWithin(alpha, WORKING_SIZE, scope);
            Mat lab = Mats.lab(work, scope);
            Mat usable = scope.mat();
            Core.inRange(work, Scalar.all(DARK + 1), Scalar.all(CLIPPED - 1), usable);

            NeutralReference reference = NeutralReference.WHOLE_IMAGE;
            Mat mask = null;
            if (workAlpha != null) {
                Mat background = backgroundMask(workAlpha, scope);
                Core.bitwise_and(background, usable, background);
                if (share(background) >= MIN_REFERENCE_SHARE) {
                    reference = NeutralReference.BACKGROUND;
                    mask = background;
                }
            }
            if (mask == null) {
                Mat neutral = neutralMask(lab, scope);
                Core.bitwise_and(neutral, usable, neutral);
                if (share(neutral) >= MIN_REFERENCE_SHARE) {
                    reference = NeutralReference.NEUTRAL_PIXELS;
                    mask = neutral;
                } else if (Core.countNonZero(usable) > 0) {
                    mask = usable;
                }
            }
            double referenceShare = mask == null ? 1 : share(mask);

            Mat linear = scope.mat();
            Core.LUT(work, SRGB_TO_LINEAR, linear);
            Scalar before = mask == null ? Core.mean(linear) : Core.mean(linear, mask);
            ColourCast castBefore = ColourCast.ofLinear(before.val[0], before.val[1], before.val[2]);
            boolean[] clamped = new boolean[1];
            WhiteBalanceGains gains = gainsFor(before, clamped);

            Mat table = scope.add(correctionTable(gains));
            Mat corrected = scope.mat();
            Core.LUT(bgr, table, corrected);

            Mat workCorrected = scope.mat();
            Core.LUT(work, table, workCorrected);
            Core.LUT(workCorrected, SRGB_TO_LINEAR, linear);
            Scalar after = mask == null ? Core.mean(linear) : Core.mean(linear, mask);
            ColourCast castAfter = ColourCast.ofLinear(after.val[0], after.val[1], after.val[2]);

            double spread = chromaSpread(lab, mask, scope);
            double confidence = confidence(reference, referenceShare, spread, castBefore, clamped[0]);
            return new ColourResult(scope.keep(corrected), castBefore, castAfter, gains, reference, referenceShare,
                    confidence);
        }
    }

    // ------------------------------------------------------------------ reference

    /** Background pixels, pulled back from the product's edge, where colours of both mix. */
    private static Mat backgroundMask(Mat alpha, MatScope scope) {
        Mat background = scope.mat();
        Core.compare(alpha, new Scalar(BACKGROUND_ALPHA), background, Core.CMP_LT);
        int margin = Math.max(3, (int) Math.round(Math.min(alpha.cols(), alpha.rows()) * 0.015)) | 1;
        Mat kernel = scope.add(Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE, new Size(margin, margin)));
        Imgproc.erode(background, background, kernel);
        return background;
    }

    private static Mat neutralMask(Mat lab, MatScope scope) {
        Mat a = scope.mat();
        Mat b = scope.mat();
        Core.extractChannel(lab, a, 1);
        Core.extractChannel(lab, b, 2);
        Mat chroma = scope.mat();
        Core.magnitude(a, b, chroma);
        Mat neutral = scope.mat();
        Core.compare(chroma, new Scalar(NEUTRAL_CHROMA), neutral, Core.CMP_LT);
        return neutral;
    }

    private static double share(Mat mask) {
        return Core.countNonZero(mask) / (double) mask.total();
    }

    /** Standard deviation of the reference's colour (a*, b*) in Lab units: small for a plain sweep. */
    private static double chromaSpread(Mat lab, Mat mask, MatScope scope) {
        MatOfDouble mean = scope.add(new MatOfDouble());
        MatOfDouble deviation = scope.add(new MatOfDouble());
        if (mask == null) {
            Core.meanStdDev(lab, mean, deviation);
        } else {
            Core.meanStdDev(lab, mean, deviation, mask);
        }
        double[] sd = deviation.toArray();
        return Math.hypot(sd[1], sd[2]);
    }

    // ------------------------------------------------------------------ gains and tables

    /** Gains that turn the reference grey at its own luminance, clamped to a sane range. */
    static WhiteBalanceGains gainsFor(Scalar linearBgr, boolean[] clamped) {
        double blue = linearBgr.val[0];
        double green = linearBgr.val[1];
        double red = linearBgr.val[2];
        double luminance = 0.0722 * blue + 0.7152 * green + 0.2126 * red;
        if (luminance <= 1e-6) {
            return WhiteBalanceGains.NONE;
        }
        double[] gains = {luminance / Math.max(blue, 1e-6), luminance / Math.max(green, 1e-6),
                luminance / Math.max(red, 1e-6)};
        for (int i = 0; i < gains.length; i++) {
            double bounded = Math.clamp(gains[i], MIN_GAIN, MAX_GAIN);
            if (bounded != gains[i]) {
                clamped[0] = true;
            }
            gains[i] = bounded;
        }
        return new WhiteBalanceGains(gains[0], gains[1], gains[2]);
    }

    /** A 1x256 CV_8UC3 lookup table applying the gains in linear light. */
    static Mat correctionTable(WhiteBalanceGains gains) {
        double[] perChannel = {gains.blue(), gains.green(), gains.red()};
        byte[] table = new byte[256 * 3];
        for (int v = 0; v < 256; v++) {
            double linear = srgbToLinear(v / 255.0);
            for (int c = 0; c < 3; c++) {
                double out = linearToSrgb(applyGain(linear, perChannel[c]));
                table[v * 3 + c] = (byte) Math.round(Math.clamp(out, 0, 1) * 255);
            }
        }
        Mat lut = new Mat(1, 256, CvType.CV_8UC3);
        lut.put(0, 0, table);
        return lut;
    }

    /**
     * Linear gain; for a gain under 1 the top of the range rolls off from {@link #KNEE} so that full
     * white maps to full white (a gain over 1 reaches white earlier anyway).
     */
    static double applyGain(double linear, double gain) {
        if (gain >= 1) {
            return Math.min(1, linear * gain);
        }
        if (linear <= KNEE) {
            return linear * gain;
        }
        double kneeOut = KNEE * gain;
        return kneeOut + (linear - KNEE) * (1 - kneeOut) / (1 - KNEE);
    }

    static double srgbToLinear(double v) {
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    static double linearToSrgb(double v) {
        return v <= 0.0031308 ? v * 12.92 : 1.055 * Math.pow(v, 1 / 2.4) - 0.055;
    }

    private static Mat linearTable() {
        OpenCv.load();
        float[] table = new float[256];
        for (int v = 0; v < 256; v++) {
            table[v] = (float) srgbToLinear(v / 255.0);
        }
        // lives as long as the class: one 1 KB table shared by every call
        Mat lut = new Mat(1, 256, CvType.CV_32F);
        lut.put(0, 0, table);
        return lut;
    }

    // ------------------------------------------------------------------ confidence

    /**
     * The product of: how the reference was chosen (background 1, neutral pixels 0.75, whole image
     * 0.4); its size (full marks from 15% of the frame); its uniformity (Lab spread 4 or less is a plain
     * sweep, 16 or more is a scene); how tinted it was (up to chroma 20 a white-balance error, 40 and
     * more a coloured backdrop); and half marks if a gain had to be clamped.
     */
    static double confidence(NeutralReference reference, double share, double spread, ColourCast before,
                             boolean clamped) {
        double method = switch (reference) {
            case BACKGROUND -> 1.0;
            case NEUTRAL_PIXELS -> 0.75;
            case WHOLE_IMAGE -> 0.4;
        };
        double size = Math.min(1, share / 0.15);
        double uniformity = Math.clamp(1 - (spread - 4) / 12, 0, 1);
        double neutrality = Math.clamp(1 - (before.chroma() - 20) / 20, 0, 1);
        return method * size * uniformity * neutrality * (clamped ? 0.5 : 1);
    }
}
