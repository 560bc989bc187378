package io.studioflow.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The audit trail in numbers over {@code [from, to)} (optionally one brand). An image counts as
 * <b>human-touched</b> when a person decided on it or changed it in a review or retake task (approved,
 * rejected, uploaded a retouched version, asked for a retake or reprocessing); claiming, releasing,
 * assigning and commenting do not count.
 */
public record AuditFigures(Instant from, Instant to, String brand, long images, long humanTouchedImages,
                           double humanTouchRate, List<Day> approvalsPerDay, List<Count> rejectionReasons,
                           List<Retoucher> perRetoucher, List<Brand> perBrand) {

    /**
     * Images approved on one day (UTC): by a person (an image two people approved under four eyes counts once), and
     * automatically (routing found every confidence high enough).
     */
    public record Day(LocalDate day, long humanApprovals, long autoApprovals) {
    }

    public record Count(String key, long count) {
    }

    public record Retoucher(String name, long decisions, long approvals, long rejections, long images) {
    }

    public record Brand(String brand, long images, long humanTouchedImages, double humanTouchRate, long approvals,
                        long rejections) {
    }
}
