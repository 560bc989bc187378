package io.studioflow.review;

import io.studioflow.audit.Actor;
import io.studioflow.audit.AuditEvent;
import io.studioflow.audit.AuditLog;
import io.studioflow.flows.EngineRun;
import io.studioflow.flows.ImageVariables;
import io.studioflow.flows.StepRecorder;
import io.studioflow.ingest.AssetRepository;
import io.studioflow.ingest.AssetStatus;
import io.studioflow.ingest.PhotoValidator;
import io.studioflow.platform.security.CurrentUser;
import io.studioflow.platform.security.Role;
import io.studioflow.platform.security.StudioUsers;
import io.studioflow.platform.storage.BlobStore;
import io.studioflow.publishing.preset.PresetCatalog;
import io.studioflow.platform.storage.FileNames;
import io.studioflow.processing.ComposeSettings;
import io.studioflow.review.ReviewTask.RetouchedVersion;
import io.studioflow.review.ReviewTask.TaskState;
import io.studioflow.review.TaskEvents.TaskChanged;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;

/**
 * The human side of the flow: tasks open when the engine reaches a user task, are claimed by one person
 * at a time, and are completed only by the person who holds them.
 */
@Service
public class TaskService {

    private static final Logger log = LoggerFactory.getLogger(TaskService.class);

    /** The decision of a task that an earlier engine run opened and the image's resumed flow went past. */
    public static final String SUPERSEDED = "SUPERSEDED";
    private static final Actor SUPERSEDED_BY = Actor.system("flow-recovery");

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
    private final TaskEvents events;
    private final StudioUsers users;
    private final ReviewProperties properties;
    private final PresetCatalog presets;
    private final EngineRun run;

    public TaskService(TaskRepository tasks, AssetRepository assets, AuditLog audit, TaskCompleter engine,
                       BlobStore blobs, PhotoValidator validator, StepRecorder steps, TaskEvents events,
                       StudioUsers users, ReviewProperties properties, PresetCatalog presets, EngineRun run) {
        this.run = run;
        this.presets = presets;
        this.steps = steps;
        this.events = events;
        this.users = users;
        this.properties = properties;
        this.tasks = tasks;
        this.assets = assets;
        this.audit = audit;
        this.engine = engine;
        this.blobs = blobs;
        this.validator = validator;
    }

    /** A person acting on a task: name, roles (for the audit), groups, and whether they may take over. */
    public record Worker(Actor actor, Set<String> groups, boolean canReassign) {

        /** The signed-in person as a task worker. */
        public static Worker of(Authentication authentication) {
            return new Worker(CurrentUser.actor(authentication), Role.candidateGroups(authentication),
                    Role.canReassign(authentication));
        }

        public String name() {
            return actor.name();
        }
    }

    /** The outcome of one task of a bulk approval. */
    public record BulkResult(String taskId, String sku, boolean approved, String message) {
    }

    /**
     * Records a task for a user-task job the engine handed us. Idempotent per job key. A review that
     * comes back from reprocessing goes straight to the retoucher who asked for it.
     */
    public void open(long jobKey, String elementId, List<String> candidateGroups, long processInstanceKey, ImageVariables vars) {
        TaskKind kind = TaskKind.ofElement(elementId);
        if (run.embedded() && resumeEarlierTask(jobKey, elementId, processInstanceKey, kind, vars)) {
            return;
        }
        List<String> reasons = reasonsFor(kind, vars);
        Map<String, Object> scores = new LinkedHashMap<>();
        if (vars.qc() != null) scores.put("qc", vars.qc().confidence());
        if (vars.segmentation() != null) scores.put("segmentation", vars.segmentation().confidence());
        if (vars.colour() != null) scores.put("colour", vars.colour().confidence());
        if (vars.composition() != null) scores.put("composition", vars.composition().confidence());
        Double lowest = scores.values().stream().map(v -> ((Number) v).doubleValue()).min(Double::compare).orElse(null);
        boolean reprocessed = kind == TaskKind.REVIEW && vars.review() != null
                && TaskKind.REPROCESS.equals(vars.review().decision());
        String assignee = reprocessed ? vars.review().reviewer() : null;
        // the flow reaches a second approval only through an approval, so the review variable still holds it
        ReviewOutcome firstApproval = kind == TaskKind.SECOND_APPROVAL ? vars.review() : null;
        Instant now = Instant.now();
        Instant due = now.plus(kind == TaskKind.RETAKE ? properties.retakeSla() : properties.reviewSla());
        ReviewTask task = new ReviewTask(run.taskId(jobKey), kind, kind.title(), elementId, vars.assetId(), vars.sku(),
                vars.brand(), vars.preset(), candidateGroups, assignee, TaskState.OPEN, reasons, checkOf(kind, vars),
                scores, lowest, vars.priorityOrDefault(), processInstanceKey, now, due, assignee == null ? null : now,
                null, null, null, null, List.of(), firstApproval, jobKey, run.embedded() ? run.id() : null, null);
        if (kind == TaskKind.REVIEW) {
            steps.recordRouting(vars, processInstanceKey);
        }
        if (tasks.createIfAbsent(task)) {
            audit.record(event(task, "OPENED", Actor.system("inbox"), null, reasons, List.of(), List.of(), now, ":opened"));
            assets.updateStatus(vars.assetId(), kind == TaskKind.RETAKE ? AssetStatus.RETAKE : AssetStatus.IN_REVIEW, reasons);
            publish(task, "OPENED", "inbox");
        }
    }

    /**
     * After a restart of the embedded engine the resumed instance reaches the image's tasks again. The image's tasks
     * that an earlier run opened are its human decisions, in order: the first of them for this element that this run
     * has not taken over yet is the one the flow has reached again. Still open, it is adopted (same id, assignee,
     * comments and versions; the new job); already decided, the new job is completed at once with the recorded
     * decision, so nobody is asked twice. Returns false when there is no such task (a new one opens).
     */
    private boolean resumeEarlierTask(long jobKey, String elementId, long processInstanceKey, TaskKind kind,
                                      ImageVariables vars) {
        for (ReviewTask earlier : tasks.ofImage(vars.assetId())) {
            if (!elementId.equals(earlier.elementId())) {
                continue;
            }
            if (run.id().equals(earlier.engineRun())) {
                if (Objects.equals(earlier.jobKey(), jobKey)) {
                    // the same job delivered again: it was handled; a replayed decision may not have reached the engine
                    if (!earlier.isOpen()) {
                        completeReplayed(jobKey, replayVariables(earlier, kind));
                    }
                    return true;
                }
                continue; // taken over by this run already, or opened by it
            }
            Map<String, Object> replay = earlier.isOpen() ? null : replayVariables(earlier, kind);
            if (!earlier.isOpen() && replay == null) {
                continue; // a decision recorded without what it sent to the engine: nothing to repeat
            }
            TaskRepository.Versioned read = tasks.get(earlier.id());
            ReviewTask adopted = read.task().adoptedBy(jobKey, run.id(), processInstanceKey);
            if (!tasks.replace(read, adopted)) {
                read = tasks.get(earlier.id()); // claimed or commented at this moment: take over what it is now
                adopted = read.task().adoptedBy(jobKey, run.id(), processInstanceKey);
                if (!tasks.replace(read, adopted)) {
                    throw new TaskConflictException("task " + earlier.id() + " changed while it was being resumed");
                }
            }
            if (adopted.isOpen()) {
                if (kind == TaskKind.REVIEW) {
                    steps.recordRouting(vars, processInstanceKey);
                }
                assets.updateStatus(vars.assetId(), kind == TaskKind.RETAKE ? AssetStatus.RETAKE : AssetStatus.IN_REVIEW,
                        adopted.reasons());
                publish(adopted, "OPENED", "inbox");
            } else {
                completeReplayed(jobKey, replay);
            }
            return true;
        }
        return false;
    }

    /**
     * Closes the image's tasks that an earlier run of the embedded engine opened and the image's resumed flow went past
     * without reaching them again (say the routing policy changed meanwhile, or the audit sample drew otherwise): the
     * image is finished, so nobody should be asked about it. They end as {@code SUPERSEDED}, in the image's history too.
     * Nothing to do against a cluster, whose instances are never resumed.
     *
     * @return how many were closed
     */
    public int closeSuperseded(String imageId) {
        if (!run.embedded()) {
            return 0;
        }
        int closed = 0;
        for (ReviewTask earlier : tasks.ofImage(imageId)) {
            if (!earlier.isOpen() || run.owns(earlier.engineRun())) {
                continue;
            }
            TaskRepository.Versioned read = tasks.get(earlier.id());
            if (!read.task().isOpen()) {
                continue;
            }
            Instant now = Instant.now();
            String why = "the image went on without this task after a restart of the engine";
            ReviewTask superseded = read.task().completed(SUPERSEDED_BY.name(), SUPERSEDED, why, now, null);
            if (!tasks.replace(read, superseded)) {
                continue; // claimed or commented at this moment: the next finished step tries again
            }
            audit.record(event(superseded, SUPERSEDED, SUPERSEDED_BY, why, List.of(why), List.of(), List.of(), now,
                    ":superseded"));
            publish(superseded, "COMPLETED", SUPERSEDED_BY.name());
            closed++;
        }
        return closed;
    }

    /** What the engine's job was completed with; for a task recorded before that was kept, rebuilt from its decision. */
    private static Map<String, Object> replayVariables(ReviewTask task, TaskKind kind) {
        Map<String, Object> variables = new HashMap<>();
        if (task.completion() != null) {
            variables.putAll(task.completion());
        } else if (kind.decidesOnResult() && Set.of("APPROVE", "REJECT", "RETAKE").contains(task.decision())) {
            RetouchedVersion latest = task.latestVersion();
            variables.put("review", new ReviewOutcome(task.decision(), task.comment(), task.completedBy(),
                    "APPROVE".equals(task.decision()) && latest != null ? latest.hash() : null));
        } else {
            return null;
        }
        if (kind == TaskKind.RETAKE) {
            // null values may have been left out when stored: a new photo starts capture afresh
            variables.putIfAbsent("qc", null);
            variables.putIfAbsent("review", null);
            variables.putIfAbsent("composeSettings", null);
        }
        return variables;
    }

    private void completeReplayed(long jobKey, Map<String, Object> variables) {
        try {
            engine.complete(jobKey, variables);
        } catch (TaskConflictException alreadyCompleted) {
            // the job is gone: an earlier delivery completed it
        }
    }

    public List<ReviewTask> openTasks(Worker worker, int limit) {
        return tasks.openFor(worker.groups(), limit);
    }

    /** One page of the worker's inbox. */
    public List<ReviewTask> inbox(InboxQuery query, Worker worker, int offset, int limit) {
        return tasks.search(query, worker.groups(), worker.name(), offset, limit);
    }

    /** One page of the worker's inbox with the number of matching tasks, in one query. */
    public InboxPage inboxPage(InboxQuery query, Worker worker, int offset, int limit) {
        return tasks.page(query, worker.groups(), worker.name(), offset, limit);
    }

    public long inboxCount(InboxQuery query, Worker worker) {
        return tasks.count(query, worker.groups(), worker.name());
    }

    public InboxFacets inboxFacets(Worker worker) {
        return tasks.facets(worker.groups());
    }

    /** The whole team's open work; for managers and admins. */
    public TeamQueue teamQueue(Worker worker) {
        if (!worker.canReassign()) {
            throw new AccessDeniedException("only managers see the team queue");
        }
        return tasks.teamQueue(Instant.now());
    }

    /** What a retoucher confirms before approving: the brand's checklist, then the preset's own lines. */
    public List<String> checklist(ReviewTask task) {
        return presets.reviewChecklist(task.preset(), properties.checklistFor(task.brand()));
    }

    /** The next task for this person: the most urgent one they hold, else the most urgent unclaimed one. */
    public Optional<ReviewTask> next(Worker worker) {
        List<ReviewTask> mine = tasks.search(InboxQuery.all().withScope(InboxQuery.Scope.MINE), worker.groups(),
                worker.name(), 0, 1);
        if (!mine.isEmpty()) {
            return Optional.of(mine.get(0));
        }
        // not the second approval of an image this person approved themselves: they may not take it
        List<ReviewTask> free = tasks.search(InboxQuery.all().withScope(InboxQuery.Scope.UNASSIGNED), worker.groups(),
                worker.name(), 0, 20);
        return free.stream().filter(task -> !task.firstApprovedBy(worker.name())).findFirst();
    }

    /** The people a manager may assign this task to. */
    public List<String> assignableTo(ReviewTask task) {
        return users.membersOfAny(task.candidateGroups());
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
        requireNotFirstApprover(task, worker.name(), "claim");
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
        publish(claimed, "CLAIMED", worker.name());
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
        publish(released, "UNCLAIMED", worker.name());
        return released;
    }

    /** A manager gives a task to someone in one of its candidate groups (or takes it from whoever held it). */
    public ReviewTask assign(String taskId, Worker manager, String assignee) {
        if (!manager.canReassign()) {
            throw new AccessDeniedException("only managers and admins assign tasks");
        }
        TaskRepository.Versioned read = tasks.get(taskId);
        ReviewTask task = read.task();
        requireGroup(task, manager);
        requireOpen(task);
        Set<String> groups = users.groupsOf(assignee)
                .orElseThrow(() -> new IllegalDecisionException("there is no user '" + assignee + "'"));
        if (task.candidateGroups().stream().noneMatch(groups::contains)) {
            throw new IllegalDecisionException(assignee + " may not work on '" + task.name() + "' tasks (they are for "
                    + String.join(", ", task.candidateGroups()) + ")");
        }
        if (task.firstApprovedBy(assignee)) {
            throw new IllegalDecisionException(assignee + " gave the first approval of this image; four-eyes needs someone "
                    + "else for the second approval");
        }
        if (assignee.equals(task.assignee())) {
            return task;
        }
        ReviewTask assigned = task.withAssignee(assignee, Instant.now());
        if (!tasks.replace(read, assigned)) {
            throw new TaskConflictException("task " + taskId + " changed at the same moment; reload it");
        }
        audit.record(event(assigned, "ASSIGNED", manager.actor(), "assigned to " + assignee
                        + (task.assignee() == null ? "" : " (was " + task.assignee() + ")"), null, List.of(), List.of(),
                assigned.claimedAt(), ":assigned:" + read.seqNo()));
        publish(assigned, "ASSIGNED", manager.name());
        return assigned;
    }

    /** A note on the image's history; anyone who may see the task may comment. */
    public void comment(String taskId, Worker worker, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalDecisionException("a comment needs some text");
        }
        if (text.length() > 4000) {
            throw new IllegalDecisionException("a comment may be at most 4000 characters");
        }
        TaskRepository.Versioned read = tasks.get(taskId);
        ReviewTask task = read.task();
        requireGroup(task, worker);
        Instant now = Instant.now();
        audit.record(event(task, "COMMENTED", worker.actor(), text.strip(), null, List.of(), List.of(), now,
                ":comment:" + now.toEpochMilli() + ":" + Integer.toHexString(Objects.hash(worker.name(), text))));
        publish(task, "COMMENTED", worker.name());
    }

    /**
     * Keeps a retouched file as the task's newest version; earlier versions stay. An approval without a
     * file publishes the newest version. Only the person holding the task may add one.
     */
    public ReviewTask addVersion(String taskId, Worker worker, byte[] file, String fileName) {
        TaskRepository.Versioned read = tasks.get(taskId);
        ReviewTask task = read.task();
        requireHeldBy(task, worker);
        if (!task.kind().decidesOnResult()) {
            throw new IllegalDecisionException("retouched versions belong to review tasks; a retake takes its photo on completion");
        }
        if (file == null || file.length == 0) {
            throw new IllegalDecisionException("the retouched file is empty");
        }
        validator.validate(file);
        String hash = blobs.put(file);
        Instant now = Instant.now();
        int number = task.versions() == null ? 1 : task.versions().size() + 1;
        ReviewTask changed = task.withVersion(new RetouchedVersion(number, hash, FileNames.displayName(fileName), worker.name(), now));
        if (!tasks.replace(read, changed)) {
            throw new TaskConflictException("task " + taskId + " changed at the same moment; reload it and upload again");
        }
        assets.update(task.imageId(), Map.of("artifacts", Map.of("retouched", hash)));
        audit.record(event(changed, "VERSION_ADDED", worker.actor(), "retouched version " + number
                        + (fileName == null ? "" : " (" + FileNames.displayName(fileName) + ")"), null, List.of(), List.of(hash), now,
                ":version:" + number));
        publish(changed, "VERSION_ADDED", worker.name());
        return changed;
    }

    /**
     * Sends a review back to be composed again with other settings; the new result returns to the same
     * person as a new task.
     */
    public ReviewTask reprocess(String taskId, Worker worker, String reason, ComposeSettings settings) {
        if (settings == null) {
            throw new IllegalDecisionException("say what to change when reprocessing");
        }
        TaskRepository.Versioned read = tasks.get(taskId);
        ReviewTask task = read.task();
        requireHeldBy(task, worker);
        if (!task.kind().decidesOnResult()) {
            throw new IllegalDecisionException("only a review can be reprocessed");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalDecisionException("say why the result must be reprocessed");
        }
        String comment = reason.strip() + " [reprocess with " + settings.describe() + "]";
        Map<String, Object> variables = new HashMap<>();
        variables.put("review", new ReviewOutcome(TaskKind.REPROCESS, comment, worker.name(), null));
        variables.put("composeSettings", settings);
        return finish(read, worker, TaskKind.REPROCESS, comment, null, variables, List.of());
    }

    /**
     * Approves several reviews at once where the policy allows it: each must be open, not held by someone
     * else, have an automated result and a lowest confidence of at least the bulk-approval bar. Each task
     * is decided on its own; one refusal does not stop the others.
     */
    public List<BulkResult> bulkApprove(Collection<String> taskIds, Worker worker, String comment) {
        List<BulkResult> results = new ArrayList<>();
        for (String id : taskIds) {
            String sku = null;
            try {
                ReviewTask task = tasks.get(id).task();
                sku = task.sku();
                String refusal = bulkRefusal(task, worker);
                if (refusal != null) {
                    results.add(new BulkResult(id, sku, false, refusal));
                    continue;
                }
                claim(id, worker);
                complete(id, worker, "APPROVE", comment == null || comment.isBlank() ? "approved in bulk" : comment, null);
                results.add(new BulkResult(id, sku, true, "approved"));
            } catch (RuntimeException e) {
                results.add(new BulkResult(id, sku, false, e.getMessage()));
            }
        }
        return results;
    }

    /** Why this task may not be approved in bulk, or null if it may. */
    public String bulkRefusal(ReviewTask task, Worker by) {
        if (task.kind() == TaskKind.SECOND_APPROVAL) return "a second approval (four eyes) is decided on its own, not in bulk";
        if (task.kind() != TaskKind.REVIEW) return "only reviews can be approved in bulk";
        if (!task.isOpen()) return "already " + task.decision();
        if (task.assignee() != null && !task.assignee().equals(by.name())) return "held by " + task.assignee();
        if (task.latestVersion() != null) return "has a retouched version: open it and approve it on its own";
        if (task.confidence() == null || task.confidence() < properties.bulkApproveMinConfidence()) {
            return String.format("confidence %s is below the bulk-approval bar of %.2f",
                    task.confidence() == null ? "unknown" : String.format("%.2f", task.confidence()),
                    properties.bulkApproveMinConfidence());
        }
        if (!hasAutomatedRendition(task.imageId())) return "there is no automated result to approve";
        return null;
    }

    /**
     * Completes a task held by the caller. A review takes APPROVE, REJECT or RETAKE, and optionally a
     * retouched file (which is what gets published); a retake takes the new photo.
     */
    public ReviewTask complete(String taskId, Worker worker, String decision, String comment, byte[] file) {
        return complete(taskId, worker, decision, comment, file, List.of());
    }

    /**
     * As {@link #complete(String, Worker, String, String, byte[])}, with the checklist items the person
     * confirmed: they go on record with the decision, as its evidence.
     */
    public ReviewTask complete(String taskId, Worker worker, String decision, String comment, byte[] file,
                               List<String> confirmed) {
        TaskRepository.Versioned read = tasks.get(taskId);
        ReviewTask task = read.task();
        requireHeldBy(task, worker);
        String normalised = task.kind() == TaskKind.RETAKE && decision == null ? "RETAKEN" : decision;
        if (TaskKind.REPROCESS.equals(normalised)) {
            throw new IllegalDecisionException("reprocessing needs settings: use reprocess");
        }
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
        if (fileHash != null && task.kind().decidesOnResult() && !"APPROVE".equals(normalised)) {
            throw new IllegalDecisionException("a retouched file can only be uploaded with decision APPROVE");
        }
        if ("APPROVE".equals(normalised) && fileHash == null && task.latestVersion() != null) {
            fileHash = task.latestVersion().hash();
        }
        if ("APPROVE".equals(normalised) && fileHash == null && task.firstApproval() != null) {
            fileHash = task.firstApproval().retouchedHash(); // the second approver confirms what the first approved
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
            variables.put("composeSettings", null);
        } else {
            variables.put("review", new ReviewOutcome(normalised, comment, worker.name(), fileHash));
        }
        return finish(read, worker, normalised, comment, fileHash, variables, confirmed);
    }

    /** Completes the engine's job, then records the decision on the task, the audit and the asset. */
    private ReviewTask finish(TaskRepository.Versioned read, Worker worker, String decision, String comment,
                              String fileHash, Map<String, Object> variables, List<String> confirmed) {
        ReviewTask task = read.task();
        if (!run.owns(task.engineRun())) {
            throw new TaskConflictException("the flow of " + task.sku() + " is being resumed after a restart; try again in a moment");
        }
        // what goes to the engine is on the task before it goes: if the engine takes it but its answer is lost, the
        // same decision sent again finds the job gone and is recorded instead of being refused
        boolean sentBefore = task.isOpen() && CompletionVariables.same(task.completion(), variables);
        if (!sentBefore) {
            ReviewTask marked = task.withCompletionSent(variables);
            if (!tasks.replace(read, marked)) {
                throw new TaskConflictException("task " + task.id() + " changed while you decided; look again and decide once more");
            }
            read = tasks.get(task.id());
            task = read.task();
        }
        try {
            engine.complete(task.engineJobKey(), variables);
        } catch (TaskConflictException jobGone) {
            if (!sentBefore) {
                throw jobGone;
            }
            log.info("task {}: the engine took this decision at an earlier attempt whose answer was lost; recorded now",
                    task.id());
        }

        Instant now = Instant.now();
        ReviewTask done = task.completed(worker.name(), decision, comment, now, variables);
        // into the audit chain at once, before the next step (publish) can record what follows from it
        List<String> outputs = fileHash == null ? List.of() : List.of(fileHash);
        List<String> evidence = new ArrayList<>();
        if (task.firstApproval() != null) {
            evidence.add("second approval (four eyes); first approval by " + task.firstApproval().reviewer());
        }
        if (confirmed != null) {
            confirmed.forEach(item -> evidence.add("confirmed: " + item));
        }
        audit.record(event(done, decision, worker.actor(), comment, evidence.isEmpty() ? null : evidence, List.of(), outputs,
                now, ":completed"));
        // the engine has taken the decision: record it even if the task document changed meanwhile
        if (!tasks.replace(read, done)) {
            tasks.replace(tasks.get(task.id()), done);
        }
        switch (decision) {
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
            case TaskKind.REPROCESS -> assets.updateStatus(task.imageId(), AssetStatus.PROCESSING, List.of(comment));
            default -> {
            }
        }
        publish(done, "COMPLETED", worker.name());
        return done;
    }

    private boolean hasAutomatedRendition(String imageId) {
        Map<String, String> artifacts = assets.get(imageId).artifacts();
        return artifacts != null && artifacts.get("rendition") != null;
    }

    private void publish(ReviewTask task, String change, String by) {
        events.publish(new TaskChanged(task.id(), change, task.candidateGroups(), task.assignee(), by));
    }

    private static void requireHeldBy(ReviewTask task, Worker worker) {
        requireGroup(task, worker);
        requireOpen(task);
        requireNotFirstApprover(task, worker.name(), "decide");
        if (task.assignee() == null) {
            throw new TaskConflictException("claim task " + task.id() + " before working on it");
        }
        if (!worker.name().equals(task.assignee())) {
            throw new TaskConflictException("task " + task.id() + " is held by " + task.assignee() + ", not by you");
        }
    }

    /** Four eyes: whoever gave the first approval neither claims nor decides the second. */
    private static void requireNotFirstApprover(ReviewTask task, String person, String action) {
        if (task.firstApprovedBy(person)) {
            throw new AccessDeniedException("You gave the first approval of " + task.sku() + "; the policy asks for four eyes, "
                    + "so someone else must " + action + " its second approval (task " + task.id() + ")");
        }
    }

    private static String checkOf(TaskKind kind, ImageVariables vars) {
        if (kind == TaskKind.SECOND_APPROVAL) {
            return TaskChecks.FOUR_EYES;
        }
        if (kind == TaskKind.REVIEW) {
            return vars.routing() != null && vars.routing().check() != null ? vars.routing().check() : "other";
        }
        return vars.review() != null && "RETAKE".equals(vars.review().decision()) ? "retake" : "capture";
    }

    private static void requireGroup(ReviewTask task, Worker worker) {
        if (task.candidateGroups() == null || task.candidateGroups().stream().noneMatch(worker.groups()::contains)) {
            throw new AccessDeniedException(
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
        if (kind == TaskKind.SECOND_APPROVAL && vars.review() != null) {
            ReviewOutcome first = vars.review();
            reasons.add("Four eyes: " + first.reviewer() + " approved it"
                    + (first.comment() == null || first.comment().isBlank() ? "" : " (“" + first.comment().strip() + "”)")
                    + (first.retouchedHash() == null ? "" : " with a retouched file")
                    + "; the policy asks for a second approval by someone else");
        }
        if (kind.decidesOnResult()) {
            if (vars.routing() != null && vars.routing().reason() != null) {
                reasons.add(vars.routing().reason());
            }
            // what else the steps noticed, so the retoucher sees it without opening the history
            if (vars.composition() != null && vars.composition().violations() != null) {
                reasons.addAll(vars.composition().violations());
            }
            if (vars.qc() != null && vars.qc().reasons() != null) {
                vars.qc().reasons().forEach(note -> reasons.add("Capture note: " + note));
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
