package io.studioflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.studioflow.ingest.PhotoArchive.Entry;
import io.studioflow.ingest.PhotoArchive.Photo;
import io.studioflow.ingest.PhotoArchive.Refused;
import io.studioflow.ingest.PhotoArchive.Skipped;
import io.studioflow.ingest.PhotoArchive.Summary;
import io.studioflow.testing.HostileArchives;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The ZIP reader issue 8's batch upload will use, against archives built here the way attackers build them. */
class PhotoArchiveTest {

    private static final byte[] JPEG = jpeg(64, 48);
    private static final byte[] PNG = png(32, 32);

    private final List<Entry> entries = new ArrayList<>();

    @Test
    void photosComeOutWithTheirLastNameSegmentAndExactBytes() {
        Summary summary = read(HostileArchives.zip()
                .folder("shoot")
                .file("shoot/day 1/vase.jpg", JPEG)
                .stored("cup.png", PNG)
                .bytes());

        assertThat(summary.complete()).as(summary.toString()).isTrue();
        assertThat(summary.photos()).isEqualTo(2);
        assertThat(photo("shoot/day 1/vase.jpg").fileName()).isEqualTo("vase.jpg");
        assertThat(photo("shoot/day 1/vase.jpg").bytes()).isEqualTo(JPEG);
        assertThat(photo("cup.png").bytes()).isEqualTo(PNG);
        assertThat(entry("shoot/")).isInstanceOf(Skipped.class);
    }

    @Test
    void namesThatLeaveTheArchiveAreRefusedWithTheirReason() {
        read(HostileArchives.zip()
                .file("../../etc/cron.d/evil.jpg", JPEG)
                .file("shoot/../../../evil.jpg", JPEG)
                .file("..\\..\\windows\\evil.jpg", JPEG)
                .file("/etc/evil.jpg", JPEG)
                .file("\\\\server\\share\\evil.jpg", JPEG)
                .file("C:\\Windows\\evil.jpg", JPEG)
                .file("c:evil.jpg", JPEG)
                .file("bell\u0007.jpg", JPEG)
                .file("fine..name.jpg", JPEG)
                .bytes());

        assertThat(refusal("../../etc/cron.d/evil.jpg")).contains("outside the archive");
        assertThat(refusal("shoot/../../../evil.jpg")).contains("outside the archive");
        assertThat(refusal("..\\..\\windows\\evil.jpg")).contains("outside the archive");
        assertThat(refusal("/etc/evil.jpg")).contains("absolute path");
        assertThat(refusal("\\\\server\\share\\evil.jpg")).contains("absolute path");
        assertThat(refusal("C:\\Windows\\evil.jpg")).contains("drive letter");
        assertThat(refusal("c:evil.jpg")).contains("drive letter");
        assertThat(refusal("bell\u0007.jpg")).contains("control characters");
        // two dots inside a name are just a name
        assertThat(photo("fine..name.jpg").fileName()).isEqualTo("fine..name.jpg");
        // even a refused entry's display name is one harmless segment
        assertThat(entries).filteredOn(Refused.class::isInstance).map(e -> ((Refused) e).fileName())
                .allSatisfy(name -> assertThat(name).doesNotContain("/", "\\").isNotEqualTo(".."));
    }

    @Test
    void symbolicLinkIsRefusedAndItsTargetNeverRead() {
        read(HostileArchives.zip().symlink("vase.jpg", "/etc/passwd").symlink("cup.jpg", "../../secrets").bytes());

        assertThat(refusal("vase.jpg")).contains("symbolic link");
        assertThat(refusal("cup.jpg")).contains("symbolic link");
    }

    @Test
    void archivesInsideTheArchiveAreNotOpened() {
        byte[] inner = HostileArchives.zip().file("vase.jpg", JPEG).bytes();
        byte[] gzip = {0x1F, (byte) 0x8B, 8, 0, 0, 0, 0, 0, 0, 3};
        read(HostileArchives.zip()
                .file("more.zip", inner)
                .file("innocent.jpg", inner) // zip bytes behind a photo's name
                .file("photos.tar.gz", gzip)
                .bytes());

        assertThat(refusal("more.zip")).contains("archive inside the archive");
        assertThat(refusal("innocent.jpg")).contains("archive inside the archive");
        assertThat(refusal("photos.tar.gz")).contains("archive inside the archive");
    }

    @Test
    void fortyTwoStyleNestedBombIsRefusedWithoutInflatingTheInnerLayers() {
        byte[] bomb = HostileArchives.nestedBomb(2, 8, 64L * 1024 * 1024); // 8 x 8 x 64 MB = 4 GB, when unpacked

        Summary summary = read(bomb);

        assertThat(bomb.length).as("archive size").isLessThan(6 * 1024 * 1024);
        assertThat(entries).hasSize(8).allSatisfy(e -> assertThat(((Refused) e).reason()).contains("archive inside"));
        // only the first layer's entries (the inner archives themselves) are inflated, never what they hold
        assertThat(summary.inflatedBytes()).as("bytes inflated").isLessThan(1024 * 1024);
    }

    @Test
    void compressionBombIsStoppedAtTheRatioLimitNotAtItsEnd() {
        long declared = 512L * 1024 * 1024;
        byte[] bomb = HostileArchives.zip().zeros("vase.jpg", declared).file("after.jpg", JPEG).bytes();

        Summary summary = read(bomb);

        assertThat(bomb.length).as("archive size").isLessThan(3 * 1024 * 1024);
        assertThat(refusal("vase.jpg")).contains("compression bomb");
        assertThat(summary.stoppedBecause()).contains("compression bomb").contains("not read further");
        assertThat(summary.inflatedBytes()).as("bytes inflated before stopping").isLessThan(2L * 1024 * 1024);
        assertThat(entries).hasSize(1);
    }

    @Test
    void photoLargerThanTheEntryLimitIsRefusedCountingInflatedBytes() {
        byte[] big = Arrays.copyOf(JPEG, 50_000);
        fillRandom(big, JPEG.length);
        PhotoArchive archive = new PhotoArchive(20_000, 100, 10_000_000, 200);

        Summary summary = archive.read(new ByteArrayInputStream(HostileArchives.zip()
                .file("big.jpg", big).file("small.jpg", JPEG).bytes()), entries::add);

        assertThat(summary.complete()).isTrue();
        assertThat(refusal("big.jpg")).isEqualTo("larger than the 19 KB limit for one photo");
        assertThat(photo("small.jpg").bytes()).isEqualTo(JPEG);
    }

    @Test
    void tooManyEntriesStopsReading() {
        HostileArchives zip = HostileArchives.zip();
        for (int i = 0; i < 30; i++) {
            zip.file("p" + i + ".png", PNG);
        }
        Summary summary = new PhotoArchive(1_000_000, 10, 1_000_000_000, 200)
                .read(new ByteArrayInputStream(zip.bytes()), entries::add);

        assertThat(summary.photos()).isEqualTo(10);
        assertThat(summary.stoppedBecause()).contains("more than 10 files");
    }

    @Test
    void totalInflatedSizeStopsReading() {
        byte[] photo = Arrays.copyOf(JPEG, 30_000);
        fillRandom(photo, JPEG.length);
        HostileArchives zip = HostileArchives.zip();
        for (int i = 0; i < 5; i++) {
            zip.file("p" + i + ".jpg", photo);
        }
        Summary summary = new PhotoArchive(1_000_000, 100, 100_000, 200)
                .read(new ByteArrayInputStream(zip.bytes()), entries::add);

        assertThat(summary.photos()).isEqualTo(3);
        assertThat(summary.stoppedBecause()).contains("inflates to more than");
        assertThat(summary.inflatedBytes()).isLessThanOrEqualTo(100_000 + 64 * 1024);
    }

    @Test
    void encryptedArchiveIsRefusedAsPasswordProtected() {
        byte[] zip = HostileArchives.withFirstEntryEncrypted(HostileArchives.zip().file("vase.jpg", JPEG).bytes());

        Summary summary = read(zip);

        assertThat(summary.stoppedBecause()).contains("password-protected");
        assertThat(entries).isEmpty();
    }

    @Test
    void nonPhotosAndEmptyFilesAreRefusedMetadataSkipped() {
        read(HostileArchives.zip()
                .file("notes.txt", "call the client".getBytes(StandardCharsets.UTF_8))
                .file("bomb.svg", svg().getBytes(StandardCharsets.UTF_8))
                .file("empty.jpg", new byte[0])
                .file("__MACOSX/._vase.jpg", new byte[] {0, 5, 22, 7})
                .file("shoot/.DS_Store", new byte[] {0, 0, 0, 1})
                .file("vase.jpg", JPEG)
                .bytes());

        assertThat(refusal("notes.txt")).contains("not a photo");
        assertThat(refusal("bomb.svg")).contains("not a photo");
        assertThat(refusal("empty.jpg")).contains("empty");
        assertThat(entry("__MACOSX/._vase.jpg")).isInstanceOf(Skipped.class);
        assertThat(entry("shoot/.DS_Store")).isInstanceOf(Skipped.class);
        assertThat(photo("vase.jpg").fileName()).isEqualTo("vase.jpg");
    }

    @Test
    void cutOffDamagedAndNonArchivesSayWhat() {
        byte[] zip = HostileArchives.zip().file("a.jpg", Arrays.copyOf(JPEG, 20_000)).file("b.jpg", JPEG).bytes();
        assertThat(read(Arrays.copyOf(zip, zip.length / 3)).stoppedBecause()).contains("cut off");

        entries.clear();
        assertThat(read(JPEG).stoppedBecause()).contains("not a ZIP archive");

        entries.clear();
        byte[] damaged = zip.clone();
        for (int i = 60; i < 200; i++) {
            damaged[i] ^= 0x5A;
        }
        assertThat(read(damaged).stoppedBecause()).containsAnyOf("damaged", "cut off");
    }

    @Test
    void namesFromOldWindowsArchiversAreReadNotRefused() throws IOException {
        // no UTF-8 flag: the name is CP437, as the ZIP specification has it; "Ü" is one byte there, invalid UTF-8
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out,
                Charset.forName("IBM437"))) {
            zip.putNextEntry(new ZipEntry("Fotos\\\u00dcberzug.jpg"));
            zip.write(JPEG);
            zip.closeEntry();
        }
        entries.clear();
        Summary summary = read(out.toByteArray());

        assertThat(summary.complete()).as(summary.toString()).isTrue();
        assertThat(photo("Fotos\\\u00dcberzug.jpg").fileName()).isEqualTo("\u00dcberzug.jpg");
        assertThat(read(HostileArchives.zip().file("caf\u00e9/cr\u00e8me.jpg", JPEG).bytes()).photos()).isEqualTo(1);
        assertThat(photo("caf\u00e9/cr\u00e8me.jpg").fileName()).isEqualTo("cr\u00e8me.jpg");
    }

    @Test
    void readsAStreamThatArrivesInSmallPieces() {
        byte[] zip = HostileArchives.zip().file("a.jpg", JPEG).file("b.png", PNG).bytes();
        InputStream trickle = new ByteArrayInputStream(zip) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 7));
            }
        };

        Summary summary = new PhotoArchive().read(trickle, entries::add);

        assertThat(summary.photos()).isEqualTo(2);
        assertThat(photo("b.png").bytes()).isEqualTo(PNG);
    }

    // ------------------------------------------------------------------ helpers

    private Summary read(byte[] zip) {
        return new PhotoArchive().read(new ByteArrayInputStream(zip), entries::add);
    }

    private Entry entry(String name) {
        return entries.stream().filter(e -> e.entryName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no entry " + name + " in " + entries));
    }

    private Photo photo(String name) {
        Entry entry = entry(name);
        assertThat(entry).as(name).isInstanceOf(Photo.class);
        return (Photo) entry;
    }

    private String refusal(String name) {
        Entry entry = entry(name);
        assertThat(entry).as(name).isInstanceOf(Refused.class);
        return ((Refused) entry).reason();
    }

    private static void fillRandom(byte[] bytes, int from) {
        byte[] noise = new byte[bytes.length - from];
        new Random(42).nextBytes(noise);
        System.arraycopy(noise, 0, bytes, from, noise.length);
    }

    static String svg() {
        return "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>&b;</text></svg>";
    }

    private static byte[] jpeg(int width, int height) {
        return encode(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "jpeg");
    }

    private static byte[] png(int width, int height) {
        return encode(new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB), "png");
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
