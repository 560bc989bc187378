package io.studioflow.publishing.preset;

/** One way a rendition breaks its preset, with a message a retoucher can act on. */
public record PresetViolation(Code code, String message) {

    public enum Code {
        /** the bytes are not a readable image */
        UNREADABLE,
        /** JPEG where PNG was required, and so on (read from the file's magic bytes) */
        WRONG_FORMAT,
        /** not the preset's exact size or longest side */
        WRONG_SIZE,
        /** below the preset's minimum resolution */
        TOO_SMALL,
        /** the frame's edge is not the background colour */
        BACKGROUND,
        /** nothing but background */
        NO_PRODUCT,
        /** the product is smaller than the preset's minimum share of the frame */
        PRODUCT_TOO_SMALL,
        /** the product reaches into the preset's margin */
        MARGIN,
        /** a transparent preset's file has no alpha channel */
        ALPHA_MISSING,
        /** a transparent preset's corners are not fully transparent */
        CORNERS_NOT_TRANSPARENT,
        /** an opaque preset's file has an alpha channel */
        UNEXPECTED_ALPHA,
        /** an embedded colour profile other than sRGB */
        COLOUR_PROFILE
    }
}
