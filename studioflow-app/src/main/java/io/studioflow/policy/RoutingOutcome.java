package io.studioflow.policy;

/**
 * The result of the {@code review-routing} decision: the route, the reason in words, and which check sent
 * the image to a human ({@code segmentation}, {@code composition}, {@code colour}, {@code qc},
 * {@code preset}, {@code audit-sample} or {@code reprocess}), so the inbox can filter by it.
 * {@code fourEyes} (null from decisions written before the policy editor) asks for a second approval: the
 * flow's "Four eyes?" gateway sends a first approval to the "Second approval" task, which someone else decides.
 */
public record RoutingOutcome(String route, String reason, String check, Boolean fourEyes) {

    public static final String AUTO_APPROVE = "AUTO_APPROVE";
    public static final String HUMAN_REVIEW = "HUMAN_REVIEW";

    public RoutingOutcome(String route, String reason, String check) {
        this(route, reason, check, null);
    }

    public boolean needsHuman() {
        return HUMAN_REVIEW.equals(route);
    }
}
