package io.studioflow.policy;

/** The result of the {@code review-routing} decision. */
public record RoutingOutcome(String route, String reason) {

    public static final String AUTO_APPROVE = "AUTO_APPROVE";
    public static final String HUMAN_REVIEW = "HUMAN_REVIEW";

    public boolean needsHuman() {
        return HUMAN_REVIEW.equals(route);
    }
}
