package io.studioflow.review;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A human task as the inbox keeps it. The id is the engine's job key of the job-based user task, so
 * completing the task completes that job.
 *
 * @param check      which check sent the image here (segmentation, composition, colour, qc, reprocess,
 *                   capture, retake), for filtering
 * @param confidence the lowest step confidence, for filtering and sorting
 * @param priority   0..100, higher first
 * @param dueAt      when the task breaches its service level
 * @param versions   retouched files uploaded so far, oldest first; the latest is what an approval publishes
 * @param firstApproval on a second approval (four-eyes): who gave the first approval, with their comment and
 *                   retouched file; whoever gave it may not decide this task. Null on every other task.
 * @param jobKey     the engine job the task completes (null on tasks recorded before it was: then the id is the key)
 * @param engineRun  the embedded engine run that job belongs to (see {@code EngineRun}); null on a cluster
 * @param completion the variables the job was completed with, so a decision whose completion the embedded engine
 *                   forgot in a restart is replayed instead of asked again
 */
public record ReviewTask(
        String id,
        TaskKind kind,
        String name,
        String elementId,
        String imageId,
        String sku,
        String brand,
        String preset,
        List<String> candidateGroups,
        String assignee,
        TaskState state,
        List<String> reasons,
        String check,
        Map<String, Object> scores,
        Double confidence,
        Integer priority,
        Long processInstanceKey,
        Instant createdAt,
        Instant dueAt,
        Instant claimedAt,
        Instant completedAt,
        String completedBy,
        String decision,
        String comment,
        List<RetouchedVersion> versions,
        ReviewOutcome firstApproval,
        Long jobKey,
        String engineRun,
        Map<String, Object> completion) {

    public enum TaskState { OPEN, COMPLETED }

    /** A task whose engine job is the one its id names (no restart recovery facts). */
    public ReviewTask(String id, TaskKind kind, String name, String elementId, String imageId, String sku, String brand,
                      String preset, List<String> candidateGroups, String assignee, TaskState state, List<String> reasons,
                      String check, Map<String, Object> scores, Double confidence, Integer priority,
                      Long processInstanceKey, Instant createdAt, Instant dueAt, Instant claimedAt, Instant completedAt,
                      String completedBy, String decision, String comment, List<RetouchedVersion> versions,
                      ReviewOutcome firstApproval) {
        this(id, kind, name, elementId, imageId, sku, brand, preset, candidateGroups, assignee, state, reasons, check, scores,
                confidence, priority, processInstanceKey, createdAt, dueAt, claimedAt, completedAt, completedBy, decision,
                comment, versions, firstApproval, null, null, null);
    }

    /** A task that is not a second approval. */
    public ReviewTask(String id, TaskKind kind, String name, String elementId, String imageId, String sku, String brand,
                      String preset, List<String> candidateGroups, String assignee, TaskState state, List<String> reasons,
                      String check, Map<String, Object> scores, Double confidence, Integer priority,
                      Long processInstanceKey, Instant createdAt, Instant dueAt, Instant claimedAt, Instant completedAt,
                      String completedBy, String decision, String comment, List<RetouchedVersion> versions) {
        this(id, kind, name, elementId, imageId, sku, brand, preset, candidateGroups, assignee, state, reasons, check, scores,
                confidence, priority, processInstanceKey, createdAt, dueAt, claimedAt, completedAt, completedBy, decision,
                comment, versions, null, null, null, null);
    }

    /** A retouched file a person uploaded on this task. */
    public record RetouchedVersion(int number, String hash, String fileName, String uploadedBy, Instant uploadedAt) {
    }

    public boolean isOpen() {
        return state == TaskState.OPEN;
    }

    public boolean isOverdue(Instant now) {
        return isOpen() && dueAt != null && dueAt.isBefore(now);
    }

    /** Whether {@code person} gave the first approval this second approval is about. */
    public boolean firstApprovedBy(String person) {
        return firstApproval != null && person != null && person.equals(firstApproval.reviewer());
    }

    public RetouchedVersion latestVersion() {
        return versions == null || versions.isEmpty() ? null : versions.get(versions.size() - 1);
    }

    ReviewTask withAssignee(String newAssignee, Instant at) {
        return new ReviewTask(id, kind, name, elementId, imageId, sku, brand, preset, candidateGroups, newAssignee, state,
                reasons, check, scores, confidence, priority, processInstanceKey, createdAt, dueAt, at, completedAt,
                completedBy, decision, comment, versions, firstApproval, jobKey, engineRun, completion);
    }

    ReviewTask withVersion(RetouchedVersion version) {
        List<RetouchedVersion> all = new ArrayList<>(versions == null ? List.of() : versions);
        all.add(version);
        return new ReviewTask(id, kind, name, elementId, imageId, sku, brand, preset, candidateGroups, assignee, state,
                reasons, check, scores, confidence, priority, processInstanceKey, createdAt, dueAt, claimedAt, completedAt,
                completedBy, decision, comment, List.copyOf(all), firstApproval, jobKey, engineRun, completion);
    }

    /** Still open, with the variables a completion of its job was just sent with (see TaskService.finish). */
    ReviewTask withCompletionSent(Map<String, Object> variables) {
        return new ReviewTask(id, kind, name, elementId, imageId, sku, brand, preset, candidateGroups, assignee, state,
                reasons, check, scores, confidence, priority, processInstanceKey, createdAt, dueAt, claimedAt, completedAt,
                completedBy, decision, comment, versions, firstApproval, jobKey, engineRun, variables);
    }

    ReviewTask completed(String by, String newDecision, String newComment, Instant at) {
        return completed(by, newDecision, newComment, at, completion);
    }

    /** Completed, with the variables the engine's job was completed with (to replay them after a restart). */
    ReviewTask completed(String by, String newDecision, String newComment, Instant at, Map<String, Object> variables) {
        return new ReviewTask(id, kind, name, elementId, imageId, sku, brand, preset, candidateGroups, assignee,
                TaskState.COMPLETED, reasons, check, scores, confidence, priority, processInstanceKey, createdAt, dueAt,
                claimedAt, at, by, newDecision, newComment, versions, firstApproval, jobKey, engineRun, variables);
    }

    /**
     * The engine job that completes this task: {@link #jobKey} when recorded, else the key the id starts with (tasks
     * recorded before it was, {@code <job key>} or {@code <job key>-<run>}).
     */
    public long engineJobKey() {
        if (jobKey != null) {
            return jobKey;
        }
        int run = id.indexOf('-');
        return Long.parseLong(run < 0 ? id : id.substring(0, run));
    }

    /** The same task (assignee, comments, versions, decision kept), now carried by a job of another engine run. */
    ReviewTask adoptedBy(long newJobKey, String run, long newProcessInstanceKey) {
        return new ReviewTask(id, kind, name, elementId, imageId, sku, brand, preset, candidateGroups, assignee, state,
                reasons, check, scores, confidence, priority, newProcessInstanceKey, createdAt, dueAt, claimedAt, completedAt,
                completedBy, decision, comment, versions, firstApproval, newJobKey, run, completion);
    }
}
