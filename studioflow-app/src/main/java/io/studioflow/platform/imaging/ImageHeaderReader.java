package io.studioflow.platform.imaging;

import io.studioflow.platform.imaging.InvalidImageException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Reads format, dimensions, depth, alpha and EXIF orientation from the first bytes of an image file,
 * without decoding pixels, so that a crafted or broken file is refused before any large allocation.
 * Every read is bounds-checked: running off the end of the bytes is reported as a truncated file.
 */
final class ImageHeaderReader {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final String ACCEPTED = "expected JPEG, PNG, WebP, TIFF or BMP";
    private static final int EXIF_ORIENTATION_TAG = 0x0112;

    private final byte[] b;
    private final long maxPixels;
    private ImageFormat format;

    private ImageHeaderReader(byte[] bytes, long maxPixels) {
        this.b = bytes;
        this.maxPixels = maxPixels;
    }

    static ImageInfo read(byte[] bytes, long maxPixels) {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidImageException(Reason.EMPTY, "file is empty");
        }
        return new ImageHeaderReader(bytes, maxPixels).read();
    }

    private ImageInfo read() {
        if (startsWith(0, (byte) 0xFF, (byte) 0xD8, (byte) 0xFF)) {
            format = ImageFormat.JPEG;
            return readJpeg();
        }
        if (startsWith(0, PNG_SIGNATURE)) {
            format = ImageFormat.PNG;
            return readPng();
        }
        if (startsWithAscii(0, "RIFF") && startsWithAscii(8, "WEBP")) {
            format = ImageFormat.WEBP;
            return readWebp();
        }
        if (startsWithAscii(0, "II*\0") || startsWithAscii(0, "MM\0*")) {
            format = ImageFormat.TIFF;
            return readTiff();
        }
        if (startsWithAscii(0, "BM")) {
            format = ImageFormat.BMP;
            return readBmp();
        }
        throw unrecognised();
    }

    // ---------------------------------------------------------------- JPEG

    private ImageInfo readJpeg() {
        int pos = 2;
        int width = -1;
        int height = -1;
        int precision = 8;
        int components = 3;
        int orientation = 1;
        while (true) {
            if (pos >= b.length) {
                throw truncated("the file ends inside the header, before the image data (" + b.length + " bytes)");
            }
            if (u8(pos) != 0xFF) {
                throw corrupt("JPEG header is damaged (no marker at byte " + pos + ")");
            }
            while (pos < b.length && u8(pos) == 0xFF) {
                pos++; // fill bytes may precede a marker
            }
            if (pos >= b.length) {
                throw truncated("the file ends inside the header (" + b.length + " bytes)");
            }
            int marker = u8(pos++);
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue; // markers without a length
            }
            if (marker == 0xD9) {
                throw corrupt("JPEG ends before any image data");
            }
            int length = u16be(pos);
            if (length < 2) {
                throw corrupt("JPEG header is damaged (segment length " + length + " at byte " + pos + ")");
            }
            int segment = pos + 2;
            int segmentEnd = pos + length;
            if (isStartOfFrame(marker)) {
                precision = u8(segment);
                height = u16be(segment + 1);
                width = u16be(segment + 3);
                components = u8(segment + 5);
                checkDimensions(width, height);
            } else if (marker == 0xE1 && startsWithAscii(segment, "Exif\0\0") && segmentEnd <= b.length) {
                orientation = exifOrientation(segment + 6, segmentEnd);
            } else if (marker == 0xDA) {
                if (width < 0) {
                    throw corrupt("JPEG has image data but no frame header (SOF)");
                }
                if (!hasEndOfImageAfter(segmentEnd)) {
                    throw truncated("the end-of-image marker is missing, the file was cut off after " + b.length
                            + " bytes");
                }
                return new ImageInfo(format, width, height, precision, components, false, orientation);
            }
            pos = segmentEnd;
        }
    }

    /** SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    /**
     * In entropy-coded data every 0xFF byte is followed by 0x00 or a restart marker, so an FF D9 pair
     * after the first scan header can only be the end-of-image marker.
     */
    private boolean hasEndOfImageAfter(int start) {
        for (int i = b.length - 2; i >= start; i--) {
            if (b[i] == (byte) 0xFF && b[i + 1] == (byte) 0xD9) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- PNG

    private ImageInfo readPng() {
        if (b.length < 33) {
            throw truncated("the file ends inside the PNG header (" + b.length + " bytes)");
        }
        if (u32be(8) != 13 || !startsWithAscii(12, "IHDR")) {
            throw corrupt("PNG header is damaged (first chunk is not IHDR)");
        }
        CRC32 crc = new CRC32();
        crc.update(b, 12, 17);
        if (crc.getValue() != u32be(29)) {
            throw corrupt("PNG header is damaged (IHDR checksum mismatch)");
        }
        long width = u32be(16);
        long height = u32be(20);
        int bitDepth = u8(24);
        int colourType = u8(25);
        if (width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw new InvalidImageException(Reason.BAD_DIMENSIONS,
                    "not a valid PNG: declared size " + width + "x" + height + " px is impossible");
        }
        checkDimensions((int) width, (int) height);
        int channels = switch (colourType) {
            case 0 -> 1;
            case 2, 3 -> 3;
            case 4 -> 2;
            case 6 -> 4;
            default -> throw corrupt("PNG header is damaged (colour type " + colourType + ")");
        };
        boolean transparencyChunk = false;
        int orientation = 1;
        boolean ended = false;
        long pos = 33;
        while (pos + 8 <= b.length) {
            long length = u32be((int) pos);
            int type = (int) pos + 4;
            long data = pos + 8;
            long next = data + length + 4;
            if (startsWithAscii(type, "IEND")) {
                ended = true;
                break;
            }
            if (next > b.length) {
                break; // chunk runs off the end: reported as truncated below
            }
            if (startsWithAscii(type, "acTL")) {
                // as for animated WebP: which frame is "the photo" is a guess, so refuse rather than pick one
                throw new InvalidImageException(Reason.UNRECOGNISED,
                        "animated PNG is not supported: upload a still photo");
            }
            if (startsWithAscii(type, "tRNS")) {
                transparencyChunk = true;
            } else if (startsWithAscii(type, "eXIf")) {
                orientation = exifOrientation((int) data, (int) (data + length));
            }
            pos = next;
        }
        if (!ended) {
            throw truncated("the end chunk (IEND) is missing, the file was cut off after " + b.length + " bytes");
        }
        if (transparencyChunk && (colourType == 0 || colourType == 2 || colourType == 3)) {
            channels++; // a tRNS chunk adds transparency to grey, colour and palette images
        }
        boolean alpha = colourType == 4 || colourType == 6 || transparencyChunk;
        return new ImageInfo(format, (int) width, (int) height, bitDepth, channels, alpha, orientation);
    }

    // ---------------------------------------------------------------- WebP

    private ImageInfo readWebp() {
        long riffSize = u32le(4);
        if (riffSize + 8 > b.length) {
            throw truncated("the file declares " + (riffSize + 8) + " bytes but has only " + b.length);
        }
        String chunk = ascii(12, 4);
        int data = 20;
        return switch (chunk) {
            case "VP8 " -> {
                if (u8(data + 3) != 0x9D || u8(data + 4) != 0x01 || u8(data + 5) != 0x2A) {
                    throw corrupt("WebP header is damaged (no VP8 start code)");
                }
                int width = u16le(data + 6) & 0x3FFF;
                int height = u16le(data + 8) & 0x3FFF;
                checkDimensions(width, height);
                yield new ImageInfo(format, width, height, 8, 3, false, 1);
            }
            case "VP8L" -> {
                if (u8(data) != 0x2F) {
                    throw corrupt("WebP header is damaged (no lossless signature)");
                }
                long bits = u32le(data + 1);
                int width = (int) (bits & 0x3FFF) + 1;
                int height = (int) ((bits >> 14) & 0x3FFF) + 1;
                boolean alpha = ((bits >> 28) & 1) == 1;
                checkDimensions(width, height);
                yield new ImageInfo(format, width, height, 8, alpha ? 4 : 3, alpha, 1);
            }
            case "VP8X" -> {
                int flags = u8(data);
                int width = u24le(data + 4) + 1;
                int height = u24le(data + 7) + 1;
                checkDimensions(width, height);
                if ((flags & 0x02) != 0) {
                    throw new InvalidImageException(Reason.UNRECOGNISED,
                            "animated WebP is not supported: upload a still photo");
                }
                boolean alpha = (flags & 0x10) != 0;
                int orientation = (flags & 0x08) != 0 ? webpExifOrientation() : 1;
                yield new ImageInfo(format, width, height, 8, alpha ? 4 : 3, alpha, orientation);
            }
            default -> throw corrupt("WebP header is damaged (unknown first chunk '" + chunk.strip() + "')");
        };
    }

    private int webpExifOrientation() {
        long pos = 12;
        while (pos + 8 <= b.length) {
            long size = u32le((int) pos);
            long data = pos + 8;
            if (data + size > b.length) {
                return 1;
            }
            if (startsWithAscii((int) pos, "EXIF")) {
                int start = (int) data;
                // some writers keep the JPEG-style "Exif\0\0" prefix inside the chunk
                if (startsWithAscii(start, "Exif\0\0")) {
                    start += 6;
                }
                return exifOrientation(start, (int) (data + size));
            }
            pos = data + size + (size & 1); // chunks are padded to an even size
        }
        return 1;
    }

    // ---------------------------------------------------------------- TIFF

    private ImageInfo readTiff() {
        TiffDirectory ifd = TiffDirectory.first(b, 0, b.length);
        if (ifd == null) {
            throw truncated("the TIFF header points outside the file (" + b.length + " bytes)");
        }
        long width = ifd.value(256, -1);
        long height = ifd.value(257, -1);
        if (width < 0 || height < 0) {
            throw corrupt("TIFF header is damaged (no image width or height)");
        }
        if (width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw new InvalidImageException(Reason.BAD_DIMENSIONS,
                    "not a valid TIFF: declared size " + width + "x" + height + " px is impossible");
        }
        checkDimensions((int) width, (int) height);
        int samples = (int) ifd.value(277, 1);
        int bits = (int) ifd.value(258, 1);
        boolean alpha = ifd.value(338, -1) >= 0; // ExtraSamples: associated or unassociated alpha
        int orientation = (int) ifd.value(274, 1);
        return new ImageInfo(format, (int) width, (int) height, bits, samples, alpha, validOrientation(orientation));
    }

    // ---------------------------------------------------------------- BMP

    private ImageInfo readBmp() {
        long fileSize = u32le(2);
        long headerSize = u32le(14);
        int width;
        int height;
        int bitsPerPixel;
        if (headerSize == 12) {
            width = u16le(18);
            height = u16le(20);
            bitsPerPixel = u16le(24);
        } else if (headerSize >= 40) {
            width = s32le(18);
            height = Math.abs(s32le(22)); // negative height means rows are stored top-down
            bitsPerPixel = u16le(28);
        } else {
            throw corrupt("BMP header is damaged (header size " + headerSize + ")");
        }
        if (width < 0) {
            throw new InvalidImageException(Reason.BAD_DIMENSIONS,
                    "not a valid BMP: declared width " + width + " px is negative");
        }
        checkDimensions(width, height);
        if (fileSize > b.length) {
            throw truncated("the file declares " + fileSize + " bytes but has only " + b.length);
        }
        int channels = bitsPerPixel == 32 ? 4 : bitsPerPixel <= 8 ? 3 : bitsPerPixel / 8;
        return new ImageInfo(format, width, height, Math.min(bitsPerPixel, 8), channels, bitsPerPixel == 32, 1);
    }

    // ---------------------------------------------------------------- EXIF

    private int exifOrientation(int start, int end) {
        TiffDirectory ifd = TiffDirectory.first(b, start, Math.min(end, b.length));
        return ifd == null ? 1 : validOrientation((int) ifd.value(EXIF_ORIENTATION_TAG, 1));
    }

    private static int validOrientation(int value) {
        return value >= 1 && value <= 8 ? value : 1;
    }

    // ---------------------------------------------------------------- checks and errors

    private void checkDimensions(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new InvalidImageException(Reason.BAD_DIMENSIONS,
                    "not a valid " + format.displayName() + ": declared size " + width + "x" + height
                            + " px has no pixels");
        }
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw new InvalidImageException(Reason.TOO_LARGE,
                    "image too large: " + width + "x" + height + " px declared, limit is "
                            + megapixels(maxPixels) + " MP");
        }
    }

    static String megapixels(long pixels) {
        double mp = pixels / 1_000_000.0;
        return mp == Math.rint(mp) ? Long.toString((long) mp) : String.format(java.util.Locale.ROOT, "%.1f", mp);
    }

    private InvalidImageException truncated(String detail) {
        return new InvalidImageException(Reason.TRUNCATED, "truncated " + format.displayName() + ": " + detail
                + "; upload the complete file");
    }

    private InvalidImageException corrupt(String detail) {
        return new InvalidImageException(Reason.CORRUPT, "corrupt " + format.displayName() + ": " + detail);
    }

    private InvalidImageException unrecognised() {
        String known = knownNonImage();
        if (known != null) {
            return new InvalidImageException(Reason.UNRECOGNISED,
                    "unsupported format: " + known + " (" + ACCEPTED + "); export the photo as JPEG or PNG");
        }
        return new InvalidImageException(Reason.UNRECOGNISED,
                "not an image: unrecognised content (" + ACCEPTED + ")");
    }

    /** Names the formats people often upload by mistake, so the message can tell them what they sent. */
    private String knownNonImage() {
        if (startsWithAscii(0, "GIF8")) {
            return "GIF";
        }
        if (startsWithAscii(0, "%PDF")) {
            return "PDF document";
        }
        if (b.length >= 12 && startsWithAscii(4, "ftyp")) {
            String brand = ascii(8, 4);
            if (brand.startsWith("hei") || brand.startsWith("hev") || brand.equals("mif1") || brand.equals("msf1")) {
                return "HEIC/HEIF";
            }
            if (brand.startsWith("avi")) {
                return "AVIF";
            }
        }
        if (startsWith(0, (byte) 0xFF, (byte) 0x4F, (byte) 0xFF, (byte) 0x51)
                || startsWith(4, (byte) 'j', (byte) 'P', (byte) ' ', (byte) ' ')) {
            return "JPEG 2000";
        }
        if (startsWithAscii(0, "PK\u0003\u0004")) {
            return "ZIP archive";
        }
        return null;
    }

    // ---------------------------------------------------------------- bounds-checked reads

    private void need(int offset, int count) {
        if (offset < 0 || (long) offset + count > b.length) {
            throw truncated("the file ends inside the header (" + b.length + " bytes)");
        }
    }

    private int u8(int offset) {
        need(offset, 1);
        return b[offset] & 0xFF;
    }

    private int u16be(int offset) {
        need(offset, 2);
        return (b[offset] & 0xFF) << 8 | (b[offset + 1] & 0xFF);
    }

    private int u16le(int offset) {
        need(offset, 2);
        return (b[offset] & 0xFF) | (b[offset + 1] & 0xFF) << 8;
    }

    private int u24le(int offset) {
        need(offset, 3);
        return (b[offset] & 0xFF) | (b[offset + 1] & 0xFF) << 8 | (b[offset + 2] & 0xFF) << 16;
    }

    private long u32be(int offset) {
        need(offset, 4);
        return ((long) (b[offset] & 0xFF) << 24) | (b[offset + 1] & 0xFF) << 16 | (b[offset + 2] & 0xFF) << 8
                | (b[offset + 3] & 0xFF);
    }

    private long u32le(int offset) {
        need(offset, 4);
        return (b[offset] & 0xFF) | (b[offset + 1] & 0xFF) << 8 | (b[offset + 2] & 0xFF) << 16
                | ((long) (b[offset + 3] & 0xFF) << 24);
    }

    private int s32le(int offset) {
        return (int) u32le(offset);
    }

    private boolean startsWith(int offset, byte... prefix) {
        if (offset < 0 || offset + prefix.length > b.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean startsWithAscii(int offset, String prefix) {
        return startsWith(offset, prefix.getBytes(StandardCharsets.ISO_8859_1));
    }

    private String ascii(int offset, int count) {
        need(offset, count);
        return new String(b, offset, count, StandardCharsets.ISO_8859_1);
    }
}
