package io.studioflow.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The production dashboard's figures over {@code [from, to)} (optionally one brand); {@code at} is the moment the
 * snapshot figures (queues, open tasks past due) were read. How each figure is defined is in the README section
 * "Production dashboard" and on {@link ProductionDashboard}.
 *
 * @param finishedImages  images finished in the range: published, or rejected by a person (each image once, at its
 *                        first such event in the range)
 * @param autoApprovalRate share of finished images published on an automatic approval (the last routing decision
 *                        before publishing was AUTO_APPROVE)
 * @param humanTouchRate  share of finished images a person decided on or changed in a review or retake task
 */
public record ProductionFigures(Instant from, Instant to, String brand, Instant at,
                                Throughput throughput,
                                Queues queues,
                                Sla sla,
                                long finishedImages, long publishedImages, long rejectedImages,
                                long autoApprovedImages, double autoApprovalRate,
                                long humanTouchedImages, double humanTouchRate,
                                List<AuditFigures.Count> topRejectionReasons,
                                AuditSample auditSample,
                                Quality quality,
                                Cost cost) {

    /** Finished images per UTC hour (hours with none left out), their mean over every hour of the range, the peak. */
    public record Throughput(List<Hour> perHour, double imagesPerHour, long peakImagesPerHour) {
    }

    public record Hour(Instant hour, long images) {
    }

    /**
     * Where work stands now: images per asset status (every status, zeros included, in the order of the status enum)
     * and open tasks per inbox (candidate group and task kind).
     */
    public record Queues(Map<String, Long> imagesByStatus, List<Inbox> openTasks, long openTasksTotal) {
    }

    public record Inbox(String group, String kind, long open, long pastDue) {
    }

    /**
     * @param openPastDue  open tasks whose due time has passed now
     * @param decided      tasks a person decided in the range
     * @param decidedLate  of those, decided after their due time
     */
    public record Sla(long openPastDue, long decided, long decidedLate, double lateRate) {
    }

    /**
     * The random audit sample: images sent to a person only because the sample drew them (every threshold passed),
     * whose sample task was decided in the range. {@code escaped} are those the person rejected or changed (a retouched
     * file, a reprocess, a retake): what would have been published wrong without a human. {@code decisions} counts the
     * sample tasks per decision, an approval with a retouched file as {@code APPROVE_RETOUCHED}.
     */
    public record AuditSample(long images, long escaped, double escapeRate, Map<String, Long> decisions) {
    }

    /** Quality per {@code period} (DAY for ranges up to 14 days, else WEEK from Monday, UTC) against the baseline. */
    public record Quality(String period, List<Period> periods, Baseline baseline) {
    }

    /**
     * @param meanSegmentationConfidence mean of the finished images' last segmentation confidence; null if none had one
     */
    public record Period(LocalDate start, long finished, long autoApproved, double autoApprovalRate, long segmented,
                        Double meanSegmentationConfidence) {
    }

    /** The same figures over the first {@code weeks} weeks from the first upload (cut at the end of the range). */
    public record Baseline(Instant from, Instant to, int weeks, long finished, long autoApproved, double autoApprovalRate,
                          long segmented, Double meanSegmentationConfidence) {
    }

    /**
     * What a finished image costs: its workers' step time (sum of the steps' {@code durationMs}) at the compute rate plus
     * its people's task time (claim to decision) at the human rate, per finished image; beside a traditional studio.
     */
    public record Cost(String currency, double computeCostPerHour, double humanCostPerHour,
                       double computeSeconds, double humanMinutes,
                       double computeSecondsPerImage, double humanMinutesPerImage,
                       double computeCostPerImage, double humanCostPerImage, double costPerImage,
                       Turnaround turnaround, Traditional traditional) {
    }

    /** Upload to finished, over the finished images (nearest-rank percentiles). */
    public record Turnaround(long images, double medianSeconds, double p90Seconds) {
    }

    public record Traditional(double costPerProductMin, double costPerProductMax, double turnaroundDaysMin,
                              double turnaroundDaysMax) {
    }
}
