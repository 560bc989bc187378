package io.studioflow.processing;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import io.camunda.client.api.response.ActivatedJob;
import io.studioflow.audit.Actor;
import io.studioflow.flows.ImageVariables;
import io.studioflow.flows.StepRecorder;
import io.studioflow.processing.compose.ComposeResult;
import io.studioflow.processing.compose.ComposeSpec;
import io.studioflow.processing.compose.Composer;
import io.studioflow.processing.compose.NothingToComposeException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opencv.core.Mat;
import org.springframework.stereotype.Component;

/** Product on pure white, centred, filling ~85%, square 2000 px JPEG. */
@Component
public class ComposeWorker {

    static final int JPEG_QUALITY = 92;

    public record Result(CompositionOutcome composition) {
    }

    private final StepImages images;
    private final Composer composer;
    private final StepRecorder steps;

    ComposeWorker(StepImages images, Composer composer, StepRecorder steps) {
        this.images = images;
        this.composer = composer;
        this.steps = steps;
    }

    @JobWorker(type = "compose", timeout = 120_000, maxJobsActive = 4)
    public Result compose(ActivatedJob job, @VariablesAsType ImageVariables vars) {
        try {
            long started = System.nanoTime();
            Mat corrected = images.photo(vars.colour().correctedHash());
            Mat mask = images.mask(vars.segmentation().maskHash());
            CompositionOutcome outcome;
            Map<String, Object> scores = new LinkedHashMap<>();
            List<String> concerns;
            // a retoucher's reprocess request overrides the preset for this image
            ComposeSpec spec = vars.composeSettings() == null ? ComposeSpec.defaults()
                    : vars.composeSettings().applyTo(ComposeSpec.defaults());
            try (ComposeResult result = composer.compose(corrected, mask, spec)) {
                String rendition = images.storeJpeg(result.image(), JPEG_QUALITY);
                outcome = new CompositionOutcome(result.confidence(), rendition, spec.width(), spec.height(), result.fillRatio());
                concerns = result.concerns();
                scores.put("confidence", result.confidence());
                scores.put("fillRatio", result.fillRatio());
            } catch (NothingToComposeException e) {
                // no product in the mask: nothing to publish automatically, a retoucher decides
                outcome = new CompositionOutcome(0.0, null, spec.width(), spec.height(), 0.0);
                concerns = List.of(e.getMessage());
                scores.put("confidence", 0.0);
            } finally {
                corrected.release();
                mask.release();
            }
            steps.record(job, vars, new StepRecorder.Step("compose", Actor.system("composer"), "COMPOSED", concerns,
                    scores, List.of(vars.colour().correctedHash(), vars.segmentation().maskHash()),
                    outcome.renditionHash() == null ? Map.of() : Map.of("rendition", outcome.renditionHash()), null,
                    (System.nanoTime() - started) / 1_000_000));
            return new Result(outcome);
        } catch (RuntimeException e) {
            throw steps.technicalFailure(job, e);
        }
    }
}
