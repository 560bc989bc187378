package io.studioflow.capture;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import io.camunda.client.api.response.ActivatedJob;
import io.studioflow.audit.Actor;
import io.studioflow.capture.qc.CaptureQc;
import io.studioflow.capture.qc.QcReport;
import io.studioflow.flows.ImageVariables;
import io.studioflow.flows.StepRecorder;
import io.studioflow.ingest.AssetStatus;
import io.studioflow.platform.imaging.ImageCodec;
import io.studioflow.platform.imaging.InvalidImageException;
import io.studioflow.platform.storage.BlobStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opencv.core.Mat;
import org.springframework.stereotype.Component;

/**
 * Capture QC: a photo that cannot be used goes back to the photographer with the reasons (hard ones first, then the
 * soft notes, so the retake task shows both); a photo that passes keeps its soft notes in the step's audit record.
 * No product mask exists yet at this stage, so contact with the frame is judged from the border; lighting against
 * the session needs a {@link io.studioflow.processing.colour.BatchColourReference}, which the flow does not carry
 * yet.
 */
@Component
public class CaptureQcWorker {

    public record Result(QcOutcome qc) {
    }

    private final BlobStore blobs;
    private final ImageCodec codec;
    private final CaptureQc captureQc;
    private final StepRecorder steps;

    CaptureQcWorker(BlobStore blobs, ImageCodec codec, CaptureQc captureQc, StepRecorder steps) {
        this.blobs = blobs;
        this.codec = codec;
        this.captureQc = captureQc;
        this.steps = steps;
    }

    @JobWorker(type = "capture-qc", timeout = 120_000, maxJobsActive = 4)
    public Result inspect(ActivatedJob job, @VariablesAsType ImageVariables vars) {
        try {
            steps.entering(vars, AssetStatus.CAPTURE);
            long started = System.nanoTime();
            QcOutcome outcome = inspect(blobs.get(vars.originalHash()));
            long ms = (System.nanoTime() - started) / 1_000_000;
            Map<String, Object> scores = new LinkedHashMap<>(outcome.measures());
            scores.put("confidence", outcome.confidence());
            scores.put("passed", outcome.passed());
            steps.record(job, vars, new StepRecorder.Step("capture-qc", Actor.system("capture-qc"),
                    outcome.passed() ? "PASSED" : "RETAKE", outcome.reasons(), scores, List.of(vars.originalHash()),
                    Map.of(), null, ms));
            return new Result(outcome);
        } catch (RuntimeException e) {
            throw steps.technicalFailure(job, e);
        }
    }

    private QcOutcome inspect(byte[] photo) {
        Mat bgr;
        try {
            bgr = codec.decodeBgr(photo);
        } catch (InvalidImageException e) {
            // checked at upload, so only a damaged store gets here: the photographer must send it again
            return new QcOutcome(false, 1.0, List.of("The photo cannot be read: " + e.getMessage()), Map.of());
        }
        try {
            QcReport report = captureQc.inspect(bgr);
            Map<String, Double> measures = new LinkedHashMap<>();
            measures.put("sharpness", report.sharpness());
            measures.put("meanLuminance", report.meanLuminance());
            measures.put("clippedShare", report.clippedShare());
            measures.put("crushedShare", report.crushedShare());
            measures.put("castChroma", report.castChroma());
            measures.put("noise", report.noise());
            measures.put("tiltDegrees", report.tiltDegrees());
            measures.put("cutOffSides", (double) report.cutOffSides().size());
            measures.put("width", (double) report.width());
            measures.put("height", (double) report.height());
            return new QcOutcome(report.passed(), report.confidence(), report.reasons(), measures);
        } finally {
            bgr.release();
        }
    }
}
