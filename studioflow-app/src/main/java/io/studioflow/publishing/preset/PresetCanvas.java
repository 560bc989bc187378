package io.studioflow.publishing.preset;

/**
 * The rendition's size: exactly {@code width x height}, or {@code width} px on the longest side with the product's
 * own aspect ratio ({@code longestSide}, where {@code height == width}).
 */
public record PresetCanvas(int width, int height, boolean longestSide) {

    public PresetCanvas {
        if (width < 16 || height < 16 || width > 20_000 || height > 20_000) {
            throw new IllegalArgumentException("canvas must be 16..20000 px per side, was " + width + "x" + height);
        }
        if (longestSide && width != height) {
            throw new IllegalArgumentException("a longest-side canvas has one size, was " + width + "x" + height);
        }
    }

    public static PresetCanvas exact(int width, int height) {
        return new PresetCanvas(width, height, false);
    }

    public static PresetCanvas longestSide(int size) {
        return new PresetCanvas(size, size, true);
    }

    /** "2000x2000 px" or "2000 px on the longest side". */
    public String describe() {
        return longestSide ? width + " px on the longest side" : width + "x" + height + " px";
    }
}
