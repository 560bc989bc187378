package io.studioflow.publishing;

import io.studioflow.platform.StudioflowProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/** Writes approved renditions to the publish folder, {@code <data>/published/<sku>/<image>-<name>.<ext>}. */
@Service
public class Publisher {

    private static final Pattern SAFE_SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Path root;

    @Autowired
    public Publisher(StudioflowProperties properties) {
        this(properties.publishDir());
    }

    public Publisher(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Writes the file atomically (a reader never sees half a JPEG) and returns its path below the publish root. */
    public String publish(String sku, String imageId, String renditionName, String extension, byte[] bytes) {
        Path dir = inside(root, sku);
        Path target = inside(dir, imageId + "-" + renditionName + extension);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".publishing-", ".part");
            try {
                Files.write(tmp, bytes);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not publish " + target, e);
        }
        return root.relativize(target).toString();
    }

    public Path root() {
        return root;
    }

    private static Path inside(Path parent, String segment) {
        if (segment == null || !SAFE_SEGMENT.matcher(segment).matches() || segment.contains("..")) {
            throw new IllegalArgumentException("unsafe name for a published file: " + segment);
        }
        Path resolved = parent.resolve(segment).normalize();
        if (!resolved.getParent().equals(parent)) {
            throw new IllegalArgumentException("unsafe name for a published file: " + segment);
        }
        return resolved;
    }
}
