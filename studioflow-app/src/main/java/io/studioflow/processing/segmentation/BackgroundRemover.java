package io.studioflow.processing.segmentation;

import org.opencv.core.Mat;
import org.springframework.stereotype.Service;

/** Cuts the product out of a photo and says how far to trust the cut. Knows nothing of the flow engine. */
@Service
public class BackgroundRemover {

    private final SegmentationModel model;

    public BackgroundRemover(SegmentationModel model) {
        this.model = model;
    }

    /**
     * @param bgr 8-bit BGR photo (grey, BGRA and 16-bit are converted); not changed
     * @return the alpha matte at the photo's size with its confidence; close it when done
     * @throws IllegalArgumentException  for an empty or unsupported image
     * @throws ModelUnavailableException when the model weights are missing or corrupt
     */
    public Cutout remove(Mat bgr) {
        long start = System.nanoTime();
        Matte matte = model.segment(bgr);
        long inferenceMs = (System.nanoTime() - start) / 1_000_000;
        MatteConfidence quality;
        try {
            quality = MatteConfidence.of(matte.softAlpha());
        } catch (RuntimeException e) {
            matte.close();
            throw e;
        }
        // the cutout takes over the full-size alpha; only the working-size soft alpha is done with
        matte.softAlpha().release();
        return new Cutout(matte.alpha(), quality.score(), quality, model.name(), model.version(),
                model.weightsSha256(), inferenceMs);
    }
}
