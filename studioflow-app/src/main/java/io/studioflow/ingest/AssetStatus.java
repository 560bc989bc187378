package io.studioflow.ingest;

/** Where an image stands, as the REST API and the inbox show it. */
public enum AssetStatus {
    CAPTURE,
    PROCESSING,
    IN_REVIEW,
    RETAKE,
    PUBLISHED,
    REJECTED
}
