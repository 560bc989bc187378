package io.studioflow.processing;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import io.camunda.client.api.response.ActivatedJob;
import io.studioflow.audit.Actor;
import io.studioflow.flows.ImageVariables;
import io.studioflow.flows.StepRecorder;
import io.studioflow.flows.StepReuse;
import io.studioflow.ingest.AssetStatus;
import io.studioflow.processing.segmentation.BackgroundRemover;
import io.studioflow.processing.segmentation.Cutout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opencv.core.Mat;
import org.springframework.stereotype.Component;

@Component
public class BackgroundRemovalWorker {

    public record Result(SegmentationOutcome segmentation) {
    }

    private final StepImages images;
    private final BackgroundRemover remover;
    private final StepRecorder steps;

    BackgroundRemovalWorker(StepImages images, BackgroundRemover remover, StepRecorder steps) {
        this.images = images;
        this.remover = remover;
        this.steps = steps;
    }

    @JobWorker(type = "remove-background", timeout = 300_000, maxJobsActive = 2)
    public Result removeBackground(ActivatedJob job, @VariablesAsType ImageVariables vars) {
        try {
            steps.entering(vars, AssetStatus.PROCESSING);
            // the expensive step: the same photo through the same weights is not segmented twice
            String key = StepReuse.key(vars.originalHash(), remover.model().name(), remover.model().weightsSha256());
            var kept = steps.reuse(job, vars, "segmentation", key, SegmentationOutcome.class);
            if (kept.isPresent()) {
                return new Result(kept.get());
            }
            long started = System.nanoTime();
            Mat photo = images.photo(vars.originalHash());
            SegmentationOutcome outcome;
            Map<String, Object> scores = new LinkedHashMap<>();
            String weightsSha256;
            try (Cutout cutout = remover.remove(photo)) {
                String maskHash = images.storePng(cutout.alpha());
                outcome = new SegmentationOutcome(cutout.confidence(), null, maskHash, cutout.model(), cutout.modelVersion(),
                        cutout.inferenceMs());
                scores.put("confidence", cutout.confidence());
                scores.put("decisiveness", cutout.quality().matte().decisiveness());
                scores.put("foreground", cutout.quality().matte().foreground());
                scores.put("borderContact", cutout.quality().matte().borderContact());
                scores.put("backdropAgreement", cutout.quality().backdrop().score());
                scores.put("backdropResidual", cutout.quality().backdrop().residual());
                scores.put("backdropInsideProduct", cutout.quality().backdrop().backdropInside());
                scores.put("productOutsideCut", cutout.quality().backdrop().productOutside());
                scores.put("inferenceMs", cutout.inferenceMs());
                scores.put("modelSha256", cutout.modelSha256());
                weightsSha256 = cutout.modelSha256();
            } finally {
                photo.release();
            }
            steps.record(job, vars, new StepRecorder.Step("segmentation",
                    Actor.model(outcome.model(), outcome.modelVersion(), weightsSha256), "SEGMENTED", null, scores,
                    List.of(vars.originalHash()), Map.of("mask", outcome.maskHash()), null,
                    (System.nanoTime() - started) / 1_000_000), key, outcome);
            return new Result(outcome);
        } catch (RuntimeException e) {
            throw steps.technicalFailure(job, e);
        }
    }
}
