package io.studioflow.review;

/** A person's decision on a task; {@code retouchedHash} names a retouched file they uploaded. */
public record ReviewOutcome(String decision, String comment, String reviewer, String retouchedHash) {
}
