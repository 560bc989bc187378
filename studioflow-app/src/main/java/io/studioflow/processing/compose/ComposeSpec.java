package io.studioflow.processing.compose;

/**
 * How to compose: canvas size, how much of it the product fills, which alpha counts as product, the shadow and
 * the background.
 *
 * @param width          canvas width in px (with {@code fitToProduct}: the canvas's longer side)
 * @param height         canvas height in px (with {@code fitToProduct}: equal to {@code width})
 * @param fillRatio      the product's longer side (relative to the canvas) fills this share, e.g. 0.85
 * @param alphaThreshold alpha above this counts as product for the bounding box (the visible edge is
 *                       at about half opacity, so 127 by default; fainter fringe and soft shadows do
 *                       not count)
 * @param shadow         shadow under the product
 * @param background     the canvas colour when it is opaque
 * @param transparent    a transparent canvas (BGRA result; the shadow becomes semi-transparent black)
 * @param fitToProduct   the canvas takes the product's aspect ratio, its longer side {@code width} px
 *                       ("2000 px longest side"); otherwise it is exactly {@code width x height}
 */
public record ComposeSpec(int width, int height, double fillRatio, int alphaThreshold, ShadowStyle shadow,
                          BgrColour background, boolean transparent, boolean fitToProduct) {

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
        if (background == null) {
            throw new IllegalArgumentException("background colour is required");
        }
        if (fitToProduct && width != height) {
            throw new IllegalArgumentException("a canvas fitted to the product has one size, its longest side; was "
                    + width + "x" + height);
        }
    }

    /** An exact canvas on pure white. */
    public ComposeSpec(int width, int height, double fillRatio, int alphaThreshold, ShadowStyle shadow) {
        this(width, height, fillRatio, alphaThreshold, shadow, BgrColour.WHITE, false, false);
    }

    /** 2000x2000, 85% fill, no shadow. */
    public static ComposeSpec defaults() {
        return square(DEFAULT_SIZE);
    }

    public static ComposeSpec square(int size) {
        return new ComposeSpec(size, size, DEFAULT_FILL_RATIO, DEFAULT_ALPHA_THRESHOLD, ShadowStyle.NONE);
    }

    /** A canvas with the product's aspect ratio, {@code size} px on its longer side, on pure white. */
    public static ComposeSpec longestSide(int size) {
        return new ComposeSpec(size, size, DEFAULT_FILL_RATIO, DEFAULT_ALPHA_THRESHOLD, ShadowStyle.NONE,
                BgrColour.WHITE, false, true);
    }

    public ComposeSpec withFillRatio(double ratio) {
        return new ComposeSpec(width, height, ratio, alphaThreshold, shadow, background, transparent, fitToProduct);
    }

    public ComposeSpec withShadow(ShadowStyle style) {
        return new ComposeSpec(width, height, fillRatio, alphaThreshold, style, background, transparent, fitToProduct);
    }

    public ComposeSpec withAlphaThreshold(int threshold) {
        return new ComposeSpec(width, height, fillRatio, threshold, shadow, background, transparent, fitToProduct);
    }

    public ComposeSpec withBackground(BgrColour colour) {
        return new ComposeSpec(width, height, fillRatio, alphaThreshold, shadow, colour, transparent, fitToProduct);
    }

    public ComposeSpec withTransparentBackground(boolean transparentCanvas) {
        return new ComposeSpec(width, height, fillRatio, alphaThreshold, shadow, background, transparentCanvas,
                fitToProduct);
    }
}
