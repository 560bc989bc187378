package io.studioflow.processing.colour;

/**
 * The colour of a neutral reference in CIE Lab: a* (+ magenta, - green) and b* (+ yellow, - blue).
 * A perfectly neutral reference has a* = b* = 0.
 */
public record ColourCast(double a, double b) {

    /** Strength of the cast in Lab units (about 2 is just noticeable side by side). */
    public double chroma() {
        return Math.hypot(a, b);
    }

    /** The cast of a colour given as linear-light sRGB (D65), each channel 0..1. */
    static ColourCast ofLinear(double blue, double green, double red) {
        double x = (0.4124 * red + 0.3576 * green + 0.1805 * blue) / 0.95047;
        double y = 0.2126 * red + 0.7152 * green + 0.0722 * blue;
        double z = (0.0193 * red + 0.1192 * green + 0.9505 * blue) / 1.08883;
        double fx = labF(x);
        double fy = labF(y);
        double fz = labF(z);
        return new ColourCast(500 * (fx - fy), 200 * (fy - fz));
    }

    private static double labF(double t) {
        double delta = 6.0 / 29.0;
        return t > delta * delta * delta ? Math.cbrt(t) : t / (3 * delta * delta) + 4.0 / 29.0;
    }
}
