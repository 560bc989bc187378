package io.studioflow.platform.imaging;

import java.util.HashMap;
import java.util.Map;

/**
 * The first image file directory (IFD0) of a TIFF structure: the header of a TIFF file and the
 * payload of an EXIF block. Only the first value of SHORT and LONG entries is kept, which is all a
 * probe needs (dimensions, depth, orientation).
 */
final class TiffDirectory {

    private static final int SHORT = 3;
    private static final int LONG = 4;
    private static final int MAX_ENTRIES = 4096;

    private final Map<Integer, Long> values;

    private TiffDirectory(Map<Integer, Long> values) {
        this.values = values;
    }

    long value(int tag, long fallback) {
        return values.getOrDefault(tag, fallback);
    }

    /**
     * Parses the TIFF structure in {@code bytes[start, end)}; offsets inside it are relative to
     * {@code start}. Returns null if the structure is not TIFF or points outside the range.
     */
    static TiffDirectory first(byte[] bytes, int start, int end) {
        Reader r = new Reader(bytes, start);
        if (end - start < 8) {
            return null;
        }
        if (bytes[start] == 'I' && bytes[start + 1] == 'I') {
            r.littleEndian = true;
        } else if (!(bytes[start] == 'M' && bytes[start + 1] == 'M')) {
            return null;
        }
        if (r.u16(2) != 42) {
            return null;
        }
        long ifd = r.u32(4);
        if (ifd < 8 || ifd + 2 > end - start) {
            return null;
        }
        int count = r.u16((int) ifd);
        Map<Integer, Long> values = new HashMap<>();
        for (int i = 0; i < Math.min(count, MAX_ENTRIES); i++) {
            int entry = (int) ifd + 2 + i * 12;
            if (entry + 12 > end - start) {
                break;
            }
            int tag = r.u16(entry);
            int type = r.u16(entry + 2);
            long n = r.u32(entry + 4);
            if (n < 1) {
                continue;
            }
            if (type == SHORT) {
                values.putIfAbsent(tag, (long) r.u16(entry + 8));
            } else if (type == LONG) {
                values.putIfAbsent(tag, r.u32(entry + 8));
            }
        }
        return new TiffDirectory(values);
    }

    private static final class Reader {
        private final byte[] b;
        private final int start;
        boolean littleEndian;

        Reader(byte[] b, int start) {
            this.b = b;
            this.start = start;
        }

        int u16(int offset) {
            int i = start + offset;
            int first = b[i] & 0xFF;
            int second = b[i + 1] & 0xFF;
            return littleEndian ? first | second << 8 : first << 8 | second;
        }

        long u32(int offset) {
            long high = u16(offset);
            long low = u16(offset + 2);
            return littleEndian ? high | low << 16 : high << 16 | low;
        }
    }
}
