package io.studioflow.processing.colour;

/**
 * The light of one photo, as {@link ColourCorrector#measure} sees it: the colour of its neutral reference and how
 * bright it is. Photos of one session are compared through these (see {@link BatchColourReference}).
 *
 * @param whitePoint         colour of the neutral reference in linear light, scaled to luminance 1
 * @param referenceLuminance linear luminance 0..1 of the neutral reference (the sweep, on a packshot)
 * @param subjectLuminance   linear luminance 0..1 of the product's median (the photo's median without a mask), once
 *                           white-balanced
 * @param reference          which pixels served as neutral reference
 */
public record ColourMeasurement(WhiteBalanceGains whitePoint, double referenceLuminance, double subjectLuminance,
                                NeutralReference reference) {

    /** The white point's cast in Lab (0, 0 = neutral). */
    public ColourCast cast() {
        return ColourCast.ofLinear(whitePoint.blue(), whitePoint.green(), whitePoint.red());
    }

    /** How far this photo's white point is from another's, in Lab a*b* units. */
    public double whitePointDistance(WhiteBalanceGains other) {
        ColourCast mine = cast();
        ColourCast theirs = ColourCast.ofLinear(other.blue(), other.green(), other.red());
        return Math.hypot(mine.a() - theirs.a(), mine.b() - theirs.b());
    }

    /** Brightness of the product relative to {@code otherSubjectLuminance}, in stops (+1 = twice as bright). */
    public double stopsFrom(double otherSubjectLuminance) {
        return Math.log(Math.max(subjectLuminance, 1e-6) / Math.max(otherSubjectLuminance, 1e-6)) / Math.log(2);
    }
}
