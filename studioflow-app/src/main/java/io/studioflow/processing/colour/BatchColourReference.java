package io.studioflow.processing.colour;

import java.util.Collection;
import java.util.function.ToDoubleFunction;

/**
 * The light of a photo session, from several of its photos: the median of their white points and brightnesses,
 * so one odd photo (a lamp that misfired, a cast from a coloured product filling the frame) does not move it.
 * Given to {@link ColourCorrector} through {@link ColourOptions#withBatch}, every photo of the session comes out
 * with this white point and brightness (with a mask: the product's median and the sweep's brightness both, through
 * a contrast power and a gain); given to capture QC, photos far from it are reported.
 *
 * <p>Measure the photos the same way they will be compared: with their masks if the corrector gets masks, without
 * if (as in capture QC) there are none.
 *
 * @param whitePoint         the session's white point, linear light, luminance 1
 * @param referenceLuminance median linear luminance of the neutral references (the sweep)
 * @param subjectLuminance   median linear luminance of the products (of the photos, without masks)
 * @param photos             how many photos it was computed from
 */
public record BatchColourReference(WhiteBalanceGains whitePoint, double referenceLuminance, double subjectLuminance,
                                   int photos) {

    public BatchColourReference {
        if (photos < 1) {
            throw new IllegalArgumentException("a batch reference needs at least one photo");
        }
    }

    /** The robust (median) reference of the given measurements. */
    public static BatchColourReference of(Collection<ColourMeasurement> measurements) {
        if (measurements == null || measurements.isEmpty()) {
            throw new IllegalArgumentException("a batch reference needs at least one measured photo");
        }
        double blue = median(measurements, m -> m.whitePoint().blue());
        double green = median(measurements, m -> m.whitePoint().green());
        double red = median(measurements, m -> m.whitePoint().red());
        double luminance = 0.0722 * blue + 0.7152 * green + 0.2126 * red;
        return new BatchColourReference(new WhiteBalanceGains(blue / luminance, green / luminance, red / luminance),
                median(measurements, ColourMeasurement::referenceLuminance),
                median(measurements, ColourMeasurement::subjectLuminance), measurements.size());
    }

    /** The same brightness with a neutral white point: the session comes out matching and neutral. */
    public BatchColourReference neutralised() {
        return new BatchColourReference(WhiteBalanceGains.NONE, referenceLuminance, subjectLuminance, photos);
    }

    /** The session's white point cast in Lab. */
    public ColourCast cast() {
        return ColourCast.ofLinear(whitePoint.blue(), whitePoint.green(), whitePoint.red());
    }

    private static double median(Collection<ColourMeasurement> measurements, ToDoubleFunction<ColourMeasurement> f) {
        double[] values = measurements.stream().mapToDouble(f).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "BatchColourReference[white %.3f/%.3f/%.3f, reference %.3f, "
                        + "subject %.3f, %d photos]", whitePoint.blue(), whitePoint.green(), whitePoint.red(),
                referenceLuminance, subjectLuminance, photos);
    }
}
