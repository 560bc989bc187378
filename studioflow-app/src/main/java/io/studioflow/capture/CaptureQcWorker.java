package io.studioflow.capture;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import io.camunda.client.api.response.ActivatedJob;
import io.studioflow.audit.Actor;
import io.studioflow.capture.qc.CaptureQc;
import io.studioflow.capture.qc.QcReport;
import io.studioflow.flows.ImageVariables;
import io.studioflow.flows.StepRecorder;
import io.studioflow.flows.StepReuse;
import io.studioflow.ingest.AssetStatus;
import io.studioflow.platform.imaging.InvalidImageException;
import io.studioflow.processing.StepImages;
import io.studioflow.processing.colour.BatchColourReference;
import io.studioflow.processing.colour.ColourCorrector;
import io.studioflow.processing.colour.ColourSessions;
import io.studioflow.processing.colour.ColourSessions.Stage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opencv.core.Mat;
import org.springframework.stereotype.Component;

/**
 * Capture QC: a photo that cannot be used goes back to the photographer with the reasons (hard ones first, then the
 * soft notes, so the retake task shows both); a photo that passes keeps its soft notes in the step's audit record.
 * No product mask exists yet at this stage, so contact with the frame is judged from the border. A photo of a named
 * session is compared with the session's other photos (measured here, without masks, in {@link ColourSessions}):
 * one shot a stop darker or under another lamp is noted for the retoucher.
 */
@Component
public class CaptureQcWorker {

    public record Result(QcOutcome qc) {
    }

    private final StepImages images;
    private final CaptureQc captureQc;
    private final ColourCorrector colour;
    private final ColourSessions sessions;
    private final StepRecorder steps;

    CaptureQcWorker(StepImages images, CaptureQc captureQc, ColourCorrector colour, ColourSessions sessions,
                    StepRecorder steps) {
        this.images = images;
        this.captureQc = captureQc;
        this.colour = colour;
        this.sessions = sessions;
        this.steps = steps;
    }

    @JobWorker(type = "capture-qc", timeout = 120_000, maxJobsActive = 4)
    public Result inspect(ActivatedJob job, @VariablesAsType ImageVariables vars) {
        try {
            steps.entering(vars, AssetStatus.CAPTURE);
            String key = StepReuse.key(vars.originalHash(), vars.session());
            var kept = steps.reuse(job, vars, "capture-qc", key, QcOutcome.class);
            if (kept.isPresent()) {
                return new Result(kept.get());
            }
            long started = System.nanoTime();
            QcOutcome outcome = inspect(vars.originalHash(), vars);
            long ms = (System.nanoTime() - started) / 1_000_000;
            Map<String, Object> scores = new LinkedHashMap<>(outcome.measures());
            scores.put("confidence", outcome.confidence());
            scores.put("passed", outcome.passed());
            steps.record(job, vars, new StepRecorder.Step("capture-qc", Actor.system("capture-qc"),
                    outcome.passed() ? "PASSED" : "RETAKE", outcome.reasons(), scores, List.of(vars.originalHash()),
                    Map.of(), null, ms), key, outcome);
            return new Result(outcome);
        } catch (RuntimeException e) {
            throw steps.technicalFailure(job, e);
        }
    }

    private QcOutcome inspect(String photoHash, ImageVariables vars) {
        Mat bgr;
        try {
            // kept decoded for the segmentation and colour steps that follow
            bgr = images.photo(photoHash);
        } catch (InvalidImageException e) {
            // checked at upload, so only a damaged store gets here: the photographer must send it again
            return new QcOutcome(false, 1.0, List.of("The photo cannot be read: " + e.getMessage()), Map.of());
        }
        try {
            BatchColourReference session = null;
            if (vars.session() != null) {
                session = sessions.referenceWithout(vars.session(), Stage.CAPTURE, vars.assetId()).orElse(null);
                sessions.record(vars.session(), Stage.CAPTURE, vars.assetId(), colour.measure(bgr, null));
            }
            QcReport report = captureQc.inspect(bgr, null, session);
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
            if (!Double.isNaN(report.whitePointShift())) {
                measures.put("sessionWhitePointShift", report.whitePointShift());
                measures.put("sessionBrightnessStops", report.brightnessStops());
            }
            return new QcOutcome(report.passed(), report.confidence(), report.reasons(), measures);
        } finally {
            bgr.release();
        }
    }
}
