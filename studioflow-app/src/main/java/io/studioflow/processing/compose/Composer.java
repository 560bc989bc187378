package io.studioflow.processing.compose;

import io.studioflow.platform.imaging.MatScope;
import io.studioflow.platform.imaging.Mats;
import io.studioflow.platform.imaging.OpenCv;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.springframework.stereotype.Component;

/**
 * Places the cut-out product on a plain background (pure white by default, any colour, or transparent):
 * bounding box from the alpha (specks ignored), scaled so its longer side fills {@link ComposeSpec#fillRatio()}
 * of the canvas, centred, blended with premultiplied alpha so the edge never picks up a dark halo from the old
 * background. The shadow ({@link ShadowStyle}, drawn by {@link Shadows}) goes under the product; none by default.
 */
@Component
public class Composer {

    /** A separate part smaller than this share of the largest part is a speck, not product. */
    static final double MIN_PART_SHARE = 0.01;
    /** Alpha up to this is segmentation noise and treated as fully transparent. */
    static final int NOISE_FLOOR = 3;

    public Composer() {
        OpenCv.load();
    }

    /**
     * Composes an 8-bit BGR photo with its product mask (CV_8UC1, 255 = product); neither is modified.
     *
     * @throws NothingToComposeException if the mask holds no product
     */
    public ComposeResult compose(Mat bgr, Mat alpha, ComposeSpec spec) {
        Mats.requireBgr8(bgr, "photo");
        if (alpha == null || alpha.empty()) {
            throw new NothingToComposeException("nothing to compose: there is no product mask");
        }
        Mats.requireMaskFor(alpha, bgr, "alpha");
        try (MatScope scope = Mats.scope()) {
            Parts parts = findParts(alpha, spec.alphaThreshold(), scope);
            BoundingBox box = parts.box();
            List<String> concerns = new ArrayList<>();
            Size canvasSize = canvasSize(spec, box);
            int canvasWidth = (int) canvasSize.width;
            int canvasHeight = (int) canvasSize.height;

            double scale = Math.min(spec.fillRatio() * canvasWidth / box.width(),
                    spec.fillRatio() * canvasHeight / box.height());
            // the crop keeps a margin around the box so the soft edge below the threshold comes along
            int margin = Math.max(8, (int) Math.ceil(box.longSide() * 0.02));
            Rect region = clip(new Rect(box.x() - margin, box.y() - margin, box.width() + 2 * margin,
                    box.height() + 2 * margin), bgr.cols(), bgr.rows());

            Mat regionAlpha = scope.mat();
            scope.add(alpha.submat(region)).copyTo(regionAlpha);
            removeSpecks(regionAlpha, region, parts, scope);
            Imgproc.threshold(regionAlpha, regionAlpha, NOISE_FLOOR, 0, Imgproc.THRESH_TOZERO);

            int scaledWidth = Math.max(1, (int) Math.round(region.width * scale));
            int scaledHeight = Math.max(1, (int) Math.round(region.height * scale));
            double scaleX = (double) scaledWidth / region.width;
            double scaleY = (double) scaledHeight / region.height;
            Mat premultiplied = scope.mat();
            Mat coverage = scope.mat();
            premultiplyAndScale(scope.add(bgr.submat(region)), regionAlpha, scaledWidth, scaledHeight, scale,
                    premultiplied, coverage, scope);

            double placedLeft = (canvasWidth - box.width() * scale) / 2.0;
            double placedTop = (canvasHeight - box.height() * scale) / 2.0;
            int pasteX = (int) Math.round(placedLeft - (box.x() - region.x) * scaleX);
            int pasteY = (int) Math.round(placedTop - (box.y() - region.y) * scaleY);

            Placement placement = new Placement(region, pasteX, pasteY, scaleX, scaleY);
            Shade shade = new Shade(scope.add(Mat.zeros(canvasHeight, canvasWidth, CvType.CV_32F)));
            Shadows.draw(spec.shadow(), shade, coverage, placement, spec.alphaThreshold(), bgr, alpha, box, scope);

            Rect destination = clip(new Rect(pasteX, pasteY, scaledWidth, scaledHeight), canvasWidth, canvasHeight);
            if (destination.width < scaledWidth || destination.height < scaledHeight) {
                concerns.add("the product does not fit the canvas at this fill ratio and was cut at the edge");
            }
            Rect source = new Rect(destination.x - pasteX, destination.y - pasteY, destination.width,
                    destination.height);
            Mat image = spec.transparent()
                    ? transparentCanvas(shade, destination, premultiplied, coverage, source, scope)
                    : opaqueCanvas(spec.background(), shade, destination, premultiplied, coverage, source, scope);

            BoundingBox placed = placedBox(coverage, source, destination, spec.alphaThreshold(), scope);
            double fillRatio = Math.max(placed.width() / (double) canvasWidth, placed.height() / (double) canvasHeight);
            double confidence = confidence(box, bgr.cols(), bgr.rows(), scale, parts, concerns);
            return new ComposeResult(scope.keep(image), fillRatio, box, placed, scale, confidence, concerns);
        }
    }

    /** Where the scaled crop of the photo lands: canvas = paste + (photo - region.origin) * scale. */
    record Placement(Rect region, int pasteX, int pasteY, double scaleX, double scaleY) {
    }

    /**
     * The canvas's darkening by shadows, 0 (none) .. 1 (black), CV_32F at canvas size, and the rectangle any
     * shadow touched (so applying it costs nothing when there is none).
     */
    static final class Shade {
        final Mat darkening;
        Rect touched;

        Shade(Mat darkening) {
            this.darkening = darkening;
        }

        void touch(Rect area) {
            if (area.width == 0 || area.height == 0) {
                return;
            }
            if (touched == null) {
                touched = area;
            } else {
                int left = Math.min(touched.x, area.x);
                int top = Math.min(touched.y, area.y);
                int right = Math.max(touched.x + touched.width, area.x + area.width);
                int bottom = Math.max(touched.y + touched.height, area.y + area.height);
                touched = new Rect(left, top, right - left, bottom - top);
            }
        }

        int cols() {
            return darkening.cols();
        }

        int rows() {
            return darkening.rows();
        }
    }

    private static Size canvasSize(ComposeSpec spec, BoundingBox box) {
        if (!spec.fitToProduct()) {
            return new Size(spec.width(), spec.height());
        }
        int longSide = spec.width();
        int shortSide = (int) Math.clamp(Math.round(longSide * (double) box.shortSide() / box.longSide()), 16, longSide);
        return box.width() >= box.height() ? new Size(longSide, shortSide) : new Size(shortSide, longSide);
    }

    /** The background colour, darkened by the shadow, with the product blended over it. */
    private static Mat opaqueCanvas(BgrColour background, Shade shade, Rect destination, Mat premultiplied,
                                    Mat coverage, Rect source, MatScope scope) {
        Mat canvas = scope.add(new Mat(shade.rows(), shade.cols(), CvType.CV_8UC3, background.toScalar()));
        if (shade.touched != null) {
            Mat keep = scope.mat();
            Core.subtract(scope.add(Mat.ones(shade.touched.size(), CvType.CV_32F)),
                    scope.add(shade.darkening.submat(shade.touched)), keep);
            Mat keep3 = scope.mat();
            Imgproc.cvtColor(keep, keep3, Imgproc.COLOR_GRAY2BGR);
            Mat target = scope.add(canvas.submat(shade.touched));
            Mat shaded = scope.mat();
            target.convertTo(shaded, CvType.CV_32FC3);
            Core.multiply(shaded, keep3, shaded);
            shaded.convertTo(target, CvType.CV_8UC3);
        }
        blendOnto(canvas, destination, premultiplied, coverage, source, scope);
        return canvas;
    }

    /**
     * BGRA: the shadow is black at its darkening's opacity, the product is blended over it ("over" with
     * premultiplied colour), then the colour is un-premultiplied for the file.
     */
    private static Mat transparentCanvas(Shade shade, Rect destination, Mat premultiplied, Mat coverage, Rect source,
                                         MatScope scope) {
        Mat colour = scope.add(Mat.zeros(shade.rows(), shade.cols(), CvType.CV_8UC3));
        Mat opacity = scope.mat();
        shade.darkening.convertTo(opacity, CvType.CV_8U, 255.0);
        if (destination.width > 0 && destination.height > 0) {
            premultiplied.submat(source).copyTo(scope.add(colour.submat(destination)));
            Mat productAlpha = scope.add(coverage.submat(source));
            Mat target = scope.add(opacity.submat(destination));
            Mat uncovered = scope.mat();
            Core.bitwise_not(productAlpha, uncovered); // 255 - a
            Mat below = scope.mat();
            Core.multiply(target, uncovered, below, 1.0 / 255.0);
            Core.add(below, productAlpha, target);
        }
        Mat opacity3 = scope.mat();
        Imgproc.cvtColor(opacity, opacity3, Imgproc.COLOR_GRAY2BGR);
        Mat straight = scope.mat();
        Core.divide(colour, opacity3, straight, 255.0); // 0 where fully transparent
        List<Mat> planes = new ArrayList<>();
        Core.split(straight, planes);
        planes.forEach(scope::add);
        planes.add(opacity);
        Mat bgra = scope.mat();
        Core.merge(planes, bgra);
        return bgra;
    }

    // ------------------------------------------------------------------ mask analysis

    private record Parts(BoundingBox box, Mat labels, Mat stats, List<Integer> specks, long keptArea,
                         long speckArea) {
    }

    private static Parts findParts(Mat alpha, int threshold, MatScope scope) {
        Mat solid = scope.mat();
        Imgproc.threshold(alpha, solid, threshold, 255, Imgproc.THRESH_BINARY);
        Mat labels = scope.mat();
        Mat stats = scope.mat();
        Mat centroids = scope.mat();
        int count = Imgproc.connectedComponentsWithStats(solid, labels, stats, centroids, 8, CvType.CV_32S);
        int largest = 0;
        for (int label = 1; label < count; label++) {
            largest = Math.max(largest, stat(stats, label, Imgproc.CC_STAT_AREA));
        }
        if (largest == 0) {
            throw new NothingToComposeException("nothing to compose: the mask is empty (no pixel above alpha "
                    + threshold + "), the product was not found in the photo");
        }
        BoundingBox box = null;
        List<Integer> specks = new ArrayList<>();
        long keptArea = 0;
        long speckArea = 0;
        for (int label = 1; label < count; label++) {
            int area = stat(stats, label, Imgproc.CC_STAT_AREA);
            if (area < MIN_PART_SHARE * largest) {
                specks.add(label);
                speckArea += area;
                continue;
            }
            BoundingBox part = new BoundingBox(stat(stats, label, Imgproc.CC_STAT_LEFT),
                    stat(stats, label, Imgproc.CC_STAT_TOP), stat(stats, label, Imgproc.CC_STAT_WIDTH),
                    stat(stats, label, Imgproc.CC_STAT_HEIGHT));
            box = box == null ? part : box.union(part);
            keptArea += area;
        }
        return new Parts(box, labels, stats, specks, keptArea, speckArea);
    }

    private static int stat(Mat stats, int label, int column) {
        int[] value = new int[1];
        stats.get(label, column, value);
        return value[0];
    }

    /** Clears the specks that fall inside the crop, so they do not float on the white canvas. */
    private static void removeSpecks(Mat regionAlpha, Rect region, Parts parts, MatScope scope) {
        for (int label : parts.specks()) {
            Rect speck = new Rect(stat(parts.stats(), label, Imgproc.CC_STAT_LEFT),
                    stat(parts.stats(), label, Imgproc.CC_STAT_TOP), stat(parts.stats(), label, Imgproc.CC_STAT_WIDTH),
                    stat(parts.stats(), label, Imgproc.CC_STAT_HEIGHT));
            Rect overlap = intersect(speck, region);
            if (overlap == null) {
                continue;
            }
            Mat speckPixels = scope.mat();
            Core.compare(scope.add(parts.labels().submat(overlap)), new Scalar(label), speckPixels, Core.CMP_EQ);
            Rect local = new Rect(overlap.x - region.x, overlap.y - region.y, overlap.width, overlap.height);
            // the speck's own soft fringe goes too
            Imgproc.dilate(speckPixels, speckPixels, scope.add(Mat.ones(3, 3, CvType.CV_8U)));
            scope.add(regionAlpha.submat(local)).setTo(Scalar.all(0), speckPixels);
        }
    }

    // ------------------------------------------------------------------ pixels

    /**
     * Premultiplies colour by alpha before resampling: resampling straight colour would average the
     * old background's colour into the edge (the dark or coloured halo). 8-bit arithmetic throughout:
     * within one level of float, at a fraction of the time and memory.
     */
    private static void premultiplyAndScale(Mat regionBgr, Mat regionAlpha, int width, int height, double scale,
                                            Mat premultiplied, Mat coverage, MatScope scope) {
        Mat alpha3 = scope.mat();
        Imgproc.cvtColor(regionAlpha, alpha3, Imgproc.COLOR_GRAY2BGR);
        Mat colour = scope.mat();
        Core.multiply(regionBgr, alpha3, colour, 1.0 / 255.0);
        int interpolation = scale < 1 ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR;
        Size size = new Size(width, height);
        Imgproc.resize(colour, premultiplied, size, 0, 0, interpolation);
        Imgproc.resize(regionAlpha, coverage, size, 0, 0, interpolation);
    }

    /** canvas = premultiplied + (1 - alpha) * canvas, over {@code destination}. */
    private static void blendOnto(Mat canvas, Rect destination, Mat premultiplied, Mat coverage, Rect source,
                                  MatScope scope) {
        if (destination.width == 0 || destination.height == 0) {
            return;
        }
        Mat target = scope.add(canvas.submat(destination));
        Mat uncovered = scope.mat();
        Imgproc.cvtColor(scope.add(coverage.submat(source)), uncovered, Imgproc.COLOR_GRAY2BGR);
        Core.bitwise_not(uncovered, uncovered); // 255 - alpha
        Mat background = scope.mat();
        Core.multiply(target, uncovered, background, 1.0 / 255.0);
        Core.add(background, scope.add(premultiplied.submat(source)), target); // saturates into the canvas itself
    }

    private static BoundingBox placedBox(Mat coverage, Rect source, Rect destination, int threshold, MatScope scope) {
        Mat solid = scope.mat();
        Imgproc.threshold(scope.add(coverage.submat(source)), solid, threshold, 255, Imgproc.THRESH_BINARY);
        Rect r = Imgproc.boundingRect(solid);
        return new BoundingBox(destination.x + r.x, destination.y + r.y, r.width, r.height);
    }

    // ------------------------------------------------------------------ confidence

    private static double confidence(BoundingBox box, int photoWidth, int photoHeight, double scale, Parts parts,
                                     List<String> concerns) {
        double confidence = 1;
        List<String> edges = new ArrayList<>();
        if (box.x() <= 0) {
            edges.add("left");
        }
        if (box.y() <= 0) {
            edges.add("top");
        }
        if (box.right() >= photoWidth) {
            edges.add("right");
        }
        if (box.bottom() >= photoHeight) {
            edges.add("bottom");
        }
        if (edges.size() == 1) {
            confidence *= 0.7;
            concerns.add("the product touches the " + edges.get(0) + " edge of the photo: it may be cut off");
        } else if (edges.size() == 2) {
            confidence *= 0.4;
            concerns.add("the product touches the " + String.join(" and ", edges)
                    + " edges of the photo: it is probably cut off");
        } else if (edges.size() > 2) {
            confidence *= 0.15;
            concerns.add("the mask touches " + edges.size() + " edges of the photo (" + String.join(", ", edges)
                    + "): the product is cut off or the mask covers the background");
        }

        double aspect = box.shortSide() / (double) box.longSide();
        if (aspect < 0.02) {
            confidence *= 0.2;
            concerns.add(String.format(Locale.ROOT, "the product's box is extremely thin (%dx%d px): probably a stray "
                    + "line, not a product", box.width(), box.height()));
        } else if (aspect < 0.05) {
            confidence *= 0.6;
            concerns.add(String.format(Locale.ROOT, "the product's box is very thin (%dx%d px)", box.width(),
                    box.height()));
        }

        if (scale > 4) {
            confidence *= 0.5;
            concerns.add(String.format(Locale.ROOT, "the product had to be enlarged %.1fx and will look soft: it needs "
                    + "a closer or higher-resolution shot", scale));
        } else if (scale > 2) {
            confidence *= 0.8;
            concerns.add(String.format(Locale.ROOT, "the product was enlarged %.1fx", scale));
        }

        if (parts.speckArea() > 0.05 * parts.keptArea()) {
            confidence *= 0.8;
            concerns.add(parts.specks().size() + " stray specks were removed from the mask");
        }
        return confidence;
    }

    // ------------------------------------------------------------------ rectangles

    static Rect clip(Rect r, int width, int height) {
        int left = Math.max(0, r.x);
        int top = Math.max(0, r.y);
        int right = Math.min(width, r.x + r.width);
        int bottom = Math.min(height, r.y + r.height);
        return new Rect(left, top, Math.max(0, right - left), Math.max(0, bottom - top));
    }

    private static Rect intersect(Rect a, Rect b) {
        int left = Math.max(a.x, b.x);
        int top = Math.max(a.y, b.y);
        int right = Math.min(a.x + a.width, b.x + b.width);
        int bottom = Math.min(a.y + a.height, b.y + b.height);
        return right > left && bottom > top ? new Rect(left, top, right - left, bottom - top) : null;
    }
}
