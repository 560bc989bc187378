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
 */
public record QcThresholds(double minSharpness, int minShortSide, double maxMeanLuminance, double maxClippedShare,
                           double minMeanLuminance, double maxCrushedShare, double maxCastChroma) {

    public QcThresholds {
        if (minSharpness < 0 || minShortSide < 1 || maxClippedShare <= 0 || maxClippedShare > 1 || maxCrushedShare <= 0
                || maxCrushedShare > 1 || minMeanLuminance < 0 || maxMeanLuminance > 255
                || minMeanLuminance >= maxMeanLuminance || maxCastChroma <= 0) {
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
     * </ul>
     */
    public static QcThresholds defaults() {
        return new QcThresholds(40, 300, 245, 0.85, 35, 0.60, 8);
    }

    public QcThresholds withMinShortSide(int pixels) {
        return new QcThresholds(minSharpness, pixels, maxMeanLuminance, maxClippedShare, minMeanLuminance,
                maxCrushedShare, maxCastChroma);
    }

    public QcThresholds withMinSharpness(double score) {
        return new QcThresholds(score, minShortSide, maxMeanLuminance, maxClippedShare, minMeanLuminance,
                maxCrushedShare, maxCastChroma);
    }
}
