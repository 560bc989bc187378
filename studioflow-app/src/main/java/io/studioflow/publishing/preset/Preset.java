package io.studioflow.publishing.preset;

import io.studioflow.processing.compose.BgrColour;
import io.studioflow.processing.compose.ComposeSpec;
import io.studioflow.processing.compose.ShadowStyle;
import java.util.regex.Pattern;

/**
 * What one marketplace's or brand's rendition must look like.
 *
 * @param name                 the id uploads refer to, e.g. {@code amazon-main}
 * @param label                the marketplace or brand as people say it, used in messages ("Amazon main image")
 * @param canvas               exact size, or longest side with the product's aspect ratio
 * @param background           the background colour (ignored for {@link RenditionFormat#PNG_ALPHA})
 * @param backgroundTolerance  how far (per channel, 0..255) an edge pixel may be from the background colour;
 *                             0 where the marketplace demands the exact colour (Amazon's pure white)
 * @param fillRatio            the product's longer side fills this share of the canvas when composed
 * @param minProductShare      the validator refuses a product smaller than this share of the frame
 * @param margin               space kept free around the product, as a share of the canvas side (0..0.4)
 * @param shadow               the shadow drawn under the product
 * @param format               the file format
 * @param quality              JPEG / WebP quality, 1..100 (unused for PNG)
 * @param minLongestSide       the smallest acceptable longest side in px (a marketplace's minimum resolution)
 * @param srgb                 the file must be sRGB: no embedded profile other than sRGB (renditions are written
 *                             untagged, which every marketplace reads as sRGB)
 */
public record Preset(String name, String label, PresetCanvas canvas, BgrColour background, int backgroundTolerance,
                     double fillRatio, double minProductShare, double margin, ShadowStyle shadow,
                     RenditionFormat format, int quality, int minLongestSide, boolean srgb) {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    public Preset {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("preset name must be 1-64 lower-case letters, digits or '-', was '"
                    + name + "'");
        }
        if (label == null || label.isBlank()) {
            label = name;
        }
        if (canvas == null || background == null || shadow == null || format == null) {
            throw new IllegalArgumentException("preset " + name + ": canvas, background, shadow and format are required");
        }
        if (backgroundTolerance < 0 || backgroundTolerance > 64) {
            throw new IllegalArgumentException("preset " + name + ": background tolerance must be 0..64, was "
                    + backgroundTolerance);
        }
        if (!(fillRatio > 0 && fillRatio <= 1)) {
            throw new IllegalArgumentException("preset " + name + ": fill must be in (0, 1], was " + fillRatio);
        }
        if (!(minProductShare >= 0 && minProductShare <= 1)) {
            throw new IllegalArgumentException("preset " + name + ": minimum product share must be 0..1, was "
                    + minProductShare);
        }
        if (!(margin >= 0 && margin <= 0.4)) {
            throw new IllegalArgumentException("preset " + name + ": margin must be 0..0.4 of the canvas, was " + margin);
        }
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("preset " + name + ": quality must be 1..100, was " + quality);
        }
        if (minLongestSide < 0) {
            throw new IllegalArgumentException("preset " + name + ": minimum longest side must not be negative");
        }
    }

    /** The composition this preset asks for: its canvas, fill (within the margins), shadow and background. */
    public ComposeSpec composeSpec() {
        double fill = Math.min(fillRatio, 1 - 2 * margin);
        return new ComposeSpec(canvas.width(), canvas.height(), fill, ComposeSpec.DEFAULT_ALPHA_THRESHOLD, shadow,
                background, format.transparent(), canvas.longestSide());
    }

    /** "Amazon requires" reads better than "amazon-main requires". */
    String requirer() {
        return label;
    }
}
