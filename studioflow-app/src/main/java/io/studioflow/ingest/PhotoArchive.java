package io.studioflow.ingest;

import io.studioflow.platform.storage.FileNames;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Reads the photos out of a ZIP as it streams in, never extracting anything to disk: each entry becomes a
 * {@link Photo} (its bytes and a display name), a {@link Refused} entry with a reason a photographer can read,
 * or a {@link Skipped} one (folders, {@code __MACOSX/}, dot files). Nothing in an entry's name is ever used as
 * a path, and the sizes a ZIP declares are never trusted: every limit is counted on the bytes as they inflate,
 * so a compression bomb is stopped at the limit instead of being inflated to its end.
 *
 * <p>Only the leading bytes of a photo are checked here (JPEG, PNG, WebP, TIFF or BMP magic): the caller runs
 * each photo through {@link PhotoValidator} exactly as a single upload, so one code path decides what is a
 * usable photo.
 *
 * <p>Symbolic links: a ZIP marks them only in its central directory, at the very end, which a streaming reader
 * meets after the entries. They are harmless here because nothing is extracted: a link entry's content is the
 * link's target path, which is refused as "not a photo"; links that carry the old Info-ZIP Unix extra field
 * ({@code 0x756e}) in their local header are refused as links.
 */
public final class PhotoArchive {

    /** The single-upload limit ({@code spring.servlet.multipart.max-file-size}). */
    public static final long DEFAULT_MAX_ENTRY_BYTES = 60L * 1024 * 1024;
    public static final int DEFAULT_MAX_ENTRIES = 2_000;
    public static final long DEFAULT_MAX_TOTAL_BYTES = 4L * 1024 * 1024 * 1024;
    /**
     * Photos are already compressed and barely shrink in a ZIP (2x for an uncompressed TIFF of a real photo);
     * only flat, synthetic data deflates more than this. Deflate's own ceiling is about 1032:1.
     */
    public static final int DEFAULT_MAX_COMPRESSION_RATIO = 200;
    /** The ratio is only judged once an entry has inflated this much, so tiny entries are never misjudged. */
    static final long RATIO_CHECKED_FROM_BYTES = 1024 * 1024;
    static final int MAX_NAME_LENGTH = 1024;

    /**
     * Names without the ZIP's UTF-8 flag are CP437, as the ZIP specification has it (older Windows archivers):
     * every byte is a character there, so a name is never "unreadable" and never stops the archive; names with
     * the flag are read as UTF-8 whatever this says.
     */
    private static final Charset UNFLAGGED_NAMES = Charset.isSupported("IBM437") ? Charset.forName("IBM437")
            : StandardCharsets.ISO_8859_1;
    private static final Pattern DRIVE_LETTER = Pattern.compile("^[A-Za-z]:.*");
    private static final Pattern NESTED_ARCHIVE_NAME =
            Pattern.compile("(?i).*\\.(zip|jar|rar|7z|tar|gz|tgz|bz2|xz|zst|cab|iso)$");
    private static final int UNIX_EXTRA_FIELD = 0x756e;
    private static final int S_IFMT = 0170000;
    private static final int S_IFLNK = 0120000;

    /** What one entry of the archive turned out to be. */
    public sealed interface Entry permits Photo, Refused, Skipped {
        /** The entry's name as the ZIP spells it (for logs and messages only, never a path). */
        String entryName();
    }

    /** A file that starts like a photo; {@code fileName} is the last segment of its name, printable and bounded. */
    public record Photo(String entryName, String fileName, byte[] bytes) implements Entry {
    }

    /** An entry that is not taken, with a reason for the person who made the archive. */
    public record Refused(String entryName, String fileName, String reason) implements Entry {
    }

    /** Folders and the files archivers add on their own ({@code __MACOSX/}, {@code .DS_Store}, ...). */
    public record Skipped(String entryName, String reason) implements Entry {
    }

    /**
     * How the read went: counts, bytes inflated, and, if the archive could not be read to its end, why
     * ({@code null} when it was).
     */
    public record Summary(int photos, int refused, int skipped, long inflatedBytes, String stoppedBecause) {
        public boolean complete() {
            return stoppedBecause == null;
        }
    }

    private final long maxEntryBytes;
    private final int maxEntries;
    private final long maxTotalBytes;
    private final int maxCompressionRatio;

    public PhotoArchive() {
        this(DEFAULT_MAX_ENTRY_BYTES, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_TOTAL_BYTES, DEFAULT_MAX_COMPRESSION_RATIO);
    }

    /**
     * @param maxEntryBytes       largest photo taken from the archive, counted as it inflates
     * @param maxEntries          entries (files, folders, skipped ones) after which reading stops
     * @param maxTotalBytes       inflated bytes of the whole archive after which reading stops
     * @param maxCompressionRatio an entry inflating more than this many times its compressed size is a bomb
     */
    public PhotoArchive(long maxEntryBytes, int maxEntries, long maxTotalBytes, int maxCompressionRatio) {
        if (maxEntryBytes < 1 || maxEntries < 1 || maxTotalBytes < 1 || maxCompressionRatio < 1) {
            throw new IllegalArgumentException("archive limits must be positive");
        }
        this.maxEntryBytes = maxEntryBytes;
        this.maxEntries = maxEntries;
        this.maxTotalBytes = maxTotalBytes;
        this.maxCompressionRatio = maxCompressionRatio;
    }

    /**
     * Reads the archive, handing each entry to {@code each} as soon as it is read (only one photo is held at a
     * time). Does not close {@code zip}.
     */
    public Summary read(InputStream zip, Consumer<Entry> each) {
        Objects.requireNonNull(each, "each");
        CountingInputStream raw = new CountingInputStream(Objects.requireNonNull(zip, "zip"));
        Reading reading = new Reading();
        // not closed: closing would close the caller's stream; nothing else is held
        ZipInputStream entries = new ZipInputStream(raw, UNFLAGGED_NAMES);
        try {
            while (true) {
                ZipEntry entry;
                try {
                    entry = entries.getNextEntry();
                } catch (ZipException e) {
                    String message = String.valueOf(e.getMessage());
                    return reading.stop(message.contains("encrypted")
                            ? "the archive is password-protected (encrypted entries cannot be read); zip the photos without a password"
                            : "the archive is damaged (" + message + ")");
                }
                if (entry == null) {
                    return reading.entries == 0
                            ? reading.stop("not a ZIP archive, or an empty one: no files found")
                            : reading.done();
                }
                if (++reading.entries > maxEntries) {
                    return reading.stop("more than " + maxEntries + " files in one archive; split it into smaller ones");
                }
                String stop = readEntry(entry, entries, raw, reading, each);
                if (stop != null) {
                    return reading.stop(stop);
                }
            }
        } catch (EOFException e) {
            return reading.stop("the archive is cut off (it ends inside a file); upload the complete archive");
        } catch (IOException e) {
            return reading.stop("the archive is damaged (" + e.getMessage() + ")");
        }
    }

    /** Reads one entry and hands it on; returns why reading must stop, or null to go on. */
    private String readEntry(ZipEntry entry, ZipInputStream in, CountingInputStream raw, Reading reading,
                             Consumer<Entry> each) throws IOException {
        String name = entry.getName();
        String fileName = FileNames.displayName(name);
        String skip = skipReason(entry, name, fileName);
        String refusal = skip != null ? null : nameProblem(entry, name);
        long compressedBefore = raw.count;
        ByteArrayOutputStream photo = skip == null && refusal == null ? new ByteArrayOutputStream() : null;
        long inflated = 0;
        byte[] buffer = new byte[64 * 1024];
        byte[] head = new byte[16];
        int headLength = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (headLength < head.length) {
                int take = Math.min(n, head.length - headLength);
                System.arraycopy(buffer, 0, head, headLength, take);
                headLength += take;
            }
            inflated += n;
            reading.inflatedBytes += n;
            if (reading.inflatedBytes > maxTotalBytes) {
                each.accept(new Refused(name, fileName, "not read: the archive inflates to more than "
                        + megabytes(maxTotalBytes) + " in all"));
                reading.refused++;
                return "the archive inflates to more than " + megabytes(maxTotalBytes) + "; split it into smaller ones";
            }
            long compressed = Math.max(1, raw.count - compressedBefore);
            if (inflated >= RATIO_CHECKED_FROM_BYTES && inflated / compressed > maxCompressionRatio) {
                each.accept(new Refused(name, fileName, "a compression bomb: it inflates more than "
                        + maxCompressionRatio + " times its packed size"));
                reading.refused++;
                return "entry " + printable(name) + " is a compression bomb (it inflates more than "
                        + maxCompressionRatio + " times its packed size); the archive was not read further";
            }
            if (photo != null) {
                if (inflated > maxEntryBytes) {
                    refusal = "larger than the " + megabytes(maxEntryBytes) + " limit for one photo";
                    photo = null; // keep counting to the entry's end, without holding it
                } else {
                    photo.write(buffer, 0, n);
                }
            }
        }
        if (skip != null) {
            each.accept(new Skipped(name, skip));
            reading.skipped++;
            return null;
        }
        if (refusal == null) {
            refusal = contentProblem(name, head, headLength);
        }
        if (refusal != null) {
            each.accept(new Refused(name, fileName, refusal));
            reading.refused++;
            return null;
        }
        each.accept(new Photo(name, fileName, photo.toByteArray()));
        reading.photos++;
        return null;
    }

    private static String skipReason(ZipEntry entry, String name, String fileName) {
        if (entry.isDirectory()) {
            return "folder";
        }
        String normalised = name.replace('\\', '/');
        if (normalised.startsWith("__MACOSX/") || normalised.contains("/__MACOSX/")) {
            return "macOS metadata (__MACOSX)";
        }
        if (fileName != null && fileName.startsWith(".") && !fileName.equals(".") && !fileName.equals("..")) {
            return "hidden file";
        }
        return null;
    }

    /** Why the entry's name alone rules it out, or null. */
    private static String nameProblem(ZipEntry entry, String name) {
        if (name.isBlank()) {
            return "the entry has no name";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "the name is longer than " + MAX_NAME_LENGTH + " characters";
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            return "the name holds control characters";
        }
        if (name.startsWith("/") || name.startsWith("\\")) {
            return "the name is an absolute path; only plain file names are taken";
        }
        if (DRIVE_LETTER.matcher(name).matches()) {
            return "the name starts with a drive letter; only plain file names are taken";
        }
        for (String segment : name.split("[/\\\\]")) {
            if (segment.equals("..")) {
                return "the name points outside the archive ('..'); only plain file names are taken";
            }
        }
        if (isSymbolicLink(entry)) {
            return "a symbolic link, not a photo";
        }
        if (NESTED_ARCHIVE_NAME.matcher(name).matches()) {
            return "an archive inside the archive is not opened; put the photos themselves in the ZIP";
        }
        return null;
    }

    /** Why the first bytes show the entry is not a photo, or null. */
    private static String contentProblem(String name, byte[] head, int length) {
        if (length == 0) {
            return "the file is empty";
        }
        if (isArchive(head, length)) {
            return "an archive inside the archive is not opened; put the photos themselves in the ZIP";
        }
        if (!looksLikePhoto(head, length)) {
            return "not a photo (expected JPEG, PNG, WebP, TIFF or BMP)";
        }
        return null;
    }

    private static boolean looksLikePhoto(byte[] b, int n) {
        return startsWith(b, n, 0, 0xFF, 0xD8, 0xFF)
                || startsWith(b, n, 0, 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n')
                || (startsWith(b, n, 0, 'R', 'I', 'F', 'F') && startsWith(b, n, 8, 'W', 'E', 'B', 'P'))
                || startsWith(b, n, 0, 'I', 'I', '*', 0) || startsWith(b, n, 0, 'M', 'M', 0, '*')
                || startsWith(b, n, 0, 'B', 'M');
    }

    private static boolean isArchive(byte[] b, int n) {
        return startsWith(b, n, 0, 'P', 'K', 3, 4) || startsWith(b, n, 0, 'P', 'K', 5, 6)
                || startsWith(b, n, 0, 0x1F, 0x8B) || startsWith(b, n, 0, '7', 'z', 0xBC, 0xAF, 0x27, 0x1C)
                || startsWith(b, n, 0, 'R', 'a', 'r', '!') || startsWith(b, n, 0, 'B', 'Z', 'h')
                || startsWith(b, n, 0, 0xFD, '7', 'z', 'X', 'Z', 0);
    }

    private static boolean startsWith(byte[] b, int n, int offset, int... prefix) {
        if (offset + prefix.length > n) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[offset + i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The Info-ZIP Unix extra field (0x756e: crc, mode, ...) when the local header carries it. */
    private static boolean isSymbolicLink(ZipEntry entry) {
        byte[] extra = entry.getExtra();
        if (extra == null) {
            return false;
        }
        int pos = 0;
        while (pos + 4 <= extra.length) {
            int id = (extra[pos] & 0xFF) | (extra[pos + 1] & 0xFF) << 8;
            int size = (extra[pos + 2] & 0xFF) | (extra[pos + 3] & 0xFF) << 8;
            int data = pos + 4;
            if (id == UNIX_EXTRA_FIELD && size >= 6 && data + 6 <= extra.length) {
                int mode = (extra[data + 4] & 0xFF) | (extra[data + 5] & 0xFF) << 8;
                return (mode & S_IFMT) == S_IFLNK;
            }
            pos = data + size;
        }
        return false;
    }

    private static String printable(String name) {
        String clean = name.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 200 ? clean.substring(0, 200) + "..." : clean;
    }

    private static String megabytes(long bytes) {
        if (bytes >= 1024L * 1024 * 1024 && bytes % (1024L * 1024 * 1024) == 0) {
            return bytes / (1024L * 1024 * 1024) + " GB";
        }
        return bytes >= 1024 * 1024 ? bytes / (1024 * 1024) + " MB" : bytes / 1024 + " KB";
    }

    private static final class Reading {
        int entries;
        int photos;
        int refused;
        int skipped;
        long inflatedBytes;

        Summary done() {
            return new Summary(photos, refused, skipped, inflatedBytes, null);
        }

        Summary stop(String reason) {
            return new Summary(photos, refused, skipped, inflatedBytes, reason);
        }
    }

    /** Counts the packed bytes the ZIP reader has pulled, to judge compression ratios. */
    private static final class CountingInputStream extends FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }

        @Override
        public void close() {
            // the caller's stream: the caller closes it
        }
    }
}
