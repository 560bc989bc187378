package io.studioflow.processing.colour;

import io.studioflow.platform.imaging.MatScope;
import io.studioflow.platform.imaging.Mats;
import io.studioflow.platform.imaging.OpenCv;
import java.util.Arrays;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.MatOfFloat;
import org.opencv.core.MatOfInt;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.xphoto.LearningBasedWB;
import org.opencv.xphoto.Xphoto;
import org.springframework.stereotype.Component;

/**
 * White balance and exposure for product photos. The studio sweep around the product is supposed to be neutral,
 * so by default the gains come from the background (low alpha); without a mask, from the near-neutral pixels; as
 * a last resort from the whole photo. Other estimates (grey world, white patch, learning-based, a grey card) are
 * chosen through {@link ColourOptions}, as are a target white, exposure normalisation and a session's
 * {@link BatchColourReference}. Gains are applied in linear light (sRGB curve) through a lookup table per channel,
 * keeping the reference's brightness unless exposure is normalised, and pure white stays pure white (see
 * {@link #KNEE}).
 */
@Component
public class ColourCorrector {

    /** Estimation runs on a copy scaled to at most this many px; the correction is applied at full size. */
    static final int WORKING_SIZE = 1024;
    /** Alpha below this is background. */
    static final int BACKGROUND_ALPHA = 32;
    /** Alpha from this up is product, for its median brightness. */
    static final int PRODUCT_ALPHA = 128;
    /** Reference pixels must have every channel in (DARK, CLIPPED): clipped and black pixels say nothing. */
    static final int CLIPPED = 250;
    static final int DARK = 8;
    /** Lab chroma under which a pixel counts as near-neutral when there is no background mask. */
    static final double NEUTRAL_CHROMA = 30;
    /** A reference smaller than this share of the photo is not used. */
    static final double MIN_REFERENCE_SHARE = 0.02;
    /** White patch: pixels at or above this brightness percentile (of the unclipped ones) are taken as white. */
    static final double WHITE_PATCH_PERCENTILE = 97;
    /** Gains beyond these mean the reference was not neutral to begin with (a coloured backdrop). */
    static final double MIN_GAIN = 0.5;
    static final double MAX_GAIN = 2.0;
    /** Exposure gains beyond these (about two stops) are a wrong measurement or a photo to retake, not a fix. */
    static final double MIN_EXPOSURE = 0.25;
    static final double MAX_EXPOSURE = 4.0;
    /** Bounds of the contrast power used to match a session's product-to-sweep brightness. */
    static final double MIN_CONTRAST = 0.5;
    static final double MAX_CONTRAST = 2.0;
    /**
     * A channel whose gain is below 1 rolls off above this linear level so that 255 stays 255: a sweep
     * blown to white on purpose must not turn tinted.
     */
    static final double KNEE = 0.8;
    /** Brightening rolls off into a shoulder from this linear level, so nothing that was not clipped clips. */
    static final double SHOULDER = 0.75;

    private static final Mat SRGB_TO_LINEAR = linearTable();

    public ColourCorrector() {
        OpenCv.load();
    }

    /** Corrects without a product mask (near-neutral pixels, then whole image, as reference). */
    public ColourResult correct(Mat bgr) {
        return correct(bgr, null);
    }

    /**
     * White-balances an 8-bit BGR photo (not modified) from its background, as {@link WhiteBalanceMethod#AUTO}.
     *
     * @param alpha product mask, CV_8UC1, 255 = product; may be null
     */
    public ColourResult correct(Mat bgr, Mat alpha) {
        return correct(bgr, alpha, ColourOptions.defaults());
    }

    /**
     * Corrects an 8-bit BGR photo (not modified) as the options say.
     *
     * @param alpha   product mask, CV_8UC1, 255 = product; may be null
     * @param options method, neutral patch, target white, exposure target, batch reference
     */
    public ColourResult correct(Mat bgr, Mat alpha, ColourOptions options) {
        Mats.requireBgr8(bgr, "photo");
        Mats.requireOptionalMaskFor(alpha, bgr, "alpha");
        ColourOptions opts = options == null ? ColourOptions.defaults() : options;
        try (MatScope scope = Mats.scope()) {
            Mat work = Mats.fittedWithin(bgr, WORKING_SIZE, scope);
            Mat workAlpha = alpha == null ? null : Mats.fittedWithin(alpha, WORKING_SIZE, scope);
            Mat lab = Mats.lab(work, scope);
            Mat linear = scope.mat();
            Core.LUT(work, SRGB_TO_LINEAR, linear);
            Estimate estimate = estimate(bgr, work, workAlpha, lab, linear, opts, scope);

            ColourCast castBefore = ColourCast.ofLinear(estimate.white.val[0], estimate.white.val[1],
                    estimate.white.val[2]);
            WhiteBalanceGains target = opts.targetWhite() != null ? linearOf(opts.targetWhite())
                    : opts.batch() != null ? opts.batch().whitePoint() : null;
            boolean[] clamped = new boolean[1];
            WhiteBalanceGains gains = gainsFor(estimate.white, target, clamped);

            double exposure = 1;
            double contrast = 1;
            boolean exposureClamped = false;
            if (opts.exposure() != null || opts.batch() != null) {
                Mat balanced = scope.mat();
                Core.LUT(work, scope.add(correctionTable(gains)), balanced);
                ExposureTarget.Subject subject = opts.exposure() != null ? opts.exposure().subject()
                        : ExposureTarget.Subject.PRODUCT_MEDIAN;
                double product = medianLuminance(balanced, productMask(workAlpha, scope), scope);
                double measured = subject == ExposureTarget.Subject.BACKGROUND
                        ? meanLuminance(balanced, estimate.mask, scope) : product;
                double wanted = opts.exposure() != null ? opts.exposure().linear() : opts.batch().subjectLuminance();
                if (opts.exposure() == null && estimate.reference == NeutralReference.BACKGROUND
                        && productMask(workAlpha, scope) != null) {
                    // a session's shots differ in contrast too (exposure and tone curve, not one gain): match both
                    // the product's median and the sweep's brightness with a power curve through the two
                    double sweep = meanLuminance(balanced, estimate.mask, scope);
                    contrast = twoPointCurve(product, sweep, opts.batch().subjectLuminance(),
                            opts.batch().referenceLuminance());
                    measured = Math.pow(Math.max(product, 1e-6), contrast);
                }
                double raw = wanted / Math.max(measured, 1e-4);
                exposure = Math.clamp(raw, MIN_EXPOSURE, MAX_EXPOSURE);
                exposureClamped = exposure != raw;
            }

            Mat table = scope.add(correctionTable(gains, contrast, exposure));
            Mat corrected = scope.mat();
            Core.LUT(bgr, table, corrected);

            ColourCast castAfter;
            if (estimate.mask != null || estimate.reference != NeutralReference.LEARNED) {
                Mat workCorrected = scope.mat();
                Core.LUT(work, table, workCorrected);
                Core.LUT(workCorrected, SRGB_TO_LINEAR, linear);
                Scalar after = estimate.mask == null ? Core.mean(linear) : Core.mean(linear, estimate.mask);
                castAfter = ColourCast.ofLinear(after.val[0], after.val[1], after.val[2]);
            } else {
                castAfter = ColourCast.ofLinear(estimate.white.val[0] * gains.blue(), estimate.white.val[1] * gains.green(),
                        estimate.white.val[2] * gains.red());
            }

            double spread = chromaSpread(lab, estimate.mask, scope);
            double confidence = confidence(estimate.reference, estimate.share, spread, castBefore, clamped[0])
                    * (exposureClamped ? 0.5 : 1);
            return new ColourResult(scope.keep(corrected), castBefore, castAfter, gains, estimate.reference,
                    estimate.share, confidence, estimate.method, exposure, contrast);
        }
    }

    /**
     * The light of a photo, for batch references and consistency checks: white point and reference brightness as
     * {@link WhiteBalanceMethod#AUTO} estimates them, and the product's median brightness (the photo's, when
     * {@code alpha} is null).
     */
    public ColourMeasurement measure(Mat bgr, Mat alpha) {
        Mats.requireBgr8(bgr, "photo");
        Mats.requireOptionalMaskFor(alpha, bgr, "alpha");
        try (MatScope scope = Mats.scope()) {
            Mat work = Mats.fittedWithin(bgr, WORKING_SIZE, scope);
            Mat workAlpha = alpha == null ? null : Mats.fittedWithin(alpha, WORKING_SIZE, scope);
            Mat lab = Mats.lab(work, scope);
            Mat linear = scope.mat();
            Core.LUT(work, SRGB_TO_LINEAR, linear);
            Estimate estimate = estimate(bgr, work, workAlpha, lab, linear, ColourOptions.defaults(), scope);
            double luminance = luminance(estimate.white);
            WhiteBalanceGains white = luminance <= 1e-6 ? WhiteBalanceGains.NONE
                    : new WhiteBalanceGains(estimate.white.val[0] / luminance, estimate.white.val[1] / luminance,
                            estimate.white.val[2] / luminance);
            // the product's brightness once white-balanced, as the corrector will compare it
            Mat balanced = scope.mat();
            Core.LUT(work, scope.add(correctionTable(gainsFor(estimate.white, new boolean[1]))), balanced);
            return new ColourMeasurement(white, luminance,
                    medianLuminance(balanced, productMask(workAlpha, scope), scope), estimate.reference);
        }
    }

    /** Measures several photos of one session (alphas may be null, or hold nulls) into their batch reference. */
    public BatchColourReference batchReference(List<Mat> photos, List<Mat> alphas) {
        if (photos == null || photos.isEmpty()) {
            throw new IllegalArgumentException("a batch reference needs at least one photo");
        }
        if (alphas != null && alphas.size() != photos.size()) {
            throw new IllegalArgumentException("got " + photos.size() + " photos but " + alphas.size() + " masks");
        }
        return BatchColourReference.of(java.util.stream.IntStream.range(0, photos.size())
                .mapToObj(i -> measure(photos.get(i), alphas == null ? null : alphas.get(i))).toList());
    }

    // ------------------------------------------------------------------ reference

    /** A white point estimate: linear BGR, the pixels it came from (null = all), their share of the photo. */
    private record Estimate(Scalar white, NeutralReference reference, Mat mask, double share,
                            WhiteBalanceMethod method) {
    }

    private static Estimate estimate(Mat original, Mat work, Mat workAlpha, Mat lab, Mat linear, ColourOptions options,
                                     MatScope scope) {
        Mat usable = scope.mat();
        Core.inRange(work, Scalar.all(DARK + 1), Scalar.all(CLIPPED - 1), usable);
        if (options.neutralPatch() != null) {
            return patch(original, work, usable, linear, options.neutralPatch(), options.method(), scope);
        }
        return switch (options.method()) {
            case AUTO -> auto(workAlpha, lab, linear, usable, scope);
            case GREY_WORLD -> greyWorld(linear, usable, WhiteBalanceMethod.GREY_WORLD);
            case WHITE_PATCH -> whitePatch(work, linear, usable, scope);
            case LEARNING_BASED -> learned(work, linear, usable, scope);
        };
    }

    /** The background around the product, else near-neutral pixels, else the whole photo. */
    private static Estimate auto(Mat workAlpha, Mat lab, Mat linear, Mat usable, MatScope scope) {
        if (workAlpha != null) {
            Mat background = backgroundMask(workAlpha, scope);
            Core.bitwise_and(background, usable, background);
            double share = share(background);
            if (share >= MIN_REFERENCE_SHARE) {
                return new Estimate(Core.mean(linear, background), NeutralReference.BACKGROUND, background, share,
                        WhiteBalanceMethod.AUTO);
            }
        }
        Mat neutral = neutralMask(lab, scope);
        Core.bitwise_and(neutral, usable, neutral);
        double share = share(neutral);
        if (share >= MIN_REFERENCE_SHARE) {
            return new Estimate(Core.mean(linear, neutral), NeutralReference.NEUTRAL_PIXELS, neutral, share,
                    WhiteBalanceMethod.AUTO);
        }
        return greyWorld(linear, usable, WhiteBalanceMethod.AUTO);
    }

    private static Estimate greyWorld(Mat linear, Mat usable, WhiteBalanceMethod method) {
        if (Core.countNonZero(usable) == 0) {
            return new Estimate(Core.mean(linear), NeutralReference.WHOLE_IMAGE, null, 1, method);
        }
        return new Estimate(Core.mean(linear, usable), NeutralReference.WHOLE_IMAGE, usable, share(usable), method);
    }

    /** The unclipped pixels from the {@value #WHITE_PATCH_PERCENTILE} brightness percentile up. */
    private static Estimate whitePatch(Mat work, Mat linear, Mat usable, MatScope scope) {
        Mat grey = scope.mat();
        Imgproc.cvtColor(work, grey, Imgproc.COLOR_BGR2GRAY);
        double[] histogram = histogram(grey, usable, scope);
        double count = Arrays.stream(histogram).sum();
        if (count == 0) {
            return greyWorld(linear, usable, WhiteBalanceMethod.WHITE_PATCH);
        }
        int level = levelAtShare(histogram, count, WHITE_PATCH_PERCENTILE / 100);
        Mat bright = scope.mat();
        Core.compare(grey, new Scalar(level), bright, Core.CMP_GE);
        Core.bitwise_and(bright, usable, bright);
        return new Estimate(Core.mean(linear, bright), NeutralReference.BRIGHTEST_PIXELS, bright, share(bright),
                WhiteBalanceMethod.WHITE_PATCH);
    }

    /**
     * OpenCV's learning-based balance, applied to the working copy; its effective per-channel gain (in linear
     * light, over the unclipped pixels) gives the white point, so the correction itself stays ours (knee, tables).
     */
    private static Estimate learned(Mat work, Mat linear, Mat usable, MatScope scope) {
        LearningBasedWB balancer = Xphoto.createLearningBasedWB();
        Mat balanced = scope.mat();
        balancer.balanceWhite(work, balanced);
        Mat balancedLinear = scope.mat();
        Core.LUT(balanced, SRGB_TO_LINEAR, balancedLinear);
        boolean any = Core.countNonZero(usable) > 0;
        Scalar in = any ? Core.mean(linear, usable) : Core.mean(linear);
        Scalar out = any ? Core.mean(balancedLinear, usable) : Core.mean(balancedLinear);
        double[] white = new double[3];
        for (int c = 0; c < 3; c++) {
            // its gain per channel is out/in, so the light it removed is in/out
            white[c] = out.val[c] <= 1e-6 ? in.val[c] : in.val[c] / out.val[c];
        }
        // scaled to the photo's own mean brightness, so the cast it reports reads like the other methods'
        double scale = luminance(in) / Math.max(luminance(new Scalar(white)), 1e-6);
        return new Estimate(new Scalar(white[0] * scale, white[1] * scale, white[2] * scale), NeutralReference.LEARNED,
                null, 1, WhiteBalanceMethod.LEARNING_BASED);
    }

    /** A grey card or other neutral patch, given in the photo's own coordinates. */
    private static Estimate patch(Mat original, Mat work, Mat usable, Mat linear, Rect patch, WhiteBalanceMethod method,
                                  MatScope scope) {
        if (patch.x < 0 || patch.y < 0 || patch.x + patch.width > original.cols()
                || patch.y + patch.height > original.rows()) {
            throw new IllegalArgumentException(String.format("the neutral patch (x %d, y %d, %dx%d px) lies outside "
                            + "the %dx%d photo", patch.x, patch.y, patch.width, patch.height, original.cols(),
                    original.rows()));
        }
        double scale = (double) work.cols() / original.cols();
        int x = (int) Math.floor(patch.x * scale);
        int y = (int) Math.floor(patch.y * scale);
        int right = Math.max(x + 1, (int) Math.ceil((patch.x + patch.width) * scale));
        int bottom = Math.max(y + 1, (int) Math.ceil((patch.y + patch.height) * scale));
        Mat mask = scope.add(Mat.zeros(work.size(), CvType.CV_8UC1));
        scope.add(mask.submat(new Rect(x, y, Math.min(right, work.cols()) - x, Math.min(bottom, work.rows()) - y)))
                .setTo(Scalar.all(255));
        Core.bitwise_and(mask, usable, mask);
        if (Core.countNonZero(mask) == 0) {
            throw new IllegalArgumentException("the neutral patch has no usable pixels: it is blown out to white or "
                    + "black; expose the grey card so it sits in the middle of the histogram");
        }
        return new Estimate(Core.mean(linear, mask), NeutralReference.PATCH, mask, share(mask), method);
    }

    /** Background pixels, pulled back from the product's edge, where colours of both mix. */
    private static Mat backgroundMask(Mat alpha, MatScope scope) {
        Mat background = scope.mat();
        Core.compare(alpha, new Scalar(BACKGROUND_ALPHA), background, Core.CMP_LT);
        int margin = Math.max(3, (int) Math.round(Math.min(alpha.cols(), alpha.rows()) * 0.015)) | 1;
        Mat kernel = scope.add(Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE, new Size(margin, margin)));
        Imgproc.erode(background, background, kernel);
        return background;
    }

    /** Product pixels, or null (the whole photo) without a mask or with too little product to measure. */
    private static Mat productMask(Mat workAlpha, MatScope scope) {
        if (workAlpha == null) {
            return null;
        }
        Mat product = scope.mat();
        Core.compare(workAlpha, new Scalar(PRODUCT_ALPHA), product, Core.CMP_GE);
        return share(product) >= 0.01 ? product : null;
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

    // ------------------------------------------------------------------ brightness

    static double luminance(Scalar linearBgr) {
        return 0.0722 * linearBgr.val[0] + 0.7152 * linearBgr.val[1] + 0.2126 * linearBgr.val[2];
    }

    private static double meanLuminance(Mat bgr8, Mat mask, MatScope scope) {
        Mat linear = scope.mat();
        Core.LUT(bgr8, SRGB_TO_LINEAR, linear);
        return luminance(mask == null ? Core.mean(linear) : Core.mean(linear, mask));
    }

    /**
     * Median brightness (linear) of the masked pixels: the median of the grey levels, interpolated inside its
     * histogram bin, then linearised. The median, not the mean, so a few highlights or a dark label do not move it.
     */
    static double medianLuminance(Mat bgr8, Mat mask, MatScope scope) {
        Mat grey = scope.mat();
        Imgproc.cvtColor(bgr8, grey, Imgproc.COLOR_BGR2GRAY);
        double[] histogram = histogram(grey, mask, scope);
        double count = Arrays.stream(histogram).sum();
        if (count == 0) {
            return 0;
        }
        double half = count / 2;
        double below = 0;
        for (int level = 0; level < 256; level++) {
            if (below + histogram[level] >= half) {
                double within = histogram[level] == 0 ? 0.5 : (half - below) / histogram[level];
                return srgbToLinear(Math.clamp((level + within) / 255.0, 0, 1));
            }
            below += histogram[level];
        }
        return 1;
    }

    private static double[] histogram(Mat grey, Mat mask, MatScope scope) {
        Mat hist = scope.mat();
        Imgproc.calcHist(List.of(grey), scope.add(new MatOfInt(0)), mask == null ? scope.mat() : mask, hist,
                scope.add(new MatOfInt(256)), scope.add(new MatOfFloat(0, 256)));
        double[] values = new double[256];
        for (int i = 0; i < 256; i++) {
            values[i] = hist.get(i, 0)[0];
        }
        return values;
    }

    /** The lowest level with at least {@code share} of the pixels below it. */
    private static int levelAtShare(double[] histogram, double count, double share) {
        double below = 0;
        for (int level = 0; level < 256; level++) {
            below += histogram[level];
            if (below >= share * count) {
                return level;
            }
        }
        return 255;
    }

    // ------------------------------------------------------------------ gains and tables

    /** Gains that turn the reference grey at its own luminance, clamped to a sane range. */
    static WhiteBalanceGains gainsFor(Scalar linearBgr, boolean[] clamped) {
        return gainsFor(linearBgr, null, clamped);
    }

    /**
     * Gains that turn the reference into {@code target}'s colour (null = grey) at the reference's own luminance,
     * clamped to a sane range.
     */
    static WhiteBalanceGains gainsFor(Scalar linearBgr, WhiteBalanceGains target, boolean[] clamped) {
        double luminance = luminance(linearBgr);
        if (luminance <= 1e-6) {
            return WhiteBalanceGains.NONE;
        }
        double[] wanted = {1, 1, 1};
        if (target != null) {
            double targetLuminance = 0.0722 * target.blue() + 0.7152 * target.green() + 0.2126 * target.red();
            wanted = new double[] {target.blue() / targetLuminance, target.green() / targetLuminance,
                    target.red() / targetLuminance};
        }
        double[] gains = new double[3];
        for (int i = 0; i < gains.length; i++) {
            double raw = wanted[i] * luminance / Math.max(linearBgr.val[i], 1e-6);
            double bounded = Math.clamp(raw, MIN_GAIN, MAX_GAIN);
            if (bounded != raw) {
                clamped[0] = true;
            }
            gains[i] = bounded;
        }
        return new WhiteBalanceGains(gains[0], gains[1], gains[2]);
    }

    /** An 8-bit BGR colour in linear light. */
    private static WhiteBalanceGains linearOf(Scalar bgr) {
        return new WhiteBalanceGains(srgbToLinear(bgr.val[0] / 255), srgbToLinear(bgr.val[1] / 255),
                srgbToLinear(bgr.val[2] / 255));
    }

    /**
     * The power {@code c} of a curve {@code k x^c} (linear light) that takes the product's and the sweep's current
     * brightness to the wanted ones; bounded to 0.5..2 (beyond that the two measures disagree about more than
     * exposure); {@code k} then follows from the product alone.
     */
    static double twoPointCurve(double product, double sweep, double wantedProduct, double wantedSweep) {
        double apart = Math.log(Math.max(sweep, 1e-4) / Math.max(product, 1e-4));
        double wantedApart = Math.log(Math.max(wantedSweep, 1e-4) / Math.max(wantedProduct, 1e-4));
        if (Math.abs(apart) < 0.1 || Math.abs(wantedApart) < 0.1 || Math.signum(apart) != Math.signum(wantedApart)) {
            return 1; // product and sweep about equally bright: no contrast to match
        }
        return Math.clamp(wantedApart / apart, MIN_CONTRAST, MAX_CONTRAST);
    }

    /** A 1x256 CV_8UC3 lookup table applying the gains in linear light. */
    static Mat correctionTable(WhiteBalanceGains gains) {
        return correctionTable(gains, 1, 1);
    }

    /**
     * A 1x256 CV_8UC3 lookup table applying, in linear light, the white balance gains, then the contrast power
     * (which keeps black and white where they are), then the exposure gain.
     */
    static Mat correctionTable(WhiteBalanceGains gains, double contrast, double exposure) {
        double[] perChannel = {gains.blue(), gains.green(), gains.red()};
        byte[] table = new byte[256 * 3];
        for (int v = 0; v < 256; v++) {
            double linear = srgbToLinear(v / 255.0);
            for (int c = 0; c < 3; c++) {
                double balanced = applyGain(linear, perChannel[c]);
                double toned = contrast == 1 ? balanced : Math.pow(balanced, contrast);
                double out = linearToSrgb(applyExposure(toned, exposure));
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

    /**
     * Exposure gain in linear light that never clips: darkening keeps full white white (as {@link #applyGain});
     * brightening is linear up to {@link #SHOULDER} and then bends, with matching slope, into a curve
     * {@code 1 - (1 - u)^p} that reaches full white exactly where full white was.
     */
    static double applyExposure(double linear, double gain) {
        if (gain == 1) {
            return linear;
        }
        if (gain < 1) {
            return applyGain(linear, gain);
        }
        double scaled = linear * gain;
        if (scaled <= SHOULDER) {
            return scaled;
        }
        double power = (gain - SHOULDER) / (1 - SHOULDER);
        double u = Math.min(1, (scaled - SHOULDER) / (gain - SHOULDER));
        return Math.min(1, SHOULDER + (1 - SHOULDER) * (1 - Math.pow(1 - u, power)));
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
     * The product of: how the reference was chosen (background or a grey card 1, neutral pixels 0.75, the
     * learned estimate 0.6, the brightest pixels 0.5, whole image 0.4); its size (full marks from 15% of the
     * frame; a grey card only needs to be there); its uniformity (Lab spread 4 or less is a plain sweep, 16 or
     * more is a scene); how tinted it was (up to chroma 20 a white-balance error, 40 and more a coloured
     * backdrop); and half marks if a gain had to be clamped.
     */
    static double confidence(NeutralReference reference, double share, double spread, ColourCast before,
                             boolean clamped) {
        double method = switch (reference) {
            case BACKGROUND, PATCH -> 1.0;
            case NEUTRAL_PIXELS -> 0.75;
            case LEARNED -> 0.6;
            case BRIGHTEST_PIXELS -> 0.5;
            case WHOLE_IMAGE -> 0.4;
        };
        double size = reference == NeutralReference.PATCH ? 1 : Math.min(1, share / 0.15);
        double uniformity = Math.clamp(1 - (spread - 4) / 12, 0, 1);
        double neutrality = Math.clamp(1 - (before.chroma() - 20) / 20, 0, 1);
        return method * size * uniformity * neutrality * (clamped ? 0.5 : 1);
    }
}
