package io.studioflow.processing.compose;

/**
 * How to compose: canvas size, how much of it the product fills, which alpha counts as product.
 *
 * @param width          canvas width in px
 * @param height         canvas height in px
 * @param fillRatio      the product's longer side (relative to the canvas) fills this share, e.g. 0.85
 * @param alphaThreshold alpha above this counts as product for the bounding box (the visible edge is
 *                       at about half opacity, so 127 by default; fainter fringe and soft shadows do
 *                       not count)
 * @param shadow         shadow under the product
 */
public record ComposeSpec(int width, int height, double fillRatio, int alphaThreshold, ShadowStyle shadow) {

    public static final int DEFAULT_SIZE = 2000;
    public static final double DEFAULT_FILL_RATIO = 0.85;
    public static final int DEFAULT_ALPHA_THRESHOLD = 127;

    public ComposeSpec {
        if (width < 16 || height < 16 || width > 20_000 || height > 20_000) {
            throw new IllegalArgumentException("canvas must be 16..20000 px per side, was " + width + "x" + height);
        }
        if (!(fillRatio > 0 && fillRatio <= 1)) {
            throw new IllegalArgumentException("fill ratio must be in (0, 1], was " + fillRatio);
        }
        if (alphaThreshold < 0 || alphaThreshold > 254) {
            throw new IllegalArgumentException("alpha threshold must be 0..254, was " + alphaThreshold);
        }
        if (shadow == null) {
            throw new IllegalArgumentException("shadow style is required");
        }
    }

    /** 2000x2000, 85% fill, no shadow. */
    public static ComposeSpec defaults() {
        return square(DEFAULT_SIZE);
    }

    public static ComposeSpec square(int size) {
        return new ComposeSpec(size, size, DEFAULT_FILL_RATIO, DEFAULT_ALPHA_THRESHOLD, ShadowStyle.NONE);
    }

    public ComposeSpec withFillRatio(double ratio) {
        return new ComposeSpec(width, height, ratio, alphaThreshold, shadow);
    }

    public ComposeSpec withShadow(ShadowStyle style) {
        return new ComposeSpec(width, height, fillRatio, alphaThreshold, style);
    }
}
