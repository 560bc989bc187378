package io.studioflow.processing;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import io.camunda.client.api.response.ActivatedJob;
import io.studioflow.audit.Actor;
import io.studioflow.flows.ImageVariables;
import io.studioflow.flows.StepRecorder;
import io.studioflow.flows.StepReuse;
import io.studioflow.processing.colour.BatchColourReference;
import io.studioflow.processing.colour.ColourCorrector;
import io.studioflow.processing.colour.ColourOptions;
import io.studioflow.processing.colour.ColourResult;
import io.studioflow.processing.colour.ColourSessions;
import io.studioflow.processing.colour.ColourSessions.Stage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opencv.core.Mat;
import org.springframework.stereotype.Component;

@Component
public class ColourCorrectionWorker {

    public record Result(ColourOutcome colour) {
    }

    private final StepImages images;
    private final ColourCorrector corrector;
    private final ColourSessions sessions;
    private final StepRecorder steps;

    ColourCorrectionWorker(StepImages images, ColourCorrector corrector, ColourSessions sessions, StepRecorder steps) {
        this.images = images;
        this.corrector = corrector;
        this.sessions = sessions;
        this.steps = steps;
    }

    @JobWorker(type = "correct-colour", timeout = 120_000, maxJobsActive = 4)
    public Result correctColour(ActivatedJob job, @VariablesAsType ImageVariables vars) {
        try {
            String key = StepReuse.key(vars.originalHash(), vars.segmentation().maskHash(), vars.session());
            var kept = steps.reuse(job, vars, "colour", key, ColourOutcome.class);
            if (kept.isPresent()) {
                return new Result(kept.get());
            }
            long started = System.nanoTime();
            Mat photo = images.photo(vars.originalHash());
            Mat mask = images.mask(vars.segmentation().maskHash());
            ColourOutcome outcome;
            Map<String, Object> scores = new LinkedHashMap<>();
            try (ColourResult result = corrector.correct(photo, mask, optionsFor(vars, photo, mask, scores))) {
                String corrected = images.storePng(result.corrected());
                outcome = new ColourOutcome(result.confidence(), corrected, result.castBefore().chroma(), result.castAfter().chroma());
                scores.put("confidence", result.confidence());
                scores.put("castBefore", result.castBefore().chroma());
                scores.put("castAfter", result.castAfter().chroma());
                scores.put("reference", result.reference().name());
                scores.put("referenceShare", result.referenceShare());
                scores.put("method", result.method().name());
                scores.put("exposureGain", result.exposureGain());
            } finally {
                photo.release();
                mask.release();
            }
            steps.record(job, vars, new StepRecorder.Step("colour", Actor.system("white-balance"), "CORRECTED", null,
                    scores, List.of(vars.originalHash(), vars.segmentation().maskHash()),
                    Map.of("corrected", outcome.correctedHash()), null, (System.nanoTime() - started) / 1_000_000), key, outcome);
            return new Result(outcome);
        } catch (RuntimeException e) {
            throw steps.technicalFailure(job, e);
        }
    }

    /** One shoot, one look: every photo of a session is matched to the session's median light. */
    private ColourOptions optionsFor(ImageVariables vars, Mat photo, Mat mask, Map<String, Object> scores) {
        if (vars.session() == null) {
            return ColourOptions.defaults();
        }
        sessions.record(vars.session(), Stage.COLOUR, vars.assetId(), corrector.measure(photo, mask));
        BatchColourReference reference = sessions.reference(vars.session(), Stage.COLOUR)
                .orElseThrow(() -> new IllegalStateException("the photo just recorded is missing from its session"));
        scores.put("session", vars.session());
        scores.put("sessionPhotos", reference.photos());
        return ColourOptions.defaults().withBatch(reference.neutralised());
    }
}
