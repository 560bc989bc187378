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
 * Places the cut-out product on pure white: bounding box from the alpha (specks ignored), scaled so its
 * longer side fills {@link ComposeSpec#fillRatio()} of the canvas, centred, blended with premultiplied
 * alpha so the edge never picks up a dark halo from the old background. Optionally a faint contact
 * shadow ({@link ShadowStyle#CONTACT}); none by default.
 */
@Component
public class Composer {

    /** A separate part smaller than this share of the largest part is a speck, not product. */
    static final double MIN_PART_SHARE = 0.01;
    /** Alpha up to this is segmentation noise and treated as fully transparent. */
    static final int NOISE_FLOOR = 3;
    /** Opacity of the contact shadow at its darkest. */
    static final double SHADOW_OPACITY = 0.22;

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

            double scale = Math.min(spec.fillRatio() * spec.width() / box.width(),
                    spec.fillRatio() * spec.height() / box.height());
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

            double placedLeft = (spec.width() - box.width() * scale) / 2.0;
            double placedTop = (spec.height() - box.height() * scale) / 2.0;
            int pasteX = (int) Math.round(placedLeft - (box.x() - region.x) * scaleX);
            int pasteY = (int) Math.round(placedTop - (box.y() - region.y) * scaleY);

            Mat canvas = scope.add(new Mat(spec.height(), spec.width(), CvType.CV_8UC3, Scalar.all(255)));
            if (spec.shadow() == ShadowStyle.CONTACT) {
                drawContactShadow(canvas, coverage, pasteX, pasteY, spec.alphaThreshold(), scope);
            }
            Rect destination = clip(new Rect(pasteX, pasteY, scaledWidth, scaledHeight), spec.width(), spec.height());
            if (destination.width < scaledWidth || destination.height < scaledHeight) {
                concerns.add("the product does not fit the canvas at this fill ratio and was cut at the edge");
            }
            Rect source = new Rect(destination.x - pasteX, destination.y - pasteY, destination.width,
                    destination.height);
            blendOnto(canvas, destination, premultiplied, coverage, source, scope);

            BoundingBox placed = placedBox(coverage, source, destination, spec.alphaThreshold(), scope);
            double fillRatio = Math.max(placed.width() / (double) spec.width(), placed.height() / (double) spec.height());
            double confidence = confidence(box, bgr.cols(), bgr.rows(), scale, parts, concerns);
            return new ComposeResult(scope.keep(canvas), fillRatio, box, placed, scale, confidence, concerns);
        }
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

    /**
     * A soft ellipse under the product's footprint (its lowest rows), darkening the canvas by at most
     * {@link #SHADOW_OPACITY}; the product is blended over it afterwards, hiding the upper half.
     */
    private static void drawContactShadow(Mat canvas, Mat coverage, int pasteX, int pasteY, int threshold,
                                          MatScope scope) {
        Mat solid = scope.mat();
        Imgproc.threshold(coverage, solid, threshold, 255, Imgproc.THRESH_BINARY);
        Rect product = Imgproc.boundingRect(solid);
        if (product.width == 0) {
            return;
        }
        int band = Math.max(2, (int) Math.round(product.height * 0.03));
        Rect foot = Imgproc.boundingRect(scope.add(solid.submat(product.y + product.height - band,
                product.y + product.height, 0, solid.cols())));
        double centreX = pasteX + foot.x + foot.width / 2.0;
        double groundY = pasteY + product.y + product.height;
        double radiusX = Math.max(4, foot.width * 0.55);
        double radiusY = Math.clamp(foot.width * 0.05, 2, Math.max(canvas.cols(), canvas.rows()) * 0.012);
        double sigma = Math.max(1, radiusY * 0.6);
        int reach = (int) Math.ceil(3 * sigma);
        Rect area = clip(new Rect((int) Math.floor(centreX - radiusX - reach), (int) Math.floor(groundY - radiusY - reach),
                (int) Math.ceil(2 * (radiusX + reach)), (int) Math.ceil(2 * (radiusY + reach))), canvas.cols(),
                canvas.rows());
        if (area.width == 0 || area.height == 0) {
            return;
        }
        Mat shade = scope.add(Mat.zeros(area.height, area.width, CvType.CV_32F));
        Imgproc.ellipse(shade, new Point(centreX - area.x, groundY - area.y), new Size(radiusX, radiusY), 0, 0, 360,
                Scalar.all(SHADOW_OPACITY), -1, Imgproc.LINE_AA);
        Imgproc.GaussianBlur(shade, shade, new Size(0, 0), sigma);
        Mat keep = scope.mat();
        Core.subtract(scope.add(Mat.ones(shade.size(), CvType.CV_32F)), shade, keep);
        Mat keep3 = scope.mat();
        Imgproc.cvtColor(keep, keep3, Imgproc.COLOR_GRAY2BGR);
        Mat target = scope.add(canvas.submat(area));
        Mat shaded = scope.mat();
        target.convertTo(shaded, CvType.CV_32FC3);
        Core.multiply(shaded, keep3, shaded);
        shaded.convertTo(target, CvType.CV_8UC3);
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

    private static Rect clip(Rect r, int width, int height) {
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
