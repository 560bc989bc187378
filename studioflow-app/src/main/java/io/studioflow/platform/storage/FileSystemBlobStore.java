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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** Blobs as files under {@code <data>/blobs/ab/cd/<sha256>}, written atomically. */
@Component
public class FileSystemBlobStore implements BlobStore {

    private final Path root;

    @Autowired
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
        // the hash is the only thing that names a file: anything else would be a path traversal
        if (!Hashes.isSha256(sha256)) {
            throw new IllegalArgumentException("not a sha256 content address: " + sha256);
        }
        return root.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
    }
}
