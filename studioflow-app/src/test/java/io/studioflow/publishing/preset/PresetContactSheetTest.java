package io.studioflow.publishing.preset;

import static io.studioflow.publishing.preset.PresetFixtures.CATALOG;
import static io.studioflow.publishing.preset.PresetFixtures.CODEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.studioflow.platform.imaging.DecodedImage;
import io.studioflow.platform.imaging.MatScope;
import io.studioflow.platform.imaging.Mats;
import io.studioflow.processing.compose.ShadowStyle;
import io.studioflow.testing.SyntheticPhotos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Writes {@code target/quality/presets.png}: one tile per preset (rows) and shadow style (columns), each the real
 * stored file decoded again (transparent ones over a checkerboard), labelled with the validator's verdict. The first
 * column is the photo that went in. Open it and look.
 */
class PresetContactSheetTest {

    static final int TILE = 300;
    static final int LABEL = 34;

    @Test
    void writesTheContactSheet() throws IOException {
        PresetValidator validator = new PresetValidator(CODEC);
        List<Preset> presets = CATALOG.all();
        ShadowStyle[] styles = ShadowStyle.values();
        int columns = styles.length + 1;
        List<String> failures = new ArrayList<>();
        try (SyntheticPhotos.Composite shot = PresetFixtures.packshot(); MatScope scope = Mats.scope()) {
            Mat sheet = scope.add(new Mat(presets.size() * (TILE + LABEL), columns * TILE, CvType.CV_8UC3,
                    Scalar.all(90)));
            for (int row = 0; row < presets.size(); row++) {
                Preset preset = presets.get(row);
                int top = row * (TILE + LABEL);
                paste(sheet, shot.photo(), 0, top, scope);
                label(sheet, preset.name(), 0, top, new Scalar(255, 255, 255));
                for (int column = 0; column < styles.length; column++) {
                    byte[] file = PresetFixtures.render(shot, preset.composeSpec().withShadow(styles[column]),
                            preset.format(), preset.quality());
                    List<PresetViolation> violations = validator.validate(file, preset);
                    try (DecodedImage decoded = CODEC.decode(file)) {
                        Mat shown = decoded.hasAlpha() ? overCheckerboard(decoded, scope) : decoded.bgr();
                        int left = (column + 1) * TILE;
                        paste(sheet, shown, left, top, scope);
                        String verdict = violations.isEmpty() ? "ok" : violations.get(0).code().name();
                        label(sheet, styles[column].name().toLowerCase() + " " + decoded.bgr().cols() + "x"
                                + decoded.bgr().rows() + " " + verdict, left, top,
                                violations.isEmpty() ? new Scalar(120, 230, 120) : new Scalar(80, 80, 255));
                    }
                    violations.forEach(v -> failures.add(preset.name() + "/" + v.code() + ": " + v.message()));
                }
            }
            Path out = Path.of("target", "quality", "presets.png");
            Files.createDirectories(out.getParent());
            Files.write(out, CODEC.encodePng(sheet));
            Files.write(out.resolveSibling("presets-shadows.png"), CODEC.encodePng(shadowDetail(shot, scope)));
            System.out.println("contact sheet: " + out.toAbsolutePath() + "; violations: " + failures);
        }
        // KEEP on the margin preset and DROP on a tight canvas may touch an edge; the presets' own styles must pass
        assertThat(failures).allMatch(f -> !f.contains("/PRODUCT_TOO_SMALL") && !f.contains("/WRONG_"));
    }

    /** The lower part of the shopify rendition per shadow style, side by side at half size: where shadows show. */
    private static Mat shadowDetail(SyntheticPhotos.Composite shot, MatScope scope) {
        Preset shopify = CATALOG.get("shopify");
        List<Mat> crops = new ArrayList<>();
        for (ShadowStyle style : ShadowStyle.values()) {
            byte[] file = PresetFixtures.render(shot, shopify.composeSpec().withShadow(style), shopify.format(),
                    shopify.quality());
            try (DecodedImage decoded = CODEC.decode(file)) {
                Mat crop = scope.add(decoded.bgr().submat(new Rect(424, 1400, 1200, 648)));
                Mat half = scope.mat();
                Imgproc.resize(crop, half, new Size(600, 324), 0, 0, Imgproc.INTER_AREA);
                Imgproc.putText(half, style.name().toLowerCase(), new Point(8, 20), Imgproc.FONT_HERSHEY_SIMPLEX, 0.6,
                        new Scalar(0, 0, 200), 1, Imgproc.LINE_AA);
                crops.add(half);
            }
        }
        Mat row = scope.mat();
        Core.hconcat(crops, row);
        return row;
    }

    /** {@code image} scaled into a TILE x TILE cell at (left, top + LABEL), centred. */
    private static void paste(Mat sheet, Mat image, int left, int top, MatScope scope) {
        double scale = Math.min((TILE - 8.0) / image.cols(), (TILE - 8.0) / image.rows());
        Mat small = scope.mat();
        Imgproc.resize(image, small, new Size(Math.round(image.cols() * scale), Math.round(image.rows() * scale)), 0, 0,
                Imgproc.INTER_AREA);
        int x = left + (TILE - small.cols()) / 2;
        int y = top + LABEL + (TILE - small.rows()) / 2;
        small.copyTo(scope.add(sheet.submat(new Rect(x, y, small.cols(), small.rows()))));
    }

    private static void label(Mat sheet, String text, int left, int top, Scalar colour) {
        Imgproc.putText(sheet, text, new Point(left + 6, top + 24), Imgproc.FONT_HERSHEY_SIMPLEX, 0.5, colour, 1,
                Imgproc.LINE_AA);
    }

    /** A transparent rendition over a grey checkerboard, the way image editors show transparency. */
    private static Mat overCheckerboard(DecodedImage decoded, MatScope scope) {
        Mat bgr = decoded.bgr();
        Mat board = scope.add(new Mat(bgr.size(), CvType.CV_8UC3, Scalar.all(200)));
        int square = Math.max(8, bgr.cols() / 24);
        for (int y = 0; y < bgr.rows(); y += square) {
            for (int x = (y / square % 2) * square; x < bgr.cols(); x += 2 * square) {
                Imgproc.rectangle(board, new Rect(x, y, square, square), Scalar.all(150), -1);
            }
        }
        Mat alpha3 = scope.mat();
        Imgproc.cvtColor(decoded.alpha(), alpha3, Imgproc.COLOR_GRAY2BGR);
        alpha3.convertTo(alpha3, CvType.CV_32FC3, 1 / 255.0);
        Mat front = scope.mat();
        bgr.convertTo(front, CvType.CV_32FC3);
        Mat back = scope.mat();
        board.convertTo(back, CvType.CV_32FC3);
        Core.multiply(front, alpha3, front);
        Mat inverse = scope.mat();
        Core.subtract(scope.add(new Mat(alpha3.size(), CvType.CV_32FC3, new Scalar(1, 1, 1))), alpha3, inverse);
        Core.multiply(back, inverse, back);
        Core.add(front, back, front);
        Mat out = scope.mat();
        front.convertTo(out, CvType.CV_8UC3);
        return out;
    }
}
