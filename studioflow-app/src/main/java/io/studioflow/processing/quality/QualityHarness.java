package io.studioflow.processing.quality;

import io.studioflow.platform.imaging.Mats;
import io.studioflow.processing.segmentation.BackgroundRemover;
import io.studioflow.processing.segmentation.GrabCutSegmenter;
import io.studioflow.processing.segmentation.Matte;
import org.opencv.core.Mat;

/**
 * Runs ground-truth scenes through the model (raw), the flow's segmentation (the model refined, with its
 * confidence) and GrabCut, and scores each against the exact alpha. Drives the real {@link BackgroundRemover}, so
 * what it measures is what the flow does.
 */
public final class QualityHarness {

    private final BackgroundRemover remover;
    private final GrabCutSegmenter grabCut;

    public QualityHarness(BackgroundRemover remover, GrabCutSegmenter grabCut) {
        this.remover = remover;
        this.grabCut = grabCut;
    }

    /** Measures one scene; the refined alpha is handed to {@code refinedAlpha} (may be null) before it is released. */
    public HarnessCase measure(Scene scene, long seed, AlphaConsumer refinedAlpha) {
        Mat refined = null;
        Mat classical = null;
        try (Matte matte = remover.model().segment(scene.image())) {
            var confidence = remover.assess(scene.image(), matte);
            refined = remover.refine(scene.image(), matte, confidence);
            classical = grabCut.segment(scene.image());
            HarnessCase result = new HarnessCase(scene.category(), scene.background(), seed,
                    MatteMetrics.evaluate(matte.alpha(), scene.alpha(), HarnessCase.BOUNDARY_TOLERANCE_PX),
                    MatteMetrics.evaluate(refined, scene.alpha(), HarnessCase.BOUNDARY_TOLERANCE_PX),
                    MatteMetrics.evaluate(classical, scene.alpha(), HarnessCase.BOUNDARY_TOLERANCE_PX), confidence.score(), confidence.matte().score(),
                    confidence.backdrop().residual(), confidence.backdrop().backdropInside(),
                    confidence.backdrop().productOutside());
            if (refinedAlpha != null) {
                refinedAlpha.accept(scene, result, refined);
            }
            return result;
        } finally {
            Mats.release(refined, classical);
        }
    }

    /** Sees a scene's refined alpha while it is alive (for contact sheets); must not keep it. */
    @FunctionalInterface
    public interface AlphaConsumer {
        void accept(Scene scene, HarnessCase result, Mat refinedAlpha);
    }
}
