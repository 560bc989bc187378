package io.studioflow.ingest;

import io.studioflow.platform.StudioflowProperties;
import io.studioflow.platform.imaging.ImageCodec;
import io.studioflow.platform.imaging.MatScope;
import io.studioflow.platform.imaging.Mats;
import io.studioflow.platform.imaging.OpenCv;
import io.studioflow.platform.storage.BlobStore;
import io.studioflow.platform.storage.Hashes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * An asset's images for the web UI, which cannot use the stateless {@code /api/**} door: the stored files
 * themselves, JPEG thumbnails, and the product cut out on transparency. A missing or unreadable file is an
 * empty answer and a log line, never an exception, so a view can show "no image" instead of failing.
 *
 * <p>Derived images (thumbnails, cut-outs) are stored as blobs like everything else; a tiny index file per
 * derivation ({@code <data>/cache/derived/<key>}, holding the derived blob's sha256) finds them again, so the
 * second call reads a file instead of decoding. The key is built from the source hashes, so an index entry
 * can never point at an image made from other pixels; a lost or stale entry only costs one more decode.
 */
@Service
public class ImageFiles {

    /** Artifact names on {@link Asset#artifacts()}, as the workers and the task service write them. */
    public static final String ORIGINAL = "original";
    public static final String MASK = "mask";
    public static final String CORRECTED = "corrected";
    public static final String RENDITION = "rendition";
    public static final String RETOUCHED = "retouched";

    /** Longest side of {@link #cutoutPng}: enough to judge edges, small enough for a browser. */
    public static final int CUTOUT_MAX_SIDE = 2000;

    static final int THUMBNAIL_QUALITY = 85;

    private static final Logger log = LoggerFactory.getLogger(ImageFiles.class);

    private final BlobStore blobs;
    private final ImageCodec codec;
    private final Path indexDir;

    @Autowired
    public ImageFiles(BlobStore blobs, ImageCodec codec, StudioflowProperties properties) {
        this(blobs, codec, properties.dataDir().resolve("cache").resolve("derived"));
    }

    /** @param indexDir where the derivation index files live (created on first write) */
    public ImageFiles(BlobStore blobs, ImageCodec codec, Path indexDir) {
        OpenCv.load();
        this.blobs = blobs;
        this.codec = codec;
        this.indexDir = indexDir.toAbsolutePath().normalize();
    }

    /**
     * The content hash an artifact name points at: {@code original} falls back to {@link Asset#originalHash()}
     * (older records have no "original" artifact); anything else must be in {@link Asset#artifacts()}.
     */
    public Optional<String> hashOf(Asset asset, String artifact) {
        if (asset == null || artifact == null) {
            return Optional.empty();
        }
        Map<String, String> artifacts = asset.artifacts();
        String hash = artifacts == null ? null : artifacts.get(artifact);
        if (hash == null && ORIGINAL.equals(artifact)) {
            hash = asset.originalHash();
        }
        return Hashes.isSha256(hash) ? Optional.of(hash) : Optional.empty();
    }

    /** The stored file of one artifact, exactly as stored (JPEG, PNG, ...); empty if the asset has none. */
    public Optional<byte[]> bytes(Asset asset, String artifact) {
        return hashOf(asset, artifact).flatMap(hash -> read(asset, artifact, hash));
    }

    /**
     * The artifact as a JPEG whose longest side is at most {@code maxSide} (smaller images keep their size),
     * transparency flattened onto white, EXIF orientation applied. Made once, then read from the store.
     *
     * @throws IllegalArgumentException if maxSide is not positive (a programming error, not bad data)
     */
    public Optional<byte[]> thumbnail(Asset asset, String artifact, int maxSide) {
        if (maxSide < 1) {
            throw new IllegalArgumentException("thumbnail side must be positive, was " + maxSide);
        }
        Optional<String> source = hashOf(asset, artifact);
        if (source.isEmpty()) {
            return Optional.empty();
        }
        String key = "thumb-" + source.get() + "-" + maxSide;
        return derived(asset, artifact, key, () -> makeThumbnail(source.get(), maxSide));
    }

    /**
     * The product on transparency: the colour-corrected photo (the original if there is none yet) with the
     * segmentation mask as its alpha channel, as an 8-bit RGBA PNG at most {@link #CUTOUT_MAX_SIDE} px on the
     * longest side. Empty until the image has a mask.
     */
    public Optional<byte[]> cutoutPng(Asset asset) {
        Optional<String> mask = hashOf(asset, MASK);
        Optional<String> photo = hashOf(asset, CORRECTED).or(() -> hashOf(asset, ORIGINAL));
        if (mask.isEmpty() || photo.isEmpty()) {
            return Optional.empty();
        }
        String key = "cutout-" + photo.get() + "-" + mask.get() + "-" + CUTOUT_MAX_SIDE;
        return derived(asset, "cutout", key, () -> makeCutout(photo.get(), mask.get()));
    }

    // ------------------------------------------------------------------ derivations

    private byte[] makeThumbnail(String sourceHash, int maxSide) {
        Mat photo = codec.decodeBgr(blobs.get(sourceHash));
        try (MatScope scope = Mats.scope()) {
            scope.add(photo);
            return codec.encodeJpeg(Mats.fittedWithin(photo, maxSide, scope), THUMBNAIL_QUALITY);
        }
    }

    private byte[] makeCutout(String photoHash, String maskHash) {
        try (MatScope scope = Mats.scope()) {
            Mat photo = scope.add(codec.decodeBgr(blobs.get(photoHash)));
            Mat mask = scope.add(decodeMask(maskHash));
            if (mask.rows() != photo.rows() || mask.cols() != photo.cols()) {
                // a mask made for another size of the same photo (e.g. before a re-export): stretch it over
                Mat resized = scope.mat();
                Imgproc.resize(mask, resized, new Size(photo.cols(), photo.rows()), 0, 0, Imgproc.INTER_LINEAR);
                mask = resized;
            }
            Mat smallPhoto = Mats.fittedWithin(photo, CUTOUT_MAX_SIDE, scope);
            Mat smallMask = Mats.fittedWithin(mask, CUTOUT_MAX_SIDE, scope);
            List<Mat> planes = new ArrayList<>(4);
            Core.split(smallPhoto, planes);
            planes.forEach(scope::add);
            planes.add(smallMask);
            Mat bgra = scope.mat();
            Core.merge(planes, bgra);
            return codec.encodePng(bgra);
        }
    }

    /** The stored 8-bit matte, checked like any other file before OpenCV decodes it. */
    private Mat decodeMask(String maskHash) {
        byte[] bytes = blobs.get(maskHash);
        codec.probe(bytes);
        MatOfByte encoded = new MatOfByte(bytes);
        try {
            Mat mask = Imgcodecs.imdecode(encoded, Imgcodecs.IMREAD_GRAYSCALE);
            if (mask.empty()) {
                mask.release();
                throw new IllegalStateException("stored mask " + maskHash + " could not be decoded");
            }
            return mask;
        } finally {
            encoded.release();
        }
    }

    // ------------------------------------------------------------------ store and index

    private Optional<byte[]> read(Asset asset, String what, String hash) {
        try {
            return Optional.of(blobs.get(hash));
        } catch (RuntimeException e) {
            log.warn("image {}: {} {} cannot be read: {}", asset.id(), what, hash, e.toString());
            return Optional.empty();
        }
    }

    /** The derived image recorded under {@code key}, or made now, stored and recorded. */
    private Optional<byte[]> derived(Asset asset, String what, String key, Supplier<byte[]> make) {
        Path index = indexDir.resolve(key);
        String known = readIndex(index);
        if (known != null && blobs.exists(known)) {
            try {
                return Optional.of(blobs.get(known));
            } catch (RuntimeException e) {
                log.warn("image {}: cached {} {} cannot be read, making it again: {}", asset.id(), what, known, e.toString());
            }
        }
        byte[] made;
        try {
            made = make.get();
        } catch (RuntimeException e) {
            log.warn("image {}: no {} ({}): {}", asset.id(), what, key, e.toString());
            return Optional.empty();
        }
        try {
            writeIndex(index, blobs.put(made));
        } catch (RuntimeException | IOException e) {
            // the image is good; only the next call will have to make it again
            log.warn("image {}: could not cache {} ({}): {}", asset.id(), what, key, e.toString());
        }
        return Optional.of(made);
    }

    private static String readIndex(Path index) {
        try {
            String hash = Files.readString(index, StandardCharsets.US_ASCII).strip();
            return Hashes.isSha256(hash) ? hash : null;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            log.warn("derived image index {} unreadable: {}", index, e.toString());
            return null;
        }
    }

    /** Write-then-rename, so a reader (another thread or replica) sees the old entry or the new one, never half. */
    private static void writeIndex(Path index, String hash) throws IOException {
        Files.createDirectories(index.getParent());
        Path tmp = Files.createTempFile(index.getParent(), index.getFileName().toString(), ".part");
        try {
            Files.writeString(tmp, hash, StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, index, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, index, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
