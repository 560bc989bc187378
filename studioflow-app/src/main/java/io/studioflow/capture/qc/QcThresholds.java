package io.studioflow.capture.qc;

/**
 * Limits for capture QC. The defaults were calibrated on real photos (see {@link #defaults()}); a brand
 * or marketplace policy can tighten them.
 *
 * @param minSharpness        minimum sharpness score (see {@link QcReport#sharpness()})
 * @param minShortSide        minimum short side in pixels
 * @param maxMeanLuminance    mean brightness (0..255) above which a photo is badly overexposed
 * @param maxClippedShare     share of pixels at 250+ above which a photo is badly overexposed
 * @param minMeanLuminance    mean brightness (0..255) below which a photo is badly underexposed
 * @param maxCrushedShare     share of pixels at 5 or below above which a photo is badly underexposed
 * @param maxCastChroma       colour cast (Lab chroma of the neutral reference) above which QC warns
 * @param maxNoise            noise (standard deviation in grey levels, see {@link QcReport#noise()}) above which
 *                            a photo is too noisy
 * @param maxTiltDegrees      how far the dominant level/upright lines may lean before QC warns
 * @param maxEdgeContact      share of a frame side the product may cover before it counts as cut off
 * @param maxWhitePointShift  distance (Lab a*b*) from the session's white point above which QC warns
 * @param maxBrightnessStops  difference from the session's product brightness, in stops, above which QC warns
 */
public record QcThresholds(double minSharpness, int minShortSide, double maxMeanLuminance, double maxClippedShare,
                           double minMeanLuminance, double maxCrushedShare, double maxCastChroma, double maxNoise,
                           double maxTiltDegrees, double maxEdgeContact, double maxWhitePointShift,
                           double maxBrightnessStops) {

    public QcThresholds {
        if (minSharpness < 0 || minShortSide < 1 || maxClippedShare <= 0 || maxClippedShare > 1 || maxCrushedShare <= 0
                || maxCrushedShare > 1 || minMeanLuminance < 0 || maxMeanLuminance > 255
                || minMeanLuminance >= maxMeanLuminance || maxCastChroma <= 0 || maxNoise <= 0 || maxTiltDegrees <= 0
                || maxTiltDegrees >= 20 || maxEdgeContact <= 0 || maxEdgeContact >= 1 || maxWhitePointShift <= 0
                || maxBrightnessStops <= 0) {
            throw new IllegalArgumentException("inconsistent QC thresholds: " + this);
        }
    }

    /**
     * Defaults.
     * <ul>
     * <li>Sharpness 40: the real test photos (coffee, chelsea, apple, orange, astronaut, rocket, fruits,
     * plant) score 244 (orange) to 4829 (coffee), and 172 or more when shrunk to 6-9% of a plain 2000 px
     * sweep; blurred with a Gaussian of sigma 6 they score 2 to 3 (at most 20 when enlarged to 3000x2000
     * first), and sigma 2 already brings all of them under 25.</li>
     * <li>Short side 300 px: low on purpose, so the small public test photos (chelsea is 451x300, coffee
     * 600x400) pass; a studio camera delivers 4000+ px and a marketplace preset should raise it (e.g.
     * 1000 px for zoomable listings).</li>
     * <li>Exposure: a studio sweep is often lit to pure white on purpose, so clipping alone fails a photo
     * only when almost nothing else is left (85%); likewise a black product on black needs 60% crushed.</li>
     * <li>Colour cast 8 Lab units: about where a cast on a white sweep becomes visible side by side.</li>
     * <li>Noise 4 grey levels (at full resolution, in the flattest tenth of the photo): the real test photos measure
     * 0.25 to 1 (the baboon's fur 2.5) and a clean packshot 0; Gaussian noise of sigma 12 per channel measures 5.9
     * to 8.9 on all of them (the grey mix of three channels averages part of it away).</li>
     * <li>Tilt 2 degrees: about where a horizon or table edge looks crooked to a buyer; lines leaning more than
     * 20 degrees are taken as meant to be diagonal and ignored. The real test photos as they are measure 0 to 0.9
     * (or too few agreeing lines to judge); rotated by 5 degrees, those with straight lines measure 3.7 to 5.7.</li>
     * <li>Edge contact 2% of a side: a mask's stray pixel or a hair of the product's shadow stays under it, a
     * product cut by the frame covers much more.</li>
     * <li>Lighting against the session: white point 6 Lab units (a cast of 6 between neighbouring photos shows in
     * a catalogue grid) and 0.5 stop of product brightness (a third of a stop is the smallest step photographers
     * adjust; half a stop is plainly visible side by side).</li>
     * </ul>
     */
    public static QcThresholds defaults() {
        return new QcThresholds(40, 300, 245, 0.85, 35, 0.60, 8, 4, 2, 0.02, 6, 0.5);
    }

    public QcThresholds withMinShortSide(int pixels) {
        return new QcThresholds(minSharpness, pixels, maxMeanLuminance, maxClippedShare, minMeanLuminance,
                maxCrushedShare, maxCastChroma, maxNoise, maxTiltDegrees, maxEdgeContact, maxWhitePointShift,
                maxBrightnessStops);
    }

    public QcThresholds withMinSharpness(double score) {
        return new QcThresholds(score, minShortSide, maxMeanLuminance, maxClippedShare, minMeanLuminance,
                maxCrushedShare, maxCastChroma, maxNoise, maxTiltDegrees, maxEdgeContact, maxWhitePointShift,
                maxBrightnessStops);
    }

    public QcThresholds withMaxNoise(double greyLevels) {
        return new QcThresholds(minSharpness, minShortSide, maxMeanLuminance, maxClippedShare, minMeanLuminance,
                maxCrushedShare, maxCastChroma, greyLevels, maxTiltDegrees, maxEdgeContact, maxWhitePointShift,
                maxBrightnessStops);
    }

    public QcThresholds withMaxTiltDegrees(double degrees) {
        return new QcThresholds(minSharpness, minShortSide, maxMeanLuminance, maxClippedShare, minMeanLuminance,
                maxCrushedShare, maxCastChroma, maxNoise, degrees, maxEdgeContact, maxWhitePointShift,
                maxBrightnessStops);
    }

    public QcThresholds withLightingTolerance(double whitePointShift, double brightnessStops) {
        return new QcThresholds(minSharpness, minShortSide, maxMeanLuminance, maxClippedShare, minMeanLuminance,
                maxCrushedShare, maxCastChroma, maxNoise, maxTiltDegrees, maxEdgeContact, whitePointShift,
                brightnessStops);
    }
}
