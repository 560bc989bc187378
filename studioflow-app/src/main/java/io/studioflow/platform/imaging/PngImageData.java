package io.studioflow.platform.imaging;

import io.studioflow.platform.imaging.InvalidImageException.Reason;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The one PNG bomb the header cannot show: image data (IDAT) that inflates far beyond the rows the header
 * declares. libpng inflates such a stream to its end even though it only keeps the declared rows (measured: a
 * 1 MB file of 1000x1000 px whose IDAT holds 1 GB took 5.5 s of CPU per decode), so every decode of it would
 * cost seconds. Counting the inflated bytes, and stopping just past what the header allows, costs at most one
 * pass over the declared size and holds only a small buffer.
 */
final class PngImageData {

    private PngImageData() {
    }

    /**
     * @param png a PNG whose header {@link ImageHeaderReader} has already read
     * @throws InvalidImageException if the image data inflates to more than the declared rows hold
     */
    static void requireWithinDeclaredSize(byte[] png) {
        long width = u32(png, 16);
        long height = u32(png, 20);
        int bitDepth = png[24] & 0xFF;
        int colourType = png[25] & 0xFF;
        boolean interlaced = png[28] == 1;
        int samples = switch (colourType) {
            case 0, 3 -> 1;
            case 2 -> 3;
            case 4 -> 2;
            case 6 -> 4;
            default -> 0;
        };
        if (samples == 0) {
            return; // the header reader refuses unknown colour types
        }
        long rowBytes = (width * samples * bitDepth + 7) / 8;
        // each row starts with a filter byte; Adam7's passes add at most two bytes per pass row (filter, rounding)
        long allowed = height * (1 + rowBytes) + (interlaced ? 4 * height + 64 : 0) + 1024;
        Inflater inflater = new Inflater();
        try {
            byte[] out = new byte[64 * 1024];
            long inflated = 0;
            long pos = 33;
            while (pos + 12 <= png.length && !inflater.finished()) {
                long length = u32(png, (int) pos);
                if (pos + 12 + length > png.length) {
                    return; // cut off: the header reader and the decoder say so
                }
                if (png[(int) pos + 4] == 'I' && png[(int) pos + 5] == 'D' && png[(int) pos + 6] == 'A'
                        && png[(int) pos + 7] == 'T') {
                    inflater.setInput(png, (int) pos + 8, (int) length);
                    while (!inflater.needsInput() && !inflater.finished()) {
                        int n = inflater.inflate(out);
                        if (n == 0 && !inflater.needsInput()) {
                            return; // needs a dictionary or is stuck: damaged, the decoder reports it
                        }
                        inflated += n;
                        if (inflated > allowed) {
                            throw new InvalidImageException(Reason.CORRUPT, "corrupt PNG: its image data inflates to "
                                    + "more than the " + width + "x" + height + " px it declares (a decompression bomb)");
                        }
                    }
                }
                pos += 12 + length;
            }
        } catch (DataFormatException e) {
            // damaged deflate data: the decoder refuses it in its own words
        } finally {
            inflater.end();
        }
    }

    private static long u32(byte[] b, int offset) {
        return ((long) (b[offset] & 0xFF) << 24) | (b[offset + 1] & 0xFF) << 16 | (b[offset + 2] & 0xFF) << 8
                | (b[offset + 3] & 0xFF);
    }
}
