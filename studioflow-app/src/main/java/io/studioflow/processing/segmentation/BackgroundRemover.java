package io.studioflow.processing.segmentation;

import org.opencv.core.Mat;
import org.springframework.stereotype.Service;

/**
 * Cuts the product out of a photo and says how far to trust the cut: the model's matte, refined at the photo's
 * full resolution ({@link MatteRefiner}), with a confidence from the model's own output and a classical cross-check on the backdrop. Knows nothing of the flow
 * engine.
 */
@Service
public class BackgroundRemover {

    private final SegmentationModel model;
    private final MatteRefiner refiner;

    public BackgroundRemover(SegmentationModel model, MatteRefiner refiner) {
        this.model = model;
        this.refiner = refiner;
    }

    /**
     * @param photo 8-bit BGR photo (grey, BGRA and 16-bit are converted); not changed
     * @return the refined alpha matte at the photo's size with its confidence; close it when done
     * @throws IllegalArgumentException  for an empty or unsupported image
     * @throws ModelUnavailableException when the model weights are missing or corrupt
     */
    public Cutout remove(Mat photo) {
        Mat bgr = Images.toBgr8(photo);
        try {
            long start = System.nanoTime();
            try (Matte matte = model.segment(bgr)) {
                long inferenceMs = (System.nanoTime() - start) / 1_000_000;
                SegmentationConfidence quality = assess(bgr, matte);
                Mat refined = refine(bgr, matte, quality);
                return new Cutout(refined, quality.score(), quality, model.name(), model.version(),
                        model.weightsSha256(), inferenceMs);
            }
        } finally {
            if (bgr != photo) {
                bgr.release();
            }
        }
    }

    /**
     * The confidence of a model's matte, as {@link #remove} computes it; the quality harness calibrates and scores it
     * on cases whose truth is known.
     */
    public SegmentationConfidence assess(Mat bgr, Matte matte) {
        return SegmentationConfidence.of(MatteConfidence.of(matte.softAlpha()),
                BackdropAgreement.of(bgr, matte.softAlpha()));
    }

    /**
     * The matte refined at full resolution, as {@link #remove} does it; the caller owns the result. On a busy
     * background there is no single backdrop colour to solve against and the refinement would leave the model's
     * alpha as it is at its highest cost (the whole frame is edge band), so the model's alpha is kept directly.
     */
    public Mat refine(Mat bgr, Matte matte, SegmentationConfidence quality) {
        if (!quality.backdrop().plain()) {
            return matte.alpha().clone();
        }
        return refiner.refine(bgr, matte.alpha());
    }

    /** The model behind the cut. */
    public SegmentationModel model() {
        return model;
    }
}
