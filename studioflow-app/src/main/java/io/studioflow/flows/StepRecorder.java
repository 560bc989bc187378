package io.studioflow.flows;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.CamundaError;
import io.camunda.client.exception.JobError;
import io.studioflow.audit.Actor;
import io.studioflow.audit.AuditEvent;
import io.studioflow.audit.AuditLog;
import io.studioflow.ingest.AssetRepository;
import io.studioflow.ingest.AssetStatus;
import io.studioflow.platform.search.SearchErrors;
import io.studioflow.platform.storage.Hashes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What every worker does around its real work: put the step's outcome on the asset and in the audit, and
 * turn a technical failure into a failed job with back-off (the engine retries; after the last retry an
 * incident shows it to an operator).
 */
@Component
public class StepRecorder {

    private static final Logger log = LoggerFactory.getLogger(StepRecorder.class);
    private static final Duration UNREACHABLE_BACKOFF = Duration.ofSeconds(10);

    private final AssetRepository assets;
    private final AuditLog audit;
    private final StepReuse reuse;

    public StepRecorder(AssetRepository assets, AuditLog audit, StepReuse reuse) {
        this.assets = assets;
        this.audit = audit;
        this.reuse = reuse;
    }

    /**
     * The outcome this step returned before for the same {@code key} (see {@link StepReuse#key}), recorded again
     * (the asset gets its scores and outputs back; the audit event, same id, is not repeated); empty if the step
     * must run.
     */
    public <T> Optional<T> reuse(ActivatedJob job, ImageVariables vars, String step, String key, Class<T> type) {
        return reuse.recall(vars.assetId(), step, key, type).map(done -> {
            record(job, vars, done.step());
            log.debug("{} of {} reused ({} {})", step, vars.assetId(), key, done.outcome());
            return done.outcome();
        });
    }

    /** Records a finished step and keeps its outcome under {@code key}, so the same work is not done twice. */
    public void record(ActivatedJob job, ImageVariables vars, Step step, String key, Object outcome) {
        record(job, vars, step);
        reuse.remember(vars.assetId(), key, outcome, step);
    }

    /**
     * One finished step. Its audit id is the image, the step and what went in and came out ({@link #eventId}), not the
     * job key: a job delivered twice, and a step run again on the same inputs after a restart, are recorded once.
     */
    public record Step(String name, Actor actor, String decision, List<String> reasons, Map<String, Object> scores,
                       List<String> inputHashes, Map<String, String> outputs, AssetStatus status, long durationMs) {
    }

    public void record(ActivatedJob job, ImageVariables vars, Step step) {
        // audit first: whoever sees the new status finds the event that explains it
        audit.record(new AuditEvent(eventId(vars.assetId(), step), vars.assetId(), vars.sku(), step.name(),
                job.getElementId(), job.getProcessInstanceKey(), step.actor(), step.decision(), null, step.reasons(),
                step.scores(), step.inputHashes(), step.outputs() == null ? List.of() : List.copyOf(step.outputs().values()),
                step.durationMs(), Instant.now()).withContext(vars.brand(), vars.session(), job.getProcessDefinitionVersion()));
        assets.recordStep(vars.assetId(), step.name(), step.scores(), step.outputs(), step.status(),
                step.status() == null ? null : step.reasons());
        // which instance did which job: with several worker instances, their logs say who did what
        log.debug("Step {} of image {} recorded for job {}", step.name(), vars.assetId(), job.getKey());
    }

    /**
     * The engine evaluates the routing DMN itself; the step after it (publish, or the review task) calls
     * this so the decision and the confidences it saw are on record. Once per composed rendition.
     */
    public void recordRouting(ImageVariables vars, long processInstanceKey) {
        if (vars.routing() == null) {
            return;
        }
        Map<String, Object> inputs = new java.util.LinkedHashMap<>();
        if (vars.qc() != null) inputs.put("qc", vars.qc().confidence());
        if (vars.segmentation() != null) inputs.put("segmentation", vars.segmentation().confidence());
        if (vars.colour() != null) inputs.put("colour", vars.colour().confidence());
        if (vars.composition() != null) inputs.put("composition", vars.composition().confidence());
        String rendition = vars.composition() == null ? null : vars.composition().renditionHash();
        // per image and rendition, not per instance: a resumed instance routes the same rendition again
        audit.record(new AuditEvent(vars.assetId() + ":routing:" + (rendition == null ? "none" : rendition), vars.assetId(), vars.sku(), "routing",
                "review-routing", processInstanceKey, Actor.system("review-routing.dmn"), vars.routing().route(), null,
                vars.routing().reason() == null ? List.of() : List.of(vars.routing().reason()), inputs,
                vars.composition() == null || rendition == null ? List.of() : List.of(rendition), List.of(), null, Instant.now())
                .withContext(vars.brand(), vars.session(), null));
    }

    /**
     * A step's audit id: stable for the same image, step, decision, input and output hashes. Outputs are content
     * addressed, so the same work on the same inputs with the same settings gives the same id, and other settings
     * (a reprocess, another model) give another.
     */
    static String eventId(String assetId, Step step) {
        StringBuilder facts = new StringBuilder(step.decision() == null ? "" : step.decision());
        (step.inputHashes() == null ? List.<String>of() : step.inputHashes()).forEach(h -> facts.append("|in:").append(h));
        if (step.outputs() != null) {
            new TreeMap<>(step.outputs()).forEach((name, h) -> facts.append("|out:").append(name).append('=').append(h));
        }
        return assetId + ":" + step.name() + ":" + Hashes.sha256(
                facts.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    /** Marks the asset as having entered a stage, before the (possibly slow) work starts. */
    public void entering(ImageVariables vars, AssetStatus status) {
        assets.updateStatus(vars.assetId(), status, null);
    }

    /**
     * A failed job with one retry fewer and an exponential back-off (5 s, 10 s, 20 s...). A store that cannot
     * be reached at all (Elasticsearch restarting) is no fault of the job: it is retried every 10 s without
     * using up a retry, so an outage longer than the back-off does not leave images behind as incidents. The last
     * retry used up marks the asset failed, so its batch shows it and can retry it.
     */
    public JobError technicalFailure(ActivatedJob job, Exception cause) {
        if (SearchErrors.isUnreachable(cause)) {
            log.warn("{} waits for an unreachable store for instance {} (retrying in {} s, retries kept at {}): {}",
                    job.getType(), job.getProcessInstanceKey(), UNREACHABLE_BACKOFF.toSeconds(), job.getRetries(),
                    cause.toString());
            return CamundaError.jobError(job.getType() + " failed: " + cause.getMessage(), null, job.getRetries(),
                    UNREACHABLE_BACKOFF, cause);
        }
        int retriesLeft = Math.max(0, job.getRetries() - 1);
        int attempt = Math.max(0, 3 - job.getRetries());
        Duration backoff = Duration.ofSeconds(5L << Math.min(attempt, 6));
        log.warn("{} failed for instance {} ({} retries left): {}", job.getType(), job.getProcessInstanceKey(), retriesLeft,
                cause.toString());
        if (retriesLeft == 0) {
            markFailed(job, cause);
        }
        return CamundaError.jobError(job.getType() + " failed: " + cause.getMessage(), null, retriesLeft, backoff, cause);
    }

    /** The asset remembers why its flow stopped: the batch view lists it, and "retry failed" starts it again. */
    private void markFailed(ActivatedJob job, Exception cause) {
        Object assetId = job.getVariablesAsMap().get("assetId");
        if (assetId == null) {
            return;
        }
        try {
            assets.update(assetId.toString(), Map.of("failure", Map.of("step", job.getType(),
                    "message", String.valueOf(cause.getMessage()), "at", Instant.now().toString())));
        } catch (RuntimeException e) {
            log.warn("could not mark image {} failed: {}", assetId, e.toString());
        }
    }
}
