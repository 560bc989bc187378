package io.studioflow.policy;

/**
 * The result of the {@code review-routing} decision: the route, the reason in words, and which check sent
 * the image to a human ({@code segmentation}, {@code composition}, {@code colour}, {@code qc} or
 * {@code reprocess}), so the inbox can filter by it.
 */
public record RoutingOutcome(String route, String reason, String check) {

    public static final String AUTO_APPROVE = "AUTO_APPROVE";
    public static final String HUMAN_REVIEW = "HUMAN_REVIEW";

    public boolean needsHuman() {
        return HUMAN_REVIEW.equals(route);
    }
}
