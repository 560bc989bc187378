package io.studioflow.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * ZIP archives built in the test, entry by entry, as an attacker or a careless archiver writes them: names that
 * climb out of the archive, symbolic links, archives in archives, compression bombs, encrypted entries.
 */
public final class HostileArchives {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ZipOutputStream zip = new ZipOutputStream(out);

    private HostileArchives() {
    }

    public static HostileArchives zip() {
        return new HostileArchives();
    }

    /** A deflated entry. */
    public HostileArchives file(String name, byte[] bytes) {
        return entry(new ZipEntry(name), bytes);
    }

    /** A stored (uncompressed) entry: sizes and CRC in the local header. */
    public HostileArchives stored(String name, byte[] bytes) {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        entry.setCompressedSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        entry.setCrc(crc.getValue());
        return entry(entry, bytes);
    }

    public HostileArchives folder(String name) {
        return entry(new ZipEntry(name.endsWith("/") ? name : name + "/"), new byte[0]);
    }

    /**
     * A symbolic link as the old Info-ZIP Unix extra field (0x756e) records it in the local header: mode
     * {@code lrwxrwxrwx}, and the link's target as the entry's content.
     */
    public HostileArchives symlink(String name, String target) {
        ByteBuffer extra = ByteBuffer.allocate(4 + 14).order(ByteOrder.LITTLE_ENDIAN);
        extra.putShort((short) 0x756e).putShort((short) 14);
        extra.putInt(0); // crc of the rest (not checked by readers)
        extra.putShort((short) 0120777); // S_IFLNK | 0777
        extra.putInt(0); // size of the link (0: the target is the entry's data)
        extra.putShort((short) 0).putShort((short) 0); // uid, gid
        ZipEntry entry = new ZipEntry(name);
        entry.setExtra(extra.array());
        return entry(entry, target.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * A deflated entry of {@code size} zero bytes, written in chunks so neither the test nor the archive holds
     * them: a few hundred KB that inflate to {@code size}.
     */
    public HostileArchives zeros(String name, long size) {
        try {
            zip.putNextEntry(new ZipEntry(name));
            byte[] chunk = new byte[1 << 20];
            for (long left = size; left > 0; left -= chunk.length) {
                zip.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
            zip.closeEntry();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] bytes() {
        try {
            zip.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The archive with the "encrypted" flag (general purpose bit 0) set on its first entry's local header. */
    public static byte[] withFirstEntryEncrypted(byte[] zip) {
        byte[] copy = zip.clone();
        if (copy[0] != 'P' || copy[1] != 'K' || copy[2] != 3 || copy[3] != 4) {
            throw new IllegalArgumentException("not a ZIP local header at offset 0");
        }
        copy[6] |= 1;
        return copy;
    }

    /**
     * A 42.zip-style archive of archives: {@code layers} levels of ZIPs, each holding {@code width} copies of
     * the level below, with a zero-filled entry of {@code leafSize} bytes at the bottom.
     */
    public static byte[] nestedBomb(int layers, int width, long leafSize) {
        byte[] level = zip().zeros("leaf.jpg", leafSize).bytes();
        for (int layer = 0; layer < layers; layer++) {
            HostileArchives outer = zip();
            for (int i = 0; i < width; i++) {
                outer.file("part-" + layer + "-" + i + ".zip", level);
            }
            level = outer.bytes();
        }
        return level;
    }

    private HostileArchives entry(ZipEntry entry, byte[] bytes) {
        try {
            zip.putNextEntry(entry);
            zip.write(bytes);
            zip.closeEntry();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
