package io.studioflow.processing.segmentation;

import org.opencv.core.Mat;

/**
 * A salient-object segmentation network. Implementations hold one loaded model and are safe to call from
 * several threads at once.
 */
public interface SegmentationModel extends AutoCloseable {

    /** Short model name, e.g. {@code isnet-medium}. */
    String name();

    /** Version of the weights' source, recorded in the audit trail with {@link #weightsSha256()}. */
    String version();

    /** SHA-256 of the weights file that was loaded (hex). */
    String weightsSha256();

    /**
     * Segments the main object of an 8-bit BGR image (1, 3 or 4 channels accepted; 16-bit is scaled down).
     * The caller owns and must close the returned matte; the input is not changed.
     *
     * @throws IllegalArgumentException when the image is empty or of an unsupported type
     */
    Matte segment(Mat bgr);

    /** Releases the native session. */
    @Override
    void close();
}
