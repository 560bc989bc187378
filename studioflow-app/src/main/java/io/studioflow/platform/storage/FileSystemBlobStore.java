package io.studioflow.platform.storage;

import io.studioflow.platform.StudioflowProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Blobs as files under {@code <data>/blobs/ab/cd/<sha256>}, written atomically. The application's store unless
 * {@code studioflow.storage.type} says otherwise (see {@link BlobStoreConfiguration}).
 */
public class FileSystemBlobStore implements BlobStore {

    private final Path root;

    public FileSystemBlobStore(StudioflowProperties properties) {
        this(properties.blobDir());
    }

    public FileSystemBlobStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String put(byte[] bytes) {
        String hash = Hashes.sha256(bytes);
        Path target = pathOf(hash);
        if (Files.exists(target)) {
            return hash;
        }
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), hash, ".part");
            try {
                Files.write(tmp, bytes);
                moveInto(tmp, target);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return hash;
        } catch (IOException e) {
            throw new UncheckedIOException("could not store blob " + hash, e);
        }
    }

    private static void moveInto(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            // another writer stored the same content first: same bytes, nothing to do
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public byte[] get(String sha256) {
        try {
            return Files.readAllBytes(pathOf(sha256));
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(sha256);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read blob " + sha256, e);
        }
    }

    @Override
    public boolean exists(String sha256) {
        return Files.exists(pathOf(sha256));
    }

    private Path pathOf(String sha256) {
        return root.resolve(BlobKeys.relativeName(sha256));
    }
}
