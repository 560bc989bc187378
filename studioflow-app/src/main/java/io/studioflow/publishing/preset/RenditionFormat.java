package io.studioflow.publishing.preset;

import io.studioflow.platform.imaging.ImageFormat;

/** The file a preset's rendition is stored and published as. */
public enum RenditionFormat {
    /** baseline JPEG, opaque */
    JPEG(ImageFormat.JPEG, false),
    /** lossy WebP, opaque */
    WEBP(ImageFormat.WEBP, false),
    /** PNG with a transparent background (the product and its shadow carry the alpha) */
    PNG_ALPHA(ImageFormat.PNG, true);

    private final ImageFormat imageFormat;
    private final boolean transparent;

    RenditionFormat(ImageFormat imageFormat, boolean transparent) {
        this.imageFormat = imageFormat;
        this.transparent = transparent;
    }

    /** The file format, as {@link io.studioflow.platform.imaging.ImageCodec#probe} recognises it. */
    public ImageFormat imageFormat() {
        return imageFormat;
    }

    public boolean transparent() {
        return transparent;
    }

    /** "JPEG", "WebP", "PNG with transparency". */
    public String displayName() {
        return transparent ? imageFormat.displayName() + " with transparency" : imageFormat.displayName();
    }
}
