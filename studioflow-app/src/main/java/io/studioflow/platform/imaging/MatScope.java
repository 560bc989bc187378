package io.studioflow.platform.imaging;

import java.util.ArrayDeque;
import java.util.Deque;
import org.opencv.core.Mat;

/**
 * Owns the temporary Mats of one computation and releases them all on {@link #close()}, so that an
 * exception half-way cannot leak native memory:
 *
 * <pre>{@code
 * try (MatScope scope = Mats.scope()) {
 *     Mat grey = scope.mat();
 *     Imgproc.cvtColor(bgr, grey, Imgproc.COLOR_BGR2GRAY);
 *     Mat result = scope.add(new Mat());
 *     ...
 *     return scope.keep(result); // the caller now owns result
 * }
 * }</pre>
 *
 * Not thread-safe: one scope belongs to one computation.
 */
public final class MatScope implements AutoCloseable {

    private final Deque<Mat> owned = new ArrayDeque<>();

    MatScope() {
    }

    /** Adds {@code mat} to the scope (released on close) and returns it. */
    public <M extends Mat> M add(M mat) {
        owned.push(mat);
        return mat;
    }

    /** A new empty Mat owned by the scope. */
    public Mat mat() {
        return add(new Mat());
    }

    /** Takes {@code mat} out of the scope: it survives {@link #close()} and the caller must release it. */
    public <M extends Mat> M keep(M mat) {
        owned.removeIf(m -> m == mat);
        return mat;
    }

    @Override
    public void close() {
        while (!owned.isEmpty()) {
            owned.pop().release();
        }
    }
}
