package io.studioflow.processing.compose;

import java.util.List;
import org.opencv.core.Mat;

/**
 * A composed rendition. The caller owns {@code image}: close the result (or release the Mat) when done.
 *
 * @param image      the rendition at canvas size: 8-bit BGR, or BGRA when the spec asks for a transparent canvas
 * @param fillRatio  measured: the placed product's longer side relative to the canvas
 * @param productBox the product's bounding box in the source photo
 * @param placedBox  the product's bounding box on the canvas
 * @param scale      source px to canvas px
 * @param confidence 0..1: lowered for a product cut off by the photo's frame, an extremely thin box, or
 *                   heavy enlargement
 * @param concerns   why the confidence was lowered, in plain words (empty when none)
 */
public record ComposeResult(Mat image, double fillRatio, BoundingBox productBox, BoundingBox placedBox, double scale,
                            double confidence, List<String> concerns) implements AutoCloseable {

    public ComposeResult {
        concerns = List.copyOf(concerns);
    }

    @Override
    public void close() {
        image.release();
    }
}
