package io.studioflow.processing.quality;

import io.studioflow.processing.quality.MatteMetrics.Scores;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The harness's figures: per category the mean IoU, alpha MAE and boundary F of the raw model, ours (refined) and
 * GrabCut; the confidence's AUROC against "needs a human"; and what a routing threshold sends to review.
 */
public final class HarnessReport {

    /**
     * Deliberately hard beyond what an automated cut can promise: thin strands, fur, glass and white on white. With
     * busy real-scene backgrounds they are where the review inbox earns its keep; the rest must be right.
     */
    public static final Set<SceneCategory> ADVERSARIAL = EnumSet.of(SceneCategory.THIN_STRUCTURES,
            SceneCategory.SOFT_EDGES, SceneCategory.TRANSLUCENT, SceneCategory.WHITE_ON_WHITE);
    /**
     * Categories whose edges are soft or thin: refinement must beat the raw model there. (Translucent objects have
     * an opaque rim; what is hard about them is the inside, which no edge refinement reaches.)
     */
    public static final Set<SceneCategory> SOFT_OR_THIN = EnumSet.of(SceneCategory.THIN_STRUCTURES,
            SceneCategory.SOFT_EDGES);

    private final List<HarnessCase> cases;

    public HarnessReport(List<HarnessCase> cases) {
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("no harness cases to report");
        }
        this.cases = List.copyOf(cases);
    }

    public List<HarnessCase> cases() {
        return cases;
    }

    /** Mean scores of one method over one category's cases. */
    public Scores mean(SceneCategory category, Function<HarnessCase, Scores> method) {
        List<Scores> scores = cases.stream().filter(c -> c.category() == category).map(method).toList();
        if (scores.isEmpty()) {
            throw new IllegalArgumentException("no cases of category " + category);
        }
        return new Scores(average(scores, Scores::iou), average(scores, Scores::alphaMae),
                average(scores, Scores::boundaryF));
    }

    /** Mean refined IoU over the cases that are neither an adversarial category nor on a busy background. */
    public double meanIouNonAdversarial() {
        return cases.stream().filter(HarnessReport::nonAdversarial).mapToDouble(c -> c.refined().iou()).average()
                .orElseThrow(() -> new IllegalStateException("no non-adversarial cases"));
    }

    public static boolean nonAdversarial(HarnessCase c) {
        return !ADVERSARIAL.contains(c.category()) && c.background() != BackgroundKind.TEXTURED;
    }

    /**
     * Area under the ROC curve of the confidence as a test for a good cut: the chance that a random good case is
     * more confident than a random failed one (ties count half). 1 separates perfectly, 0.5 is a coin.
     */
    public double auroc() {
        List<Double> good = new ArrayList<>();
        List<Double> failed = new ArrayList<>();
        for (HarnessCase c : cases) {
            (c.failed() ? failed : good).add(c.confidence());
        }
        if (good.isEmpty() || failed.isEmpty()) {
            return Double.NaN;
        }
        double wins = 0;
        for (double g : good) {
            for (double f : failed) {
                wins += g > f ? 1 : g == f ? 0.5 : 0;
            }
        }
        return wins / ((double) good.size() * failed.size());
    }

    /** Share of failed cases whose confidence is below {@code threshold}, i.e. that go to a human. */
    public double failuresCaught(double threshold) {
        return shareBelow(cases.stream().filter(HarnessCase::failed).toList(), threshold);
    }

    /** Share of good cases sent to a human anyway at {@code threshold}. */
    public double goodSentToReview(double threshold) {
        return shareBelow(cases.stream().filter(c -> !c.failed()).toList(), threshold);
    }

    public long failedCount() {
        return cases.stream().filter(HarnessCase::failed).count();
    }

    /** The table, as the harness command prints it. */
    public String table(double threshold) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-16s %3s | %-22s | %-22s | %-22s%n", "category", "n",
                "raw model IoU/MAE/BF", "refined IoU/MAE/BF", "GrabCut IoU/MAE/BF"));
        out.append(String.format(Locale.ROOT, "(IoU at alpha >= 0.5, MAE of alpha in [0,1], boundary F within %.0f px)%n",
                HarnessCase.BOUNDARY_TOLERANCE_PX));
        for (SceneCategory category : SceneCategory.values()) {
            long n = cases.stream().filter(c -> c.category() == category).count();
            if (n == 0) {
                continue;
            }
            out.append(String.format(Locale.ROOT, "%-16s %3d | %s | %s | %s%n", category, n,
                    cell(mean(category, HarnessCase::raw)), cell(mean(category, HarnessCase::refined)),
                    cell(mean(category, HarnessCase::grabCut))));
        }
        out.append(String.format(Locale.ROOT,
                "mean refined IoU, non-adversarial (not %s, not on busy backgrounds): %.4f%n", ADVERSARIAL,
                meanIouNonAdversarial()));
        out.append(String.format(Locale.ROOT,
                "confidence AUROC (good = refined IoU >= %.2f): %.3f; %d of %d cases failed%n",
                HarnessCase.FAILURE_IOU, auroc(), failedCount(), cases.size()));
        out.append(String.format(Locale.ROOT,
                "at threshold %.2f: %.1f%% of failures go to review, %.1f%% of good cases do%n", threshold,
                100 * failuresCaught(threshold), 100 * goodSentToReview(threshold)));
        return out.toString();
    }

    /**
     * Reliability of the confidence: for each band of confidence, how many cases fell in it and which share of them
     * was good. A calibrated confidence has about its own value as the good share.
     */
    public String reliability() {
        double[] edges = {0, 0.25, 0.5, 0.75, 0.9, 1.0000001};
        StringBuilder out = new StringBuilder("confidence band | cases | good share\n");
        for (int i = 0; i + 1 < edges.length; i++) {
            double low = edges[i];
            double high = edges[i + 1];
            List<HarnessCase> band = cases.stream().filter(c -> c.confidence() >= low && c.confidence() < high).toList();
            long good = band.stream().filter(c -> !c.failed()).count();
            out.append(String.format(Locale.ROOT, "%.2f - %.2f     | %5d | %s%n", low, Math.min(1, high), band.size(),
                    band.isEmpty() ? "-" : String.format(Locale.ROOT, "%.0f%%", 100.0 * good / band.size())));
        }
        return out.toString();
    }

    /** One line per case: where the failures and the doubtful ones are. */
    public String caseLines() {
        StringBuilder out = new StringBuilder();
        for (HarnessCase c : cases) {
            out.append(String.format(Locale.ROOT, "%-16s %-12s seed %d: raw IoU %.4f, refined IoU %.4f, GrabCut IoU %.4f,"
                    + " confidence %.3f (model %.3f, backdrop residual %.3f, inside %.3f, outside %.3f)%s%n", c.category(),
                    c.background(), c.seed(), c.raw().iou(), c.refined().iou(), c.grabCut().iou(), c.confidence(),
                    c.modelCertainty(), c.backdropResidual(), c.backdropInside(), c.productOutside(),
                    c.failed() ? "  FAILED" : ""));
        }
        return out.toString();
    }

    private static String cell(Scores s) {
        return String.format(Locale.ROOT, "%.4f %.4f %.4f", s.iou(), s.alphaMae(), s.boundaryF());
    }

    private static double shareBelow(List<HarnessCase> group, double threshold) {
        if (group.isEmpty()) {
            return Double.NaN;
        }
        return (double) group.stream().filter(c -> c.confidence() < threshold).count() / group.size();
    }

    private static double average(List<Scores> scores, ToDoubleFunction<Scores> field) {
        return scores.stream().mapToDouble(field).average().orElse(Double.NaN);
    }
}
