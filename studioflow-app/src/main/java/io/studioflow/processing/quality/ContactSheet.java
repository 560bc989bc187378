package io.studioflow.processing.quality;

import io.studioflow.platform.imaging.MatScope;
import io.studioflow.platform.imaging.Mats;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * A grid of small tiles to look at: one row per case, e.g. input | true alpha | our alpha | our cut-out over a
 * checkerboard. Grey mattes are shown as they are; cut-outs over a checkerboard show halos and holes.
 */
public final class ContactSheet implements AutoCloseable {

    private final int tile;
    private final List<Mat> rows = new ArrayList<>();

    public ContactSheet(int tile) {
        if (tile < 16) {
            throw new IllegalArgumentException("tile must be at least 16 px, was " + tile);
        }
        this.tile = tile;
    }

    /** Adds a row of images (8-bit BGR or grey, any size; each is fitted into a square tile). */
    public void addRow(Mat... images) {
        try (MatScope scope = Mats.scope()) {
            List<Mat> tiles = new ArrayList<>();
            for (Mat image : images) {
                tiles.add(tileOf(image, scope));
            }
            Mat row = new Mat();
            Core.hconcat(tiles, row);
            rows.add(row);
        }
    }

    /** The product over a checkerboard, as an editor shows transparency: a tile for {@link #addRow}. */
    public static Mat overCheckerboard(Mat bgr, Mat alpha) {
        try (MatScope scope = Mats.scope()) {
            Mat board = scope.add(new Mat(bgr.size(), CvType.CV_8UC3, new Scalar(255, 255, 255)));
            int square = Math.max(4, Math.max(bgr.cols(), bgr.rows()) / 32);
            for (int y = 0; y < bgr.rows(); y += square) {
                for (int x = (y / square) % 2 == 0 ? 0 : square; x < bgr.cols(); x += 2 * square) {
                    Imgproc.rectangle(board, new org.opencv.core.Point(x, y),
                            new org.opencv.core.Point(x + square - 1, y + square - 1), new Scalar(200, 200, 200), -1);
                }
            }
            Mat a = scope.mat();
            alpha.convertTo(a, CvType.CV_32F, 1 / 255.0);
            Mat a3 = scope.mat();
            Core.merge(List.of(a, a, a), a3);
            Mat front = scope.mat();
            bgr.convertTo(front, CvType.CV_32FC3);
            Mat back = scope.mat();
            board.convertTo(back, CvType.CV_32FC3);
            // out = back + a (front - back)
            Mat blended = scope.mat();
            Core.subtract(front, back, blended);
            Core.multiply(blended, a3, blended);
            Core.add(blended, back, blended);
            Mat out = scope.mat();
            blended.convertTo(out, CvType.CV_8UC3);
            return scope.keep(out);
        }
    }

    /** The sheet, rows stacked; the caller owns it. */
    public Mat render() {
        if (rows.isEmpty()) {
            throw new IllegalStateException("the contact sheet has no rows");
        }
        Mat sheet = new Mat();
        Core.vconcat(rows, sheet);
        return sheet;
    }

    private Mat tileOf(Mat image, MatScope scope) {
        Mat colour = image;
        if (image.channels() == 1) {
            colour = scope.mat();
            Imgproc.cvtColor(image, colour, Imgproc.COLOR_GRAY2BGR);
        }
        double scale = (double) tile / Math.max(image.cols(), image.rows());
        Mat small = scope.mat();
        Imgproc.resize(colour, small, new Size(Math.max(1, Math.round(image.cols() * scale)),
                Math.max(1, Math.round(image.rows() * scale))), 0, 0, Imgproc.INTER_AREA);
        Mat square = scope.add(new Mat(tile, tile, CvType.CV_8UC3, new Scalar(64, 64, 64)));
        small.copyTo(scope.add(square.submat(0, small.rows(), 0, small.cols())));
        return square;
    }

    @Override
    public void close() {
        rows.forEach(Mat::release);
        rows.clear();
    }
}
