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
        ReviewOutcome firstApproval) {

    public enum TaskState { OPEN, COMPLETED }

    /** A task that is not a second approval. */
    public ReviewTask(String id, TaskKind kind, String name, String elementId, String imageId, String sku, String brand,
                      String preset, List<String> candidateGroups, String assignee, TaskState state, List<String> reasons,
                      String check, Map<String, Object> scores, Double confidence, Integer priority,
                      Long processInstanceKey, Instant createdAt, Instant dueAt, Instant claimedAt, Instant completedAt,
                      String completedBy, String decision, String comment, List<RetouchedVersion> versions) {
        this(id, kind, name, elementId, imageId, sku, brand, preset, candidateGroups, assignee, state, reasons, check, scores,
                confidence, priority, processInstanceKey, createdAt, dueAt, claimedAt, completedAt, completedBy, decision,
                comment, versions, null);
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
                completedBy, decision, comment, versions, firstApproval);
    }

    ReviewTask withVersion(RetouchedVersion version) {
        List<RetouchedVersion> all = new ArrayList<>(versions == null ? List.of() : versions);
        all.add(version);
        return new ReviewTask(id, kind, name, elementId, imageId, sku, brand, preset, candidateGroups, assignee, state,
                reasons, check, scores, confidence, priority, processInstanceKey, createdAt, dueAt, claimedAt, completedAt,
                completedBy, decision, comment, List.copyOf(all), firstApproval);
    }

    ReviewTask completed(String by, String newDecision, String newComment, Instant at) {
        return new ReviewTask(id, kind, name, elementId, imageId, sku, brand, preset, candidateGroups, assignee,
                TaskState.COMPLETED, reasons, check, scores, confidence, priority, processInstanceKey, createdAt, dueAt,
                claimedAt, at, by, newDecision, newComment, versions, firstApproval);
    }
}
