package io.studioflow.review;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A human task as the inbox keeps it. The id is the engine's job key of the job-based user task, so
 * completing the task completes that job.
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
        Map<String, Object> scores,
        Long processInstanceKey,
        Instant createdAt,
        Instant claimedAt,
        Instant completedAt,
        String completedBy,
        String decision,
        String comment) {

    public enum TaskState { OPEN, COMPLETED }

    ReviewTask withAssignee(String newAssignee, Instant at) {
        return new ReviewTask(id, kind, name, elementId, imageId, sku, brand, preset, candidateGroups, newAssignee, state,
                reasons, scores, processInstanceKey, createdAt, at, completedAt, completedBy, decision, comment);
    }

    ReviewTask completed(String by, String newDecision, String newComment, Instant at) {
        return new ReviewTask(id, kind, name, elementId, imageId, sku, brand, preset, candidateGroups, assignee, TaskState.COMPLETED,
                reasons, scores, processInstanceKey, createdAt, claimedAt, at, by, newDecision, newComment);
    }
}
