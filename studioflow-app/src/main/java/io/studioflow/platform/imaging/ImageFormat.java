package io.studioflow.platform.imaging;

/** The image formats Studioflow accepts, recognised by their leading bytes, never by the file name. */
public enum ImageFormat {
    JPEG("JPEG", "image/jpeg", ".jpg"),
    PNG("PNG", "image/png", ".png"),
    WEBP("WebP", "image/webp", ".webp"),
    TIFF("TIFF", "image/tiff", ".tif"),
    BMP("BMP", "image/bmp", ".bmp");

    private final String displayName;
    private final String mediaType;
    private final String extension;

    ImageFormat(String displayName, String mediaType, String extension) {
        this.displayName = displayName;
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public String displayName() {
        return displayName;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The usual file extension, with its dot. */
    public String extension() {
        return extension;
    }
}
