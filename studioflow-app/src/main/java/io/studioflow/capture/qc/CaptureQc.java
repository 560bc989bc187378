package io.studioflow.capture.qc;

import io.studioflow.platform.imaging.MatScope;
import io.studioflow.platform.imaging.Mats;
import io.studioflow.platform.imaging.OpenCv;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.springframework.stereotype.Component;

/**
 * Checks a photographer's photo before any processing: sharp enough, large enough, neither blown out
 * nor black, and whether it has a colour cast. Every measure is taken on a copy scaled to at most
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

    private final QcThresholds thresholds;

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
        Mats.requireBgr8(bgr, "photo");
        try (MatScope scope = Mats.scope()) {
            Mat work = Mats.fittedWithin(bgr, WORKING_SIZE, scope);
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

            return judge(bgr.cols(), bgr.rows(), sharpness, meanLuminance, clippedShare, crushedShare, cast, limits);
        }
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

    private static QcReport judge(int width, int height, double sharpness, double meanLuminance, double clippedShare,
                                  double crushedShare, double[] cast, QcThresholds t) {
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

        double certainty = failingCertainty.isEmpty()
                ? passingCertainty.stream().mapToDouble(Double::doubleValue).min().orElse(1)
                : failingCertainty.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        double confidence = 0.5 + 0.5 * certainty;
        return new QcReport(width, height, sharpness, meanLuminance, clippedShare, crushedShare, cast[0], cast[1],
                cast[2], cast[3], failures, confidence);
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

    /** Names the hue a cast leans to, from its direction in the a*b* plane. */
    static String castDirection(double a, double b) {
        String[] names = {"magenta", "orange", "yellow", "yellow-green", "green", "cyan", "blue", "purple"};
        double degrees = Math.toDegrees(Math.atan2(b, a));
        int sector = Math.floorMod(Math.round(degrees / 45.0), 8);
        return names[sector];
    }
}
