package io.studioflow.processing;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import io.camunda.client.api.response.ActivatedJob;
import io.studioflow.audit.Actor;
import io.studioflow.flows.ImageVariables;
import io.studioflow.flows.StepRecorder;
import io.studioflow.flows.StepReuse;
import io.studioflow.platform.imaging.Mats;
import io.studioflow.processing.StepImages.StoredRendition;
import io.studioflow.processing.compose.ComposeResult;
import io.studioflow.processing.compose.ComposeSpec;
import io.studioflow.processing.compose.Composer;
import io.studioflow.processing.compose.NothingToComposeException;
import io.studioflow.processing.segmentation.MatteRefiner;
import io.studioflow.publishing.preset.Preset;
import io.studioflow.publishing.preset.PresetCatalog;
import io.studioflow.publishing.preset.PresetValidator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opencv.core.Mat;
import org.springframework.stereotype.Component;

/**
 * Composes the product for the image's preset (canvas, background, fill, shadow), stores it in the preset's
 * format, and checks the stored file against the preset: every violation becomes a concern and
 * {@code composition.valid} is false.
 */
@Component
public class ComposeWorker {

    public record Result(CompositionOutcome composition) {
    }

    private final StepImages images;
    private final Composer composer;
    private final PresetCatalog presets;
    private final PresetValidator validator;
    private final MatteRefiner refiner;
    private final StepRecorder steps;

    ComposeWorker(StepImages images, Composer composer, PresetCatalog presets, PresetValidator validator,
                  MatteRefiner refiner, StepRecorder steps) {
        this.images = images;
        this.refiner = refiner;
        this.composer = composer;
        this.presets = presets;
        this.validator = validator;
        this.steps = steps;
    }

    @JobWorker(type = "compose", timeout = 120_000, maxJobsActive = 4)
    public Result compose(ActivatedJob job, @VariablesAsType ImageVariables vars) {
        try {
            long started = System.nanoTime();
            Preset preset = presets.get(vars.preset() == null ? PresetCatalog.DEFAULT : vars.preset());
            // a retoucher's reprocess request overrides the preset for this image
            ComposeSpec spec = vars.composeSettings() == null ? preset.composeSpec()
                    : vars.composeSettings().applyTo(preset.composeSpec());
            String key = StepReuse.key(vars.colour().correctedHash(), vars.segmentation().maskHash(), preset, spec);
            var kept = steps.reuse(job, vars, "compose", key, CompositionOutcome.class);
            if (kept.isPresent()) {
                return new Result(kept.get());
            }
            Mat corrected = images.photo(vars.colour().correctedHash());
            Mat mask = images.mask(vars.segmentation().maskHash());
            CompositionOutcome outcome;
            Map<String, Object> scores = new LinkedHashMap<>();
            List<String> concerns = new ArrayList<>();
            Mat foreground = null;
            try {
                // the product's own colours at its soft edge, so no fringe of the old backdrop comes along
                foreground = refiner.decontaminate(corrected, mask);
                try (ComposeResult result = composer.compose(foreground, mask, spec)) {
                    StoredRendition rendition = images.storeRendition(result.image(), preset);
                    List<String> violations = PresetValidator.messages(validator.validate(rendition.bytes(), preset));
                    outcome = new CompositionOutcome(result.confidence(), rendition.hash(), result.image().cols(),
                            result.image().rows(), result.fillRatio(), violations.isEmpty(), violations);
                    concerns.addAll(result.concerns());
                    concerns.addAll(violations);
                    scores.put("confidence", result.confidence());
                    scores.put("fillRatio", result.fillRatio());
                }
            } catch (NothingToComposeException e) {
                // no product in the mask: nothing to publish automatically, a retoucher decides
                outcome = new CompositionOutcome(0.0, null, spec.width(), spec.height(), 0.0, false,
                        List.of(e.getMessage()));
                concerns.add(e.getMessage());
                scores.put("confidence", 0.0);
            } finally {
                Mats.release(corrected, foreground, mask);
            }
            scores.put("valid", outcome.valid());
            scores.put("violations", outcome.violations().size());
            steps.record(job, vars, new StepRecorder.Step("compose", Actor.system("composer"), "COMPOSED", concerns,
                    scores, List.of(vars.colour().correctedHash(), vars.segmentation().maskHash()),
                    outcome.renditionHash() == null ? Map.of() : Map.of("rendition", outcome.renditionHash()), null,
                    (System.nanoTime() - started) / 1_000_000), key, outcome);
            return new Result(outcome);
        } catch (RuntimeException e) {
            throw steps.technicalFailure(job, e);
        }
    }
}
