package io.studioflow.ingest.batch;

/** Where a batch stands as a whole; where each of its images stands is on the image. */
public enum BatchStatus {
    /** Its files are still being read: photos appear one by one. */
    RECEIVING,
    /** Every file was read; its images are queued, in the flow or done. */
    OPEN,
    /** Cancelled: no image of it starts any more; those already in the flow run to their end. */
    CANCELLED
}
