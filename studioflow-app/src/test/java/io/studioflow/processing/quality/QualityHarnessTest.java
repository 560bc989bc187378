package io.studioflow.processing.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.studioflow.platform.imaging.ImageCodec;
import io.studioflow.platform.imaging.Mats;
import io.studioflow.processing.segmentation.BackgroundRemover;
import io.studioflow.processing.segmentation.GrabCutSegmenter;
import io.studioflow.processing.segmentation.IsnetSegmentationModel;
import io.studioflow.processing.segmentation.MatteRefiner;
import io.studioflow.processing.segmentation.TestModels;
import io.studioflow.testing.TestPhotos;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

/**
 * The vision quality harness (issue 3's acceptance 1 and 2): every scene category on every background through the
 * raw model, our refined segmentation and GrabCut, scored against exact alpha. Prints the per-category table and
 * writes {@code target/quality/harness.txt} and the contact sheet {@code target/quality/harness.png}
 * (input | true alpha | our alpha | our cut-out over a checkerboard).
 *
 * <p>The command: {@code mvn -pl studioflow-app -Dtest=QualityHarnessTest -Dsurefire.failIfNoSpecifiedTests=false
 * test}; {@code -Dharness.seeds=3} (the acceptance run) measures three scenes per category and background, {@code -Dharness.size=N}
 * another scene size (default 2048: twice the model's working size, so refinement at full resolution matters).
 */
class QualityHarnessTest {

    static final int SEEDS = Integer.getInteger("harness.seeds", 1);
    static final int SIZE = Integer.getInteger("harness.size", 2048);
    static final Path OUT = Path.of("target", "quality");

    static IsnetSegmentationModel model;
    static HarnessReport report;
    static double threshold;

    @BeforeAll
    static void runHarness() throws IOException {
        threshold = segmentationThresholdOfTheRoutingTable();
        model = new IsnetSegmentationModel(TestModels.modelDir(), 2);
        QualityHarness harness = new QualityHarness(new BackgroundRemover(model, new MatteRefiner()),
                new GrabCutSegmenter());
        GroundTruthScenes scenes = new GroundTruthScenes();
        ImageCodec codec = new ImageCodec();
        Mat texture = codec.decodeBgr(TestPhotos.bytes("coffee.png"));
        Mat busyScene = codec.decodeBgr(TestPhotos.bytes("fruits.jpg"));
        List<HarnessCase> cases = new ArrayList<>();
        try (ContactSheet sheet = new ContactSheet(256)) {
            for (long seed = 1; seed <= SEEDS; seed++) {
                for (SceneCategory category : SceneCategory.values()) {
                    for (BackgroundKind background : BackgroundKind.values()) {
                        if (category == SceneCategory.WHITE_ON_WHITE && background != BackgroundKind.WHITE_SWEEP) {
                            continue; // white on anything else is not white on white
                        }
                        boolean firstSeed = seed == 1;
                        try (Scene scene = scenes.build(category, background, texture, busyScene, seed, SIZE)) {
                            cases.add(harness.measure(scene, seed, (s, result, alpha) -> {
                                if (firstSeed) {
                                    Mat cutout = ContactSheet.overCheckerboard(s.image(), alpha);
                                    sheet.addRow(s.image(), s.alpha(), alpha, cutout);
                                    cutout.release();
                                }
                            }));
                        }
                    }
                }
            }
            Files.createDirectories(OUT);
            Mat rendered = sheet.render();
            Files.write(OUT.resolve("harness.png"), codec.encodePng(rendered));
            rendered.release();
        } finally {
            Mats.release(texture, busyScene);
        }
        report = new HarnessReport(cases);
        String table = report.table(threshold) + "\n" + report.reliability() + "\n" + report.caseLines();
        Files.writeString(OUT.resolve("harness.txt"), table, StandardCharsets.UTF_8);
        System.out.println("Quality harness, " + cases.size() + " scenes of " + SIZE + " px:\n" + table);
    }

    @AfterAll
    static void closeModel() {
        if (model != null) {
            model.close();
        }
    }

    /** The threshold below which the routing table sends a cut to a human: the "default routing threshold". */
    static double segmentationThresholdOfTheRoutingTable() throws IOException {
        Path dmn = Path.of(System.getProperty("studioflow.root", "..")).resolve("processes/review-routing.dmn");
        String xml = Files.readString(dmn, StandardCharsets.UTF_8);
        Matcher rule = Pattern.compile("<inputEntry id=\"r1-seg\"><text>&lt; ([0-9.]+)</text>").matcher(xml);
        assertThat(rule.find()).as("rule r1 of %s compares segmentation.confidence with a threshold", dmn).isTrue();
        return Double.parseDouble(rule.group(1));
    }

    /**
     * Refinement must improve the alpha where edges are soft or thin. Boundary F must improve too on the acceptance
     * run ({@code -Dharness.seeds=3}); the suite's one-seed run has four fur scenes whose boundary F is about 0.01 for
     * both (the model misses the fur's outline by far more than a pixel), so there it may not drop by more than that.
     */
    @Test
    void refinementImprovesSoftAndThinEdges() {
        double slack = SEEDS >= 3 ? 0 : 0.01;
        for (SceneCategory category : HarnessReport.SOFT_OR_THIN) {
            MatteMetrics.Scores raw = report.mean(category, HarnessCase::raw);
            MatteMetrics.Scores refined = report.mean(category, HarnessCase::refined);
            assertThat(refined.alphaMae()).as("%s alpha MAE, refined vs raw", category).isLessThan(raw.alphaMae());
            assertThat(refined.iou()).as("%s IoU, refined vs raw", category).isGreaterThan(raw.iou());
            assertThat(refined.boundaryF()).as("%s boundary F, refined vs raw", category)
                    .isGreaterThan(raw.boundaryF() - slack);
        }
    }

    @Test
    void nonAdversarialScenesAreCutAlmostExactly() {
        assertThat(report.meanIouNonAdversarial()).isGreaterThanOrEqualTo(0.97);
    }

    @Test
    void refinedCutBeatsGrabCutOnEveryCategory() {
        for (SceneCategory category : SceneCategory.values()) {
            assertThat(report.mean(category, HarnessCase::refined).iou()).as("%s IoU", category)
                    .isGreaterThan(report.mean(category, HarnessCase::grabCut).iou());
        }
    }

    @Test
    void theRoutingThresholdSendsFailuresToReviewAndSparesGoodCuts() {
        assertThat(report.failedCount()).as("the harness has failures to catch").isPositive();
        assertThat(report.failuresCaught(threshold)).as("failures sent to review").isGreaterThanOrEqualTo(0.95);
        assertThat(report.goodSentToReview(threshold)).as("good cuts sent to review").isLessThanOrEqualTo(0.30);
        assertThat(report.auroc()).as("confidence AUROC").isGreaterThanOrEqualTo(0.9);
    }
}
