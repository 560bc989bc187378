package io.studioflow.ingest.batch;

import io.studioflow.ingest.AssetStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where a batch's images stand now, counted on the images themselves.
 *
 * @param stages            images per status, every status listed (0 where none)
 * @param failed            images whose flow stopped on a technical failure or has not moved for ten minutes
 * @param finished          published, rejected or cancelled: nothing more will happen to them
 * @param machineRemaining  queued, in capture or in processing: what the machine still has to do
 * @param imagesPerMinute   images that left machine work per minute since the batch's first image started (null
 *                          before one did)
 * @param etaSeconds        machine work left at that pace (null while it cannot be measured; 0 when none is left)
 * @param slowest           the images that took the most machine time, most first
 */
public record BatchProgress(Batch batch, Map<AssetStatus, Long> stages, long total, long failed, long finished,
                            long waitingForPeople, long machineRemaining, Instant firstStartedAt, Double imagesPerMinute,
                            Long etaSeconds, List<SlowImage> slowest) {

    public record SlowImage(String imageId, String sku, String angle, AssetStatus status, double machineSeconds) {
    }

    /** Share of the batch that needs nothing more from the machine, 0..1. */
    public double machineDone() {
        return total == 0 ? (batch.status() == BatchStatus.RECEIVING ? 0 : 1) : 1 - (double) machineRemaining / total;
    }

    /** Share of the batch that is finished, 0..1. */
    public double done() {
        return total == 0 ? (batch.status() == BatchStatus.RECEIVING ? 0 : 1) : (double) finished / total;
    }
}
