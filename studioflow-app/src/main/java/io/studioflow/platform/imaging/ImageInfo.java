package io.studioflow.platform.imaging;

/**
 * What an image file's header declares, read without decoding a single pixel.
 *
 * @param format        the real format, from the magic bytes
 * @param width         stored width in pixels (before EXIF orientation)
 * @param height        stored height in pixels (before EXIF orientation)
 * @param bitsPerSample 8 or 16 for most files (1, 2, 4 for low-depth PNG/BMP)
 * @param channels      colour channels including alpha (1 grey, 3 colour, 4 with alpha or CMYK)
 * @param hasAlpha      whether the file carries transparency (alpha channel or PNG tRNS)
 * @param orientation   EXIF orientation 1..8 (1 = as stored)
 */
public record ImageInfo(ImageFormat format, int width, int height, int bitsPerSample, int channels,
                        boolean hasAlpha, int orientation) {

    public long pixels() {
        return (long) width * height;
    }

    /** Whether the EXIF orientation turns the image by 90 degrees, swapping width and height. */
    public boolean swapsAxes() {
        return orientation >= 5 && orientation <= 8;
    }

    /** Width as displayed, after the EXIF orientation is applied. */
    public int displayWidth() {
        return swapsAxes() ? height : width;
    }

    /** Height as displayed, after the EXIF orientation is applied. */
    public int displayHeight() {
        return swapsAxes() ? width : height;
    }
}
