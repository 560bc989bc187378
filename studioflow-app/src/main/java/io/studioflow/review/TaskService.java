package io.studioflow.review;

import io.studioflow.audit.Actor;
import io.studioflow.audit.AuditEvent;
import io.studioflow.audit.AuditLog;
import io.studioflow.flows.ImageVariables;
import io.studioflow.flows.StepRecorder;
import io.studioflow.ingest.AssetRepository;
import io.studioflow.ingest.AssetStatus;
import io.studioflow.ingest.PhotoValidator;
import io.studioflow.platform.storage.BlobStore;
import io.studioflow.review.ReviewTask.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * The human side of the flow: tasks open when the engine reaches a user task, are claimed by one person
 * at a time, and are completed only by the person who holds them.
 */
@Service
public class TaskService {

    /** Completes the engine's job for a task; implemented over the Camunda client. */
    public interface TaskCompleter {
        void complete(long jobKey, Map<String, Object> variables);
    }

    private final TaskRepository tasks;
    private final AssetRepository assets;
    private final AuditLog audit;
    private final TaskCompleter engine;
    private final BlobStore blobs;
    private final PhotoValidator validator;
    private final StepRecorder steps;

    public TaskService(TaskRepository tasks, AssetRepository assets, AuditLog audit, TaskCompleter engine,
                       BlobStore blobs, PhotoValidator validator, StepRecorder steps) {
        this.steps = steps;
        this.tasks = tasks;
        this.assets = assets;
        this.audit = audit;
        this.engine = engine;
        this.blobs = blobs;
        this.validator = validator;
    }

    /** A person acting on a task: name, roles (for the audit), groups, and whether they may take over. */
    public record Worker(Actor actor, Set<String> groups, boolean canReassign) {
        String name() {
            return actor.name();
        }
    }

    /** Records a task for a user-task job the engine handed us. Idempotent per job key. */
    public void open(long jobKey, String elementId, List<String> candidateGroups, long processInstanceKey, ImageVariables vars) {
        TaskKind kind = TaskKind.ofElement(elementId);
        List<String> reasons = reasonsFor(kind, vars);
        Map<String, Object> scores = new LinkedHashMap<>();
        if (vars.qc() != null) scores.put("qc", vars.qc().confidence());
        if (vars.segmentation() != null) scores.put("segmentation", vars.segmentation().confidence());
        if (vars.colour() != null) scores.put("colour", vars.colour().confidence());
        if (vars.composition() != null) scores.put("composition", vars.composition().confidence());
        Instant now = Instant.now();
        ReviewTask task = new ReviewTask(Long.toString(jobKey), kind, kind.title(), elementId, vars.assetId(), vars.sku(),
                vars.brand(), vars.preset(), candidateGroups, null, TaskState.OPEN, reasons, scores, processInstanceKey,
                now, null, null, null, null, null);
        if (kind == TaskKind.REVIEW) {
            steps.recordRouting(vars, processInstanceKey);
        }
        if (tasks.createIfAbsent(task)) {
            audit.record(event(task, "OPENED", Actor.system("inbox"), null, reasons, List.of(), List.of(), now, ":opened"));
            assets.updateStatus(vars.assetId(), kind == TaskKind.RETAKE ? AssetStatus.RETAKE : AssetStatus.IN_REVIEW, reasons);
        }
    }

    public List<ReviewTask> openTasks(Worker worker, int limit) {
        return tasks.openFor(worker.groups(), limit);
    }

    public ReviewTask get(String taskId, Worker worker) {
        ReviewTask task = tasks.get(taskId).task();
        requireGroup(task, worker);
        return task;
    }

    public ReviewTask claim(String taskId, Worker worker) {
        TaskRepository.Versioned read = tasks.get(taskId);
        ReviewTask task = read.task();
        requireGroup(task, worker);
        requireOpen(task);
        if (worker.name().equals(task.assignee())) {
            return task;
        }
        if (task.assignee() != null && !worker.canReassign()) {
            throw new TaskConflictException("task " + taskId + " is already claimed by " + task.assignee());
        }
        ReviewTask claimed = task.withAssignee(worker.name(), Instant.now());
        if (!tasks.replace(read, claimed)) {
            throw new TaskConflictException("task " + taskId + " was claimed by someone else at the same moment");
        }
        audit.record(event(claimed, "CLAIMED", worker.actor(), null, null, List.of(), List.of(), claimed.claimedAt(),
                ":claimed:" + read.seqNo()));
        return claimed;
    }

    public ReviewTask unclaim(String taskId, Worker worker) {
        TaskRepository.Versioned read = tasks.get(taskId);
        ReviewTask task = read.task();
        requireGroup(task, worker);
        requireOpen(task);
        if (task.assignee() == null) {
            return task;
        }
        if (!worker.name().equals(task.assignee()) && !worker.canReassign()) {
            throw new TaskConflictException("task " + taskId + " is held by " + task.assignee() + ", not by you");
        }
        ReviewTask released = task.withAssignee(null, null);
        if (!tasks.replace(read, released)) {
            throw new TaskConflictException("task " + taskId + " changed at the same moment; reload it");
        }
        audit.record(event(released, "UNCLAIMED", worker.actor(), null, null, List.of(), List.of(), Instant.now(),
                ":unclaimed:" + read.seqNo()));
        return released;
    }

    /**
     * Completes a task held by the caller. A review takes APPROVE, REJECT or RETAKE, and optionally a
     * retouched file (which is what gets published); a retake takes the new photo.
     */
    public ReviewTask complete(String taskId, Worker worker, String decision, String comment, byte[] file) {
        TaskRepository.Versioned read = tasks.get(taskId);
        ReviewTask task = read.task();
        requireGroup(task, worker);
        requireOpen(task);
        if (task.assignee() == null) {
            throw new TaskConflictException("claim task " + taskId + " before completing it");
        }
        if (!worker.name().equals(task.assignee())) {
            throw new TaskConflictException("task " + taskId + " is held by " + task.assignee() + ", not by you");
        }
        String normalised = task.kind() == TaskKind.RETAKE && decision == null ? "RETAKEN" : decision;
        if (normalised == null || !task.kind().decisions().contains(normalised)) {
            throw new IllegalDecisionException("decision for a '" + task.name() + "' task must be one of " + task.kind().decisions());
        }
        if ("REJECT".equals(normalised) && (comment == null || comment.isBlank())) {
            throw new IllegalDecisionException("a rejection needs a reason in 'comment'");
        }
        String fileHash = null;
        if (file != null && file.length > 0) {
            validator.validate(file);
            fileHash = blobs.put(file);
        }
        if (task.kind() == TaskKind.RETAKE && fileHash == null) {
            throw new IllegalDecisionException("a retake needs the new photo as multipart field 'file'");
        }
        if (fileHash != null && task.kind() == TaskKind.REVIEW && !"APPROVE".equals(normalised)) {
            throw new IllegalDecisionException("a retouched file can only be uploaded with decision APPROVE");
        }
        if ("APPROVE".equals(normalised) && fileHash == null && !hasAutomatedRendition(task.imageId())) {
            throw new IllegalDecisionException("there is no automated result to approve: upload a retouched file with the approval");
        }

        Map<String, Object> variables = new HashMap<>();
        if (task.kind() == TaskKind.RETAKE) {
            variables.put("originalHash", fileHash);
            // a new photo starts capture afresh: earlier outcomes no longer describe it
            variables.put("qc", null);
            variables.put("review", null);
        } else {
            variables.put("review", new ReviewOutcome(normalised, comment, worker.name(), fileHash));
        }
        engine.complete(Long.parseLong(task.id()), variables);

        Instant now = Instant.now();
        ReviewTask done = task.completed(worker.name(), normalised, comment, now);
        // the engine has taken the decision: record it even if the task document changed meanwhile
        if (!tasks.replace(read, done)) {
            tasks.replace(tasks.get(task.id()), done);
        }
        List<String> outputs = fileHash == null ? List.of() : List.of(fileHash);
        audit.record(event(done, normalised, worker.actor(), comment, null, List.of(), outputs, now, ":completed"));
        switch (normalised) {
            case "REJECT" -> assets.updateStatus(task.imageId(), AssetStatus.REJECTED, List.of(comment));
            case "RETAKEN" -> {
                assets.update(task.imageId(), Map.of("originalHash", fileHash, "status", AssetStatus.CAPTURE,
                        "artifacts", Map.of("original", fileHash)));
            }
            case "APPROVE" -> {
                if (fileHash != null) {
                    assets.update(task.imageId(), Map.of("artifacts", Map.of("retouched", fileHash)));
                }
            }
            default -> {
            }
        }
        return done;
    }

    private boolean hasAutomatedRendition(String imageId) {
        Map<String, String> artifacts = assets.get(imageId).artifacts();
        return artifacts != null && artifacts.get("rendition") != null;
    }

    private static void requireGroup(ReviewTask task, Worker worker) {
        if (task.candidateGroups() == null || task.candidateGroups().stream().noneMatch(worker.groups()::contains)) {
            throw new org.springframework.security.access.AccessDeniedException(
                    "task " + task.id() + " is for " + task.candidateGroups() + "; you are in " + worker.groups());
        }
    }

    private static void requireOpen(ReviewTask task) {
        if (task.state() != TaskState.OPEN) {
            throw new TaskConflictException("task " + task.id() + " is already completed (" + task.decision() + " by " + task.completedBy() + ")");
        }
    }

    private static List<String> reasonsFor(TaskKind kind, ImageVariables vars) {
        List<String> reasons = new ArrayList<>();
        if (kind == TaskKind.REVIEW) {
            if (vars.routing() != null && vars.routing().reason() != null) {
                reasons.add(vars.routing().reason());
            }
        } else if (vars.review() != null && "RETAKE".equals(vars.review().decision())) {
            reasons.add("Retoucher " + vars.review().reviewer() + " asked for a retake"
                    + (vars.review().comment() == null || vars.review().comment().isBlank() ? "" : ": " + vars.review().comment()));
        } else if (vars.qc() != null && vars.qc().reasons() != null) {
            reasons.addAll(vars.qc().reasons());
        }
        return reasons;
    }

    private static AuditEvent event(ReviewTask task, String decision, Actor actor, String comment, List<String> reasons,
                                    List<String> inputs, List<String> outputs, Instant time, String idSuffix) {
        return new AuditEvent(task.id() + idSuffix, task.imageId(), task.sku(),
                task.kind() == TaskKind.RETAKE ? "retake" : "review", task.elementId(), task.processInstanceKey(), actor,
                decision, comment, reasons, task.scores(), inputs, outputs, null, time);
    }
}
