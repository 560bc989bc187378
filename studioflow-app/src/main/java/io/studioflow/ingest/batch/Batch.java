package io.studioflow.ingest.batch;

import io.studioflow.audit.Actor;
import java.time.Instant;
import java.util.List;

/**
 * A batch as it was received: who sent what, with which defaults, and what became of each file. The images it
 * produced carry its id ({@code Asset.batchId}); their stages are counted on the images, never copied here.
 *
 * @param uploader   who sent it, as the audit trail names them (a person, or the hot folder)
 * @param files      files and archive entries read so far (photos and anything else)
 * @param accepted   photos taken in as new images
 * @param duplicates photos whose content is already an image (same SHA-256): recognised, not processed again
 * @param refused    files that are not usable photos, or that no SKU could be found for
 * @param problems   the first {@link #MAX_PROBLEMS} duplicates and refusals, each with its reason
 * @param committed  the counts after the last file read to its end: reading resumed after a stop starts from them
 */
public record Batch(String id, String name, BatchStatus status, String source, String createdBy, Actor uploader,
                   Instant createdAt,
                   Instant updatedAt, BatchDefaults defaults, int files, int accepted, int duplicates, int refused,
                   List<FileProblem> problems, Counts committed, String stoppedBecause, String cancelledBy,
                   Instant cancelledAt) {

    public static final int MAX_PROBLEMS = 500;

    public record Counts(int files, int accepted, int duplicates, int refused, int problems) {
    }

    /** A file that did not become a new image, and why. {@code imageId} is the image a duplicate already is. */
    public record FileProblem(String file, Kind kind, String reason, String imageId) {
        public enum Kind { DUPLICATE, REFUSED }
    }
}
