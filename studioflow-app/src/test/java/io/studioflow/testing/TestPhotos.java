package io.studioflow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Real photos for tests, from Debian's {@code python3-skimage} and {@code opencv-doc} packages (CC0, public
 * domain, Apache-2.0/BSD; see {@code scripts/fetch-test-photos.sh}). They are fetched into
 * {@code <studioflow.root>/.studioflow/test-photos} on first use and never committed.
 *
 * <p>Names: coffee.png, chelsea.png, astronaut.png, rocket.jpg, brick.png, grass.png, gravel.png (skimage);
 * apple.jpg, orange.jpg, fruits.jpg, baboon.jpg, messi5.jpg, butterfly.jpg, plant.jpg, plant_result.png
 * (OpenCV samples).
 */
public final class TestPhotos {

    private static final String SCRIPT = "scripts/fetch-test-photos.sh";
    private static volatile boolean fetched;

    private TestPhotos() {
    }

    /** The directory holding the photos, fetched if any is missing. */
    public static Path dir() {
        Path dir = root().resolve(".studioflow/test-photos");
        ensureFetched(dir);
        return dir;
    }

    /** One photo's path. */
    public static Path photo(String name) {
        Path photo = dir().resolve(name);
        if (!Files.isRegularFile(photo)) {
            throw new IllegalArgumentException("No test photo '" + name + "' in " + photo.getParent()
                    + "; the photos " + SCRIPT + " fetches are listed in it");
        }
        return photo;
    }

    /** One photo's encoded bytes (PNG or JPEG). */
    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(photo(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The repository root: system property {@code studioflow.root} (Surefire sets it), else the nearest directory
     * upwards from the working directory that holds the fetch script (a test started from an IDE).
     */
    static Path root() {
        String property = System.getProperty("studioflow.root");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(SCRIPT))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the repository root: set -Dstudioflow.root=<repository>");
    }

    private static synchronized void ensureFetched(Path dir) {
        if (fetched) {
            return;
        }
        // the script checks every photo and exits at once when all are there
        Path script = root().resolve(SCRIPT);
        try {
            Process process = new ProcessBuilder("bash", script.toString(), dir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(script + " did not finish within 10 minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(script + " " + dir + " failed with exit code " + process.exitValue()
                        + " (its output is above)");
            }
            fetched = true;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while fetching the test photos", e);
        }
    }
}
