package io.studioflow.ingest;

/** Where an image stands, as the REST API and the inbox show it. */
public enum AssetStatus {
    /** Accepted in a batch, waiting for a place in the flow (a bounded number of images is in flight at once). */
    QUEUED,
    CAPTURE,
    PROCESSING,
    IN_REVIEW,
    RETAKE,
    PUBLISHED,
    REJECTED,
    /** Its batch was cancelled before its flow started: nothing was done to it, it can be retried. */
    CANCELLED
}
