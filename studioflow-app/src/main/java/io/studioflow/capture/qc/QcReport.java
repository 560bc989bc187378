package io.studioflow.capture.qc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What capture QC measured on one photo and what it concluded.
 *
 * @param width          photo width in px
 * @param height         photo height in px
 * @param sharpness      variance of the Laplacian on a grey copy scaled to at most 1024 px, taken in the
 *                       sharpest 5% of the tiles that are not plain background (so a sharp product on a
 *                       plain sweep still scores high)
 * @param meanLuminance  mean brightness 0..255
 * @param clippedShare   share of pixels at 250 or brighter (blown highlights)
 * @param crushedShare   share of pixels at 5 or darker (crushed shadows)
 * @param castA          Lab a* of the neutral reference (+ magenta, - green)
 * @param castB          Lab b* of the neutral reference (+ yellow, - blue)
 * @param castChroma     strength of the cast, sqrt(a*^2 + b*^2), in Lab units
 * @param neutralShare   share of the frame used as neutral reference for the cast (0 = whole-image average)
 * @param noise          noise as a standard deviation in grey levels, in the flattest tenth of the photo (scaled to
 *                       at most 1024 px)
 * @param tiltDegrees    how far the dominant level/upright lines lean (negative = counter-clockwise), 0 when the
 *                       photo has too few straight lines to tell
 * @param cutOffSides    the frame sides the product touches ("top", "bottom", "left", "right")
 * @param edgeCheck      how the product's contact with the frame was judged
 * @param whitePointShift distance of the photo's white point from the session's (Lab a*b*), NaN without a batch
 * @param brightnessStops the product's brightness against the session's, in stops, NaN without a batch
 * @param failures       findings, hard (retake) and soft (warnings)
 * @param confidence     how sure the verdict is, 0.5 on a threshold, 1 far from every threshold
 */
public record QcReport(int width, int height, double sharpness, double meanLuminance, double clippedShare,
                       double crushedShare, double castA, double castB, double castChroma, double neutralShare,
                       double noise, double tiltDegrees, List<String> cutOffSides, EdgeCheck edgeCheck,
                       double whitePointShift, double brightnessStops, List<QcFailure> failures, double confidence) {

    /** How the product's contact with the frame was judged. */
    public enum EdgeCheck {
        /** from the product mask */
        MASK,
        /** from how much the frame's border differs from the plain background around it */
        BORDER_ESTIMATE,
        /** the border is no plain background (a scene, a busy backdrop): nothing to judge from */
        NOT_JUDGED
    }

    public QcReport {
        cutOffSides = List.copyOf(cutOffSides);
        failures = List.copyOf(failures);
    }

    /** The codes of the findings, hard and soft. */
    public List<QcCode> codes() {
        return failures.stream().map(QcFailure::code).toList();
    }

    /** True when no finding is hard: the photo can go on to processing. */
    public boolean passed() {
        return failures.stream().noneMatch(QcFailure::hard);
    }

    public List<QcFailure> hardFailures() {
        return failures.stream().filter(QcFailure::hard).toList();
    }

    public List<QcFailure> warnings() {
        return failures.stream().filter(f -> !f.hard()).toList();
    }

    /** The findings' messages, hard ones first. */
    public List<String> reasons() {
        return failures.stream().sorted((x, y) -> Boolean.compare(y.hard(), x.hard())).map(QcFailure::message).toList();
    }

    public int shortSide() {
        return Math.min(width, height);
    }

    public int longSide() {
        return Math.max(width, height);
    }

    /** The measures by name, for audit records and routing decisions. */
    public Map<String, Double> measures() {
        Map<String, Double> measures = new LinkedHashMap<>();
        measures.put("width", (double) width);
        measures.put("height", (double) height);
        measures.put("sharpness", sharpness);
        measures.put("meanLuminance", meanLuminance);
        measures.put("clippedShare", clippedShare);
        measures.put("crushedShare", crushedShare);
        measures.put("castA", castA);
        measures.put("castB", castB);
        measures.put("castChroma", castChroma);
        measures.put("neutralShare", neutralShare);
        measures.put("noise", noise);
        measures.put("tiltDegrees", tiltDegrees);
        measures.put("cutOffSides", (double) cutOffSides.size());
        if (!Double.isNaN(whitePointShift)) {
            measures.put("whitePointShift", whitePointShift);
            measures.put("brightnessStops", brightnessStops);
        }
        return measures;
    }
}
