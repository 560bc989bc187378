package io.studioflow.processing.colour;

/**
 * Where exposure normalisation should bring a photo: the product's median brightness, or the background's
 * brightness, to a level on the usual 0..255 scale. The gain is applied in linear light with a soft shoulder,
 * so brightening never clips and pure white stays pure white.
 *
 * @param subject what is measured
 * @param level   target level 0..255 (sRGB-encoded, as a photographer reads a histogram)
 */
public record ExposureTarget(Subject subject, double level) {

    public enum Subject {
        /** median brightness of the product (alpha at least half); the whole photo when there is no mask */
        PRODUCT_MEDIAN,
        /** mean brightness of the neutral reference (the sweep around the product) */
        BACKGROUND
    }

    public ExposureTarget {
        if (subject == null) {
            throw new IllegalArgumentException("an exposure target needs a subject (product median or background)");
        }
        if (!(level > 5 && level < 255)) {
            throw new IllegalArgumentException("exposure target level must be between 5 and 255 (exclusive), was "
                    + level);
        }
    }

    public static ExposureTarget productMedian(double level) {
        return new ExposureTarget(Subject.PRODUCT_MEDIAN, level);
    }

    public static ExposureTarget background(double level) {
        return new ExposureTarget(Subject.BACKGROUND, level);
    }

    double linear() {
        return ColourCorrector.srgbToLinear(level / 255.0);
    }
}
