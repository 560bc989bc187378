package io.studioflow.capture.qc;

import io.studioflow.platform.imaging.MatScope;
import io.studioflow.platform.imaging.Mats;
import io.studioflow.platform.imaging.OpenCv;
import io.studioflow.processing.colour.BatchColourReference;
import io.studioflow.processing.colour.ColourCorrector;
import io.studioflow.processing.colour.ColourMeasurement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.springframework.stereotype.Component;

/**
 * Checks a photographer's photo before any processing: sharp enough, large enough, neither blown out
 * nor black, not noisy, level, the product inside the frame, and whether it has a colour cast or light unlike
 * the rest of its session. Every measure is taken on a copy scaled to at most
 * {@value #WORKING_SIZE} px, so the numbers mean the same for a 3000 px and a 6000 px photo; smaller
 * photos are measured as they are, since enlarging would blur them.
 */
@Component
public class CaptureQc {

    static final int WORKING_SIZE = 1024;
    /** Sharpness is scored per tile of this size in the working image; the sharpest 5% of the tiles count. */
    static final int TILE = 64;
    static final double SHARPEST_PERCENTILE = 0.95;
    /** A tile whose grey values vary less than this is plain background (sweep, sky, wall). */
    static final double MIN_CONTENT_DEVIATION = 4;
    static final int CLIPPED_LEVEL = 250;
    static final int CRUSHED_LEVEL = 5;
    /** Pixels whose Lab chroma is below this are treated as meant-to-be-neutral (sweep, grey card, white). */
    static final double NEUTRAL_CHROMA = 30;
    /** Below this share of neutral pixels the cast falls back to the whole-image average. */
    static final double MIN_NEUTRAL_SHARE = 0.02;
    /** Noise is estimated per tile of this size; the flattest {@value #FLATTEST_SHARE} of the tiles count. */
    static final int NOISE_TILE = 32;
    static final int NOISE_TILES_ACROSS = 40;
    static final double FLATTEST_SHARE = 0.1;
    /** Lines leaning more than this from level or upright are meant to be diagonal: they say nothing about tilt. */
    static final double MAX_LINE_LEAN = 20;
    /** Straight lines shorter than this share of the short side are texture, not a horizon or an edge. */
    static final double MIN_LINE_LENGTH = 0.12;
    /** Tilt is only judged when lines of at least this share of the short side were found ... */
    static final double MIN_LINE_EVIDENCE = 0.5;
    /** ... and at least this share of their length agrees (within {@value #LINE_AGREEMENT_DEGREES} degrees). */
    static final double MIN_LINE_AGREEMENT = 0.5;
    static final double LINE_AGREEMENT_DEGREES = 1.5;
    /** Alpha from this up is product. */
    static final int PRODUCT_ALPHA = 128;
    /** Border samples further than this (Lab) from the border's median are something other than background. */
    static final double BACKGROUND_DISTANCE = 18;
    /**
     * Without a mask, the border is judged only when at least {@value #MIN_PLAIN_BORDER} of it lies within
     * {@value #PLAIN_DISTANCE} (Lab) of its median: a studio sweep does (a clean packshot: all of it, one cut by the
     * frame: 88%), a scene or a textured wall does not (the real test photos: 36% or less; a brick wall 73-80%).
     */
    static final double PLAIN_DISTANCE = 6;
    static final double MIN_PLAIN_BORDER = 0.75;
    /**
     * Without a mask, a run of non-background along a side counts as the product only from this share of the side
     * on (or the threshold's own, if larger): a border estimate cannot tell a thin cut from a texture's blotch.
     */
    static final double MIN_ESTIMATED_CONTACT = 0.1;

    private final QcThresholds thresholds;
    private final ColourCorrector colour = new ColourCorrector();

    public CaptureQc() {
        this(QcThresholds.defaults());
    }

    public CaptureQc(QcThresholds thresholds) {
        OpenCv.load();
        this.thresholds = thresholds;
    }

    public QcThresholds thresholds() {
        return thresholds;
    }

    /** Inspects with this service's thresholds. */
    public QcReport inspect(Mat bgr) {
        return inspect(bgr, thresholds);
    }

    /** Inspects an 8-bit BGR photo (not modified) against the given thresholds. */
    public QcReport inspect(Mat bgr, QcThresholds limits) {
        return inspect(bgr, null, null, limits);
    }

    /**
     * Inspects with this service's thresholds, using the product mask when there is one and comparing the light
     * with the session's when a batch reference is given.
     *
     * @param alpha product mask, CV_8UC1, 255 = product; may be null (the frame's border is then judged against
     *              the plain background around it)
     * @param batch the session's light; may be null (then lighting consistency is not checked)
     */
    public QcReport inspect(Mat bgr, Mat alpha, BatchColourReference batch) {
        return inspect(bgr, alpha, batch, thresholds);
    }

    /** Inspects an 8-bit BGR photo (not modified), with optional mask and session reference, against limits. */
    public QcReport inspect(Mat bgr, Mat alpha, BatchColourReference batch, QcThresholds limits) {
        Mats.requireBgr8(bgr, "photo");
        Mats.requireOptionalMaskFor(alpha, bgr, "alpha");
        try (MatScope scope = Mats.scope()) {
            Mat work = Mats.fittedWithin(bgr, WORKING_SIZE, scope);
            Mat workAlpha = alpha == null ? null : Mats.fittedWithin(alpha, WORKING_SIZE, scope);
            Mat grey = scope.mat();
            Imgproc.cvtColor(work, grey, Imgproc.COLOR_BGR2GRAY);

            double sharpness = sharpness(grey, scope);
            double total = grey.total();
            double meanLuminance = Core.mean(grey).val[0];
            Mat level = scope.mat();
            Core.compare(grey, new Scalar(CLIPPED_LEVEL), level, Core.CMP_GE);
            double clippedShare = Core.countNonZero(level) / total;
            Core.compare(grey, new Scalar(CRUSHED_LEVEL), level, Core.CMP_LE);
            double crushedShare = Core.countNonZero(level) / total;
            double[] cast = colourCast(work, scope);
            double noise = noise(bgr, scope);
            Measures measures = new Measures(bgr.cols(), bgr.rows(), sharpness, meanLuminance, clippedShare,
                    crushedShare, cast, noise, tilt(grey, noise, scope),
                    workAlpha != null ? edgesFromMask(workAlpha, limits.maxEdgeContact(), scope)
                            : edgesFromBorder(work, limits.maxEdgeContact(), scope),
                    lighting(bgr, alpha, batch));
            return judge(measures, limits);
        }
    }

    /** Everything measured on one photo, before judging. */
    private record Measures(int width, int height, double sharpness, double meanLuminance, double clippedShare,
                            double crushedShare, double[] cast, double noise, Tilt tilt, Edges edges,
                            double[] lighting) {
    }

    /** The dominant lean of level/upright lines; {@code judged} false when there were too few lines to tell. */
    record Tilt(double degrees, boolean judged, double agreement, double evidence) {
    }

    /** Sides the product touches, the largest contact share found, and how it was judged. */
    record Edges(List<String> sides, double contact, QcReport.EdgeCheck check) {
    }

    // ------------------------------------------------------------------ noise

    /**
     * Noise as a standard deviation in grey levels at full resolution (as a buyer sees it in a zoomed listing;
     * scaling down would both hide it and make it look smoother than a high-pass can measure): the response to
     * Immerkaer's kernel (a second difference that cancels flat areas, ramps and straight edges, leaving 6x the
     * noise), turned into a standard deviation per tile by its median absolute value (robust against the few edges
     * left), and taken in the flattest tenth of the tiles, where texture is least likely to pass for noise. At most
     * {@value #NOISE_TILES_ACROSS}² tiles spread over the photo are measured, so a 50 MP photo costs what a small one
     * does. Tiles at the clipping ends carry no visible noise and are left out.
     */
    static double noise(Mat bgr, MatScope scope) {
        Mat kernel = scope.add(new Mat(3, 3, CvType.CV_32F));
        kernel.put(0, 0, 1, -2, 1, -2, 4, -2, 1, -2, 1);
        int cols = bgr.cols();
        int rows = bgr.rows();
        int size = NOISE_TILE + 2; // one pixel of context on each side for the 3x3 kernel
        int across = Math.min(NOISE_TILES_ACROSS, (cols - 2) / NOISE_TILE);
        int down = Math.min(NOISE_TILES_ACROSS, (rows - 2) / NOISE_TILE);
        List<Double> tileNoise = new ArrayList<>();
        float[] values = new float[size * size];
        byte[] levels = new byte[size * size];
        float[] tile = new float[NOISE_TILE * NOISE_TILE];
        Mat grey = scope.mat();
        Mat response = scope.mat();
        for (int ty = 0; ty < down; ty++) {
            int top = (int) ((long) ty * (rows - size) / Math.max(1, down - 1));
            for (int tx = 0; tx < across; tx++) {
                int left = (int) ((long) tx * (cols - size) / Math.max(1, across - 1));
                Mat region = bgr.submat(new Rect(left, top, size, size));
                Imgproc.cvtColor(region, grey, Imgproc.COLOR_BGR2GRAY);
                region.release();
                Imgproc.filter2D(grey, response, CvType.CV_32F, kernel);
                response.get(0, 0, values);
                grey.get(0, 0, levels);
                int n = 0;
                long levelSum = 0;
                for (int y = 1; y <= NOISE_TILE; y++) {
                    for (int x = 1; x <= NOISE_TILE; x++) {
                        tile[n++] = Math.abs(values[y * size + x]);
                        levelSum += levels[y * size + x] & 0xff;
                    }
                }
                double meanLevel = levelSum / (double) n;
                if (meanLevel >= CLIPPED_LEVEL || meanLevel <= CRUSHED_LEVEL) {
                    continue;
                }
                Arrays.sort(tile, 0, n);
                tileNoise.add(1.4826 * tile[n / 2] / 6);
            }
        }
        if (tileNoise.isEmpty()) {
            return 0;
        }
        tileNoise.sort(null);
        return tileNoise.get((int) Math.floor(FLATTEST_SHARE * (tileNoise.size() - 1)));
    }

    // ------------------------------------------------------------------ tilt

    /**
     * The lean of the photo's long straight lines (Canny edges, probabilistic Hough): each line's deviation from
     * the nearest of level and upright, weighted by its length; the weighted median is the tilt. Judged only when
     * there are enough lines and most of them agree, since perspective and round products give lines that lean
     * every way. The smoothing before edge detection grows with the photo's noise, which otherwise lines up into
     * short false edges.
     */
    static Tilt tilt(Mat grey, double noise, MatScope scope) {
        Mat smooth = scope.mat();
        Imgproc.GaussianBlur(grey, smooth, new Size(0, 0), 1.5 + 0.25 * noise);
        Mat edges = scope.mat();
        Imgproc.Canny(smooth, edges, 40, 120);
        int shortSide = Math.min(grey.cols(), grey.rows());
        Mat lines = scope.mat();
        Imgproc.HoughLinesP(edges, lines, 1, Math.PI / 720, 50, MIN_LINE_LENGTH * shortSide, 4);
        List<double[]> leans = new ArrayList<>();
        double total = 0;
        for (int i = 0; i < lines.rows(); i++) {
            double[] l = lines.get(i, 0);
            double dx = l[2] - l[0];
            double dy = l[3] - l[1];
            double length = Math.hypot(dx, dy);
            double angle = Math.toDegrees(Math.atan2(dy, dx));
            double lean = angle - 90 * Math.round(angle / 90); // to the nearest of level and upright, -45..45
            if (Math.abs(lean) <= MAX_LINE_LEAN) {
                leans.add(new double[] {lean, length});
                total += length;
            }
        }
        if (leans.isEmpty()) {
            return new Tilt(0, false, 0, 0);
        }
        leans.sort((x, y) -> Double.compare(x[0], y[0]));
        double median = leans.getLast()[0];
        double cumulative = 0;
        for (double[] lean : leans) {
            cumulative += lean[1];
            if (cumulative >= total / 2) {
                median = lean[0];
                break;
            }
        }
        double agreeing = 0;
        for (double[] lean : leans) {
            if (Math.abs(lean[0] - median) <= LINE_AGREEMENT_DEGREES) {
                agreeing += lean[1];
            }
        }
        double agreement = agreeing / total;
        double evidence = total / shortSide;
        boolean judged = evidence >= MIN_LINE_EVIDENCE && agreement >= MIN_LINE_AGREEMENT;
        return new Tilt(judged ? median : 0, judged, agreement, evidence);
    }

    // ------------------------------------------------------------------ product cut off by the frame

    /** The sides whose outermost line of pixels is product over more than {@code maxContact} of its length. */
    static Edges edgesFromMask(Mat alpha, double maxContact, MatScope scope) {
        Mat product = scope.mat();
        Core.compare(alpha, new Scalar(PRODUCT_ALPHA), product, Core.CMP_GE);
        int w = product.cols();
        int h = product.rows();
        String[] names = {"top", "bottom", "left", "right"};
        Rect[] lines = {new Rect(0, 0, w, 1), new Rect(0, h - 1, w, 1), new Rect(0, 0, 1, h), new Rect(w - 1, 0, 1, h)};
        List<String> touched = new ArrayList<>();
        double contact = 0;
        for (int i = 0; i < names.length; i++) {
            Mat line = product.submat(lines[i]);
            double share = Core.countNonZero(line) / (double) line.total();
            line.release();
            contact = Math.max(contact, share);
            if (share > maxContact) {
                touched.add(names[i]);
            }
        }
        return new Edges(touched, contact, QcReport.EdgeCheck.MASK);
    }

    /**
     * Without a mask: the frame's border (its outer 3 px, averaged) against the border's own median colour. On a
     * plain sweep most of the border is that colour, and a long run of something else on one side is the product
     * going out of the frame. A scene or busy backdrop has no plain border: then nothing is judged.
     */
    static Edges edgesFromBorder(Mat work, double maxContact, MatScope scope) {
        Mat lab = Mats.lab(work, scope);
        int w = lab.cols();
        int h = lab.rows();
        int depth = Math.min(3, Math.min(w, h));
        String[] names = {"top", "bottom", "left", "right"};
        Rect[] bands = {new Rect(0, 0, w, depth), new Rect(0, h - depth, w, depth), new Rect(0, 0, depth, h),
                new Rect(w - depth, 0, depth, h)};
        float[][] sides = new float[4][];
        for (int i = 0; i < 4; i++) {
            Mat band = lab.submat(bands[i]);
            Mat line = scope.mat();
            Core.reduce(band, line, i < 2 ? 0 : 1, Core.REDUCE_AVG);
            band.release();
            sides[i] = new float[(int) line.total() * 3];
            line.get(0, 0, sides[i]);
        }
        double[] median = new double[3];
        for (int c = 0; c < 3; c++) {
            List<Float> channel = new ArrayList<>();
            for (float[] side : sides) {
                for (int k = c; k < side.length; k += 3) {
                    channel.add(side[k]);
                }
            }
            channel.sort(null);
            median[c] = channel.get(channel.size() / 2);
        }
        int samples = 0;
        int plain = 0;
        double[] longestRun = new double[4];
        for (int i = 0; i < 4; i++) {
            float[] side = sides[i];
            int n = side.length / 3;
            int run = 0;
            int longest = 0;
            for (int k = 0; k < n; k++) {
                double distance = Math.sqrt(square(side[3 * k] - median[0]) + square(side[3 * k + 1] - median[1])
                        + square(side[3 * k + 2] - median[2]));
                samples++;
                if (distance <= PLAIN_DISTANCE) {
                    plain++;
                }
                if (distance <= BACKGROUND_DISTANCE) {
                    run = 0;
                } else {
                    longest = Math.max(longest, ++run);
                }
            }
            longestRun[i] = longest / (double) n;
        }
        if (plain < MIN_PLAIN_BORDER * samples) {
            return new Edges(List.of(), 0, QcReport.EdgeCheck.NOT_JUDGED);
        }
        List<String> touched = new ArrayList<>();
        double contact = 0;
        for (int i = 0; i < 4; i++) {
            contact = Math.max(contact, longestRun[i]);
            if (longestRun[i] > Math.max(maxContact, MIN_ESTIMATED_CONTACT)) {
                touched.add(names[i]);
            }
        }
        return new Edges(touched, contact, QcReport.EdgeCheck.BORDER_ESTIMATE);
    }

    private static double square(double v) {
        return v * v;
    }

    // ------------------------------------------------------------------ lighting against the session

    /** {white point distance, stops} against the session, or NaNs without one. */
    private double[] lighting(Mat bgr, Mat alpha, BatchColourReference batch) {
        if (batch == null) {
            return new double[] {Double.NaN, Double.NaN};
        }
        ColourMeasurement measurement = colour.measure(bgr, alpha);
        return new double[] {measurement.whitePointDistance(batch.whitePoint()),
                measurement.stopsFrom(batch.subjectLuminance())};
    }

    /**
     * Variance of the Laplacian per tile, then the 95th percentile over the tiles that show something
     * (grey standard deviation of at least {@value #MIN_CONTENT_DEVIATION}): the global variance would call
     * a sharp product on a large plain sweep "blurred", since the sweep has no edges at all.
     */
    static double sharpness(Mat grey, MatScope scope) {
        Mat laplacian = scope.mat();
        Imgproc.Laplacian(grey, laplacian, CvType.CV_32F);
        int across = Math.max(1, grey.cols() / TILE);
        int down = Math.max(1, grey.rows() / TILE);
        double[] all = new double[across * down];
        double[] withContent = new double[across * down];
        int contentTiles = 0;
        MatOfDouble mean = scope.add(new MatOfDouble());
        MatOfDouble deviation = scope.add(new MatOfDouble());
        for (int ty = 0; ty < down; ty++) {
            int top = ty * grey.rows() / down;
            int bottom = (ty + 1) * grey.rows() / down;
            for (int tx = 0; tx < across; tx++) {
                int left = tx * grey.cols() / across;
                int right = (tx + 1) * grey.cols() / across;
                Mat greyTile = grey.submat(top, bottom, left, right);
                Core.meanStdDev(greyTile, mean, deviation);
                greyTile.release();
                boolean content = deviation.get(0, 0)[0] >= MIN_CONTENT_DEVIATION;
                Mat tile = laplacian.submat(top, bottom, left, right);
                Core.meanStdDev(tile, mean, deviation);
                tile.release();
                double sd = deviation.get(0, 0)[0];
                all[ty * across + tx] = sd * sd;
                if (content) {
                    withContent[contentTiles++] = sd * sd;
                }
            }
        }
        double[] scored = contentTiles > 0 ? Arrays.copyOf(withContent, contentTiles) : all;
        Arrays.sort(scored);
        return scored[(int) Math.floor(SHARPEST_PERCENTILE * (scored.length - 1))];
    }

    /** Returns {a*, b*, chroma, neutral share} of the near-neutral, unclipped pixels (or the whole image). */
    static double[] colourCast(Mat work, MatScope scope) {
        Mat lab = Mats.lab(work, scope);
        Mat lightness = scope.mat();
        Mat a = scope.mat();
        Mat b = scope.mat();
        Core.extractChannel(lab, lightness, 0);
        Core.extractChannel(lab, a, 1);
        Core.extractChannel(lab, b, 2);
        Mat chroma = scope.mat();
        Core.magnitude(a, b, chroma);

        Mat neutral = scope.mat();
        Core.compare(chroma, new Scalar(NEUTRAL_CHROMA), neutral, Core.CMP_LT);
        Mat lit = scope.mat();
        Core.compare(lightness, new Scalar(10), lit, Core.CMP_GT);
        Core.bitwise_and(neutral, lit, neutral);
        // clipped pixels are white whatever the light was: they carry no information about a cast
        Mat unclipped = scope.mat();
        Core.inRange(work, new Scalar(0, 0, 0), new Scalar(CLIPPED_LEVEL - 1, CLIPPED_LEVEL - 1, CLIPPED_LEVEL - 1),
                unclipped);
        Core.bitwise_and(neutral, unclipped, neutral);

        double share = Core.countNonZero(neutral) / (double) work.total();
        Scalar mean = share >= MIN_NEUTRAL_SHARE ? Core.mean(lab, neutral) : Core.mean(lab);
        double castA = mean.val[1];
        double castB = mean.val[2];
        return new double[] {castA, castB, Math.hypot(castA, castB), share >= MIN_NEUTRAL_SHARE ? share : 0};
    }

    private static QcReport judge(Measures m, QcThresholds t) {
        int width = m.width();
        int height = m.height();
        double sharpness = m.sharpness();
        double meanLuminance = m.meanLuminance();
        double clippedShare = m.clippedShare();
        double crushedShare = m.crushedShare();
        double[] cast = m.cast();
        List<QcFailure> failures = new ArrayList<>();
        List<Double> passingCertainty = new ArrayList<>();
        List<Double> failingCertainty = new ArrayList<>();

        int shortSide = Math.min(width, height);
        check(shortSide < t.minShortSide(), ratioCertainty(shortSide, t.minShortSide()), passingCertainty,
                failingCertainty, () -> failures.add(new QcFailure(QcCode.TOO_SMALL, String.format(Locale.ROOT,
                        "Photo is too small: %dx%d px, needs at least %d px on the short side: shoot or export "
                                + "at full resolution", width, height, t.minShortSide()))));

        check(sharpness < t.minSharpness(), ratioCertainty(sharpness, t.minSharpness()), passingCertainty,
                failingCertainty, () -> failures.add(new QcFailure(QcCode.BLURRED, String.format(Locale.ROOT,
                        "Photo is blurred (sharpness %.0f, needs at least %.0f): refocus and shoot again",
                        sharpness, t.minSharpness()))));

        boolean tooBright = meanLuminance > t.maxMeanLuminance();
        boolean blownOut = clippedShare > t.maxClippedShare();
        double overCertainty = exposureCertainty(tooBright, meanLuminance, t.maxMeanLuminance(),
                blownOut, clippedShare, t.maxClippedShare());
        check(tooBright || blownOut, overCertainty, passingCertainty, failingCertainty,
                () -> failures.add(new QcFailure(QcCode.OVEREXPOSED, String.format(Locale.ROOT,
                        "Photo is overexposed (mean brightness %.0f of 255, %.0f%% of pixels blown out to white): "
                                + "reduce exposure or light and shoot again", meanLuminance, clippedShare * 100))));

        boolean tooDark = meanLuminance < t.minMeanLuminance();
        boolean crushed = crushedShare > t.maxCrushedShare();
        double underCertainty = exposureCertainty(tooDark, meanLuminance, t.minMeanLuminance(),
                crushed, crushedShare, t.maxCrushedShare());
        check(tooDark || crushed, underCertainty, passingCertainty, failingCertainty,
                () -> failures.add(new QcFailure(QcCode.UNDEREXPOSED, String.format(Locale.ROOT,
                        "Photo is underexposed (mean brightness %.0f of 255, %.0f%% of pixels black): add light "
                                + "or increase exposure and shoot again", meanLuminance, crushedShare * 100))));

        if (cast[2] > t.maxCastChroma()) {
            failures.add(new QcFailure(QcCode.COLOUR_CAST, String.format(Locale.ROOT,
                    "Colour cast towards %s (strength %.0f, tolerance %.0f): colour correction will remove it; "
                            + "check the camera's white balance for the next shots",
                    castDirection(cast[0], cast[1]), cast[2], t.maxCastChroma())));
        }

        check(m.noise() > t.maxNoise(), ratioCertainty(Math.max(m.noise(), 0.1), t.maxNoise()), passingCertainty,
                failingCertainty, () -> failures.add(new QcFailure(QcCode.NOISY, String.format(Locale.ROOT,
                        "Photo is noisy (grain of %.1f grey levels on plain areas, tolerance %.1f): lower the ISO, "
                                + "add light or use a longer exposure on a tripod, and shoot again", m.noise(),
                        t.maxNoise()))));

        Tilt tilt = m.tilt();
        if (tilt.judged() && Math.abs(tilt.degrees()) > t.maxTiltDegrees()) {
            failures.add(new QcFailure(QcCode.TILTED, String.format(Locale.ROOT,
                    "Photo is tilted: straight lines (horizon, table edge, product sides) lean %.1f° %s, tolerance "
                            + "%.1f°: level the camera for the next shots; this one can be straightened in processing",
                    Math.abs(tilt.degrees()), tilt.degrees() < 0 ? "counter-clockwise" : "clockwise",
                    t.maxTiltDegrees())));
        }

        Edges edges = m.edges();
        if (edges.check() != QcReport.EdgeCheck.NOT_JUDGED) {
            // a border estimate can mistake a dark shadow for the product: never fully sure
            boolean masked = edges.check() == QcReport.EdgeCheck.MASK;
            double limit = masked ? t.maxEdgeContact() : Math.max(t.maxEdgeContact(), MIN_ESTIMATED_CONTACT);
            double certainty = ratioCertainty(Math.max(edges.contact(), 1e-3), limit) * (masked ? 1 : 0.7);
            check(!edges.sides().isEmpty(), certainty, passingCertainty, failingCertainty,
                    () -> failures.add(new QcFailure(QcCode.CUT_OFF, String.format(Locale.ROOT,
                            "The product touches the %s of the frame: leave a margin and retake",
                            sidesPhrase(edges.sides())))));
        }

        double shift = m.lighting()[0];
        double stops = m.lighting()[1];
        if (!Double.isNaN(shift)
                && (shift > t.maxWhitePointShift() || Math.abs(stops) > t.maxBrightnessStops())) {
            List<String> parts = new ArrayList<>();
            if (shift > t.maxWhitePointShift()) {
                parts.add(String.format(Locale.ROOT, "its white point is %.0f off (tolerance %.0f)", shift,
                        t.maxWhitePointShift()));
            }
            if (Math.abs(stops) > t.maxBrightnessStops()) {
                parts.add(String.format(Locale.ROOT, "the product is %.1f stops %s (tolerance %.1f)", Math.abs(stops),
                        stops > 0 ? "brighter" : "darker", t.maxBrightnessStops()));
            }
            failures.add(new QcFailure(QcCode.INCONSISTENT_LIGHTING, "Lighting differs from the rest of the session: "
                    + String.join(" and ", parts) + ": check the lights and camera settings for the next shots; "
                    + "colour correction will match this photo to the session"));
        }

        double certainty = failingCertainty.isEmpty()
                ? passingCertainty.stream().mapToDouble(Double::doubleValue).min().orElse(1)
                : failingCertainty.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        double confidence = 0.5 + 0.5 * certainty;
        return new QcReport(width, height, sharpness, meanLuminance, clippedShare, crushedShare, cast[0], cast[1],
                cast[2], cast[3], m.noise(), tilt.degrees(), edges.sides(), edges.check(), shift, stops, failures,
                confidence);
    }

    private static void check(boolean failing, double certainty, List<Double> passing, List<Double> failingList,
                              Runnable report) {
        if (failing) {
            failingList.add(certainty);
            report.run();
        } else {
            passing.add(certainty);
        }
    }

    /**
     * How sure an exposure verdict is, from its two measures (mean brightness, share of clipped pixels): when
     * either fails, as sure as the clearer failure; when both pass, as sure as the closer call.
     */
    private static double exposureCertainty(boolean meanFails, double mean, double meanLimit,
                                            boolean shareFails, double share, double shareLimit) {
        double meanCertainty = linearCertainty(mean, meanLimit, 30);
        double shareCertainty = linearCertainty(share, shareLimit, 0.25);
        return meanFails || shareFails
                ? Math.max(meanFails ? meanCertainty : 0, shareFails ? shareCertainty : 0)
                : Math.min(meanCertainty, shareCertainty);
    }

    /** 0 on the threshold, 1 at twice or half of it (for measures that scale, like sharpness and size). */
    static double ratioCertainty(double value, double threshold) {
        if (threshold <= 0) {
            return 1;
        }
        if (value <= 0) {
            return 1;
        }
        return Math.min(1, Math.abs(Math.log(value / threshold)) / Math.log(2));
    }

    /** 0 on the threshold, 1 at {@code clearDistance} from it. */
    static double linearCertainty(double value, double threshold, double clearDistance) {
        return Math.min(1, Math.abs(value - threshold) / clearDistance);
    }

    /** "bottom edge", "top and left edges". */
    static String sidesPhrase(List<String> sides) {
        if (sides.size() == 1) {
            return sides.get(0) + " edge";
        }
        return String.join(", ", sides.subList(0, sides.size() - 1)) + " and " + sides.getLast() + " edges";
    }

    /** Names the hue a cast leans to, from its direction in the a*b* plane. */
    static String castDirection(double a, double b) {
        String[] names = {"magenta", "orange", "yellow", "yellow-green", "green", "cyan", "blue", "purple"};
        double degrees = Math.toDegrees(Math.atan2(b, a));
        int sector = Math.floorMod(Math.round(degrees / 45.0), 8);
        return names[sector];
    }
}
