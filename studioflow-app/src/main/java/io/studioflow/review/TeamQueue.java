package io.studioflow.review;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The team's open work at one moment, as a manager sees it. */
public record TeamQueue(List<GroupDepth> groups, List<Holder> holders, Instant at) {

    /** The holder name used for tasks nobody has claimed. */
    public static final String UNASSIGNED = "(unassigned)";

    /** Open tasks of one candidate group: how many, why, the oldest, and how many are past due. */
    public record GroupDepth(String group, long open, Map<String, Long> byCheck, Instant oldestCreatedAt, long overdue) {
    }

    /** Open tasks one person holds (or nobody, as {@link #UNASSIGNED}). */
    public record Holder(String assignee, long open, long overdue) {
    }

    public long totalOpen() {
        return holders.stream().mapToLong(Holder::open).sum();
    }

    public long totalOverdue() {
        return holders.stream().mapToLong(Holder::overdue).sum();
    }
}
