package io.studioflow.processing.compose;

import io.studioflow.platform.imaging.MatScope;
import io.studioflow.platform.imaging.Mats;
import io.studioflow.processing.compose.Composer.Placement;
import io.studioflow.processing.compose.Composer.Shade;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Draws each {@link ShadowStyle} into the canvas's darkening map, before the product is blended over it. Every
 * style but DROP is anchored at the product's base, so the product never floats.
 */
final class Shadows {

    /** Opacity of the contact shadow at its darkest. */
    static final double CONTACT_OPACITY = 0.22;
    static final double GROUND_OPACITY = 0.30;
    static final double DROP_OPACITY = 0.28;
    /** The photo's own shadow is carried over in full up to this distance from the product (share of its longer side)... */
    static final double KEEP_FULL = 0.1;
    /** ...and fades to nothing at this distance. */
    static final double KEEP_REACH = 0.4;
    /**
     * Darkening below this is the background's own unevenness or noise, not a shadow: dropped, so the new background
     * stays pure; from it to twice it the shadow fades in, above that it is carried over unchanged.
     */
    static final double KEEP_NOISE_FLOOR = 0.04;
    /** A kept shadow this faint under the base does not hold the product down: a contact shadow is added. */
    static final double KEEP_MIN_AT_BASE = 0.05;
    /** The kept shadow is measured at this resolution: shadows are soft, and the max filter stays cheap. */
    static final int KEEP_WORK_SIZE = 512;

    private Shadows() {
    }

    static void draw(ShadowStyle style, Shade shade, Mat coverage, Placement placement, int threshold, Mat photo,
                     Mat alpha, BoundingBox box, MatScope scope) {
        Footprint footprint = Footprint.of(coverage, threshold, scope);
        if (footprint == null) {
            return;
        }
        switch (style) {
            case NONE -> {
            }
            case CONTACT -> contact(shade, footprint, placement);
            case GROUND -> ground(shade, footprint, placement);
            case DROP -> drop(shade, coverage, footprint, placement, scope);
            case KEEP -> {
                keep(shade, photo, alpha, box, placement, scope);
                if (darkestBelowBase(shade, footprint, placement, scope) < KEEP_MIN_AT_BASE) {
                    contact(shade, footprint, placement);
                }
            }
        }
    }

    /** The product's box in the scaled coverage, and the box of its lowest rows (where it stands). */
    private record Footprint(Rect product, Rect foot, Rect base) {

        static Footprint of(Mat coverage, int threshold, MatScope scope) {
            Mat solid = scope.mat();
            Imgproc.threshold(coverage, solid, threshold, 255, Imgproc.THRESH_BINARY);
            Rect product = Imgproc.boundingRect(solid);
            if (product.width == 0) {
                return null;
            }
            return new Footprint(product, lowest(solid, product, 0.03, scope), lowest(solid, product, 0.08, scope));
        }

        private static Rect lowest(Mat solid, Rect product, double share, MatScope scope) {
            int band = Math.max(2, (int) Math.round(product.height * share));
            int top = Math.max(product.y, product.y + product.height - band);
            Rect r = Imgproc.boundingRect(scope.add(solid.submat(top, product.y + product.height, 0, solid.cols())));
            return new Rect(r.x, top + r.y, r.width, r.height);
        }
    }

    /** A faint, tight, soft ellipse under the lowest rows of the product. */
    private static void contact(Shade shade, Footprint footprint, Placement placement) {
        Rect foot = footprint.foot();
        double centreX = placement.pasteX() + foot.x + foot.width / 2.0;
        double groundY = placement.pasteY() + footprint.product().y + footprint.product().height;
        double radiusX = Math.max(4, foot.width * 0.55);
        double radiusY = Math.clamp(foot.width * 0.05, 2, Math.max(shade.cols(), shade.rows()) * 0.012);
        ellipse(shade, centreX, groundY, radiusX, radiusY, CONTACT_OPACITY, Math.max(1, radiusY * 0.6));
    }

    /**
     * A wider, softer ellipse on the ground: 1.2x the product's base or 70% of the product, whichever is
     * wider, its centre a little inside the base so that it always touches it.
     */
    private static void ground(Shade shade, Footprint footprint, Placement placement) {
        Rect base = footprint.base();
        Rect product = footprint.product();
        double centreX = placement.pasteX() + base.x + base.width / 2.0;
        double radiusX = Math.max(4, Math.max(base.width * 0.6, product.width * 0.35));
        double radiusY = Math.max(3, radiusX * 0.1);
        double groundY = placement.pasteY() + product.y + product.height - radiusY * 0.3;
        ellipse(shade, centreX, groundY, radiusX, radiusY, GROUND_OPACITY, Math.max(1.5, radiusY * 0.7));
    }

    /** The product's silhouette offset down-right by 2% / 3% of its longer side, blurred, at low opacity. */
    private static void drop(Shade shade, Mat coverage, Footprint footprint, Placement placement, MatScope scope) {
        int longSide = Math.max(footprint.product().width, footprint.product().height);
        double sigma = Math.max(1, longSide * 0.012);
        int pad = (int) Math.ceil(3 * sigma);
        Mat silhouette = scope.add(Mat.zeros(coverage.rows() + 2 * pad, coverage.cols() + 2 * pad, CvType.CV_32F));
        coverage.convertTo(scope.add(silhouette.submat(pad, pad + coverage.rows(), pad, pad + coverage.cols())),
                CvType.CV_32F, DROP_OPACITY / 255.0);
        Imgproc.GaussianBlur(silhouette, silhouette, new Size(0, 0), sigma);
        int x = placement.pasteX() + (int) Math.round(longSide * 0.02) - pad;
        int y = placement.pasteY() + (int) Math.round(longSide * 0.03) - pad;
        place(shade, silhouette, x, y, scope);
    }

    /**
     * The photo's own shadow: the old background's brightness is estimated around the product (the brightest
     * background nearby, smoothed), every background pixel's share of it is its shade, and the darkening (past a
     * noise floor) is carried onto the canvas at the product's scale, faded to nothing {@link #KEEP_REACH} away.
     */
    private static void keep(Shade shade, Mat photo, Mat alpha, BoundingBox box, Placement placement,
                             MatScope scope) {
        int reach = (int) Math.ceil(box.longSide() * KEEP_REACH);
        Rect area = Composer.clip(new Rect(box.x() - reach, box.y() - reach, box.width() + 2 * reach,
                box.height() + 2 * reach), photo.cols(), photo.rows());
        double work = Math.min(1.0, (double) KEEP_WORK_SIZE / Math.max(area.width, area.height));
        Size workSize = new Size(Math.max(1, Math.round(area.width * work)), Math.max(1, Math.round(area.height * work)));
        double productSide = box.longSide() * work;

        Mat grey = scope.mat();
        Imgproc.cvtColor(scope.add(photo.submat(area)), grey, Imgproc.COLOR_BGR2GRAY);
        Mat light = scope.mat();
        Imgproc.resize(grey, light, workSize, 0, 0, Imgproc.INTER_AREA);
        light.convertTo(light, CvType.CV_32F);
        Mat productAlpha = scope.mat();
        Imgproc.resize(scope.add(alpha.submat(area)), productAlpha, workSize, 0, 0, Imgproc.INTER_AREA);

        // the product and its mixed edge are not background
        int pad = Math.max(2, (int) Math.round(productSide * 0.015));
        Mat zone = scope.mat();
        Imgproc.threshold(productAlpha, zone, 10, 255, Imgproc.THRESH_BINARY);
        Imgproc.dilate(zone, zone, scope.add(Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE,
                new Size(2 * pad + 1, 2 * pad + 1))));
        Mat background = scope.mat();
        light.copyTo(background);
        background.setTo(Scalar.all(0), zone);

        // the lit background nearby: a max filter wider than a shadow is deep, then smoothed
        int window = Math.max(3, (int) Math.round(productSide * 0.3)) | 1;
        Mat lit = scope.mat();
        Imgproc.dilate(background, lit, scope.add(Imgproc.getStructuringElement(Imgproc.MORPH_RECT,
                new Size(window, window))));
        Imgproc.GaussianBlur(lit, lit, new Size(0, 0), window / 4.0);
        Mat litFloor = scope.mat();
        Core.max(lit, new Scalar(8), litFloor);

        Mat darkening = scope.mat();
        Core.divide(light, litFloor, darkening);
        Core.min(darkening, new Scalar(1), darkening);
        Core.subtract(scope.add(Mat.ones(darkening.size(), CvType.CV_32F)), darkening, darkening);
        Mat fadeIn = scope.mat();
        darkening.convertTo(fadeIn, CvType.CV_32F, 1 / KEEP_NOISE_FLOOR, -1);
        Core.min(fadeIn, new Scalar(1), fadeIn);
        Core.max(fadeIn, new Scalar(0), fadeIn);
        Core.multiply(darkening, fadeIn, darkening);
        darkening.setTo(Scalar.all(0), zone);
        // the band the product's edge hid takes its neighbours' shade, so the shadow runs in under the product
        Mat spread = scope.mat();
        Imgproc.dilate(darkening, spread, scope.add(Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE,
                new Size(4 * pad + 1, 4 * pad + 1))));
        spread.copyTo(darkening, zone);

        // fade with the distance from the product
        Mat outside = scope.mat();
        Imgproc.threshold(productAlpha, outside, 127, 255, Imgproc.THRESH_BINARY_INV);
        Mat distance = scope.mat();
        Imgproc.distanceTransform(outside, distance, Imgproc.DIST_L2, 3);
        Mat fade = scope.mat();
        double fadeLength = productSide * (KEEP_REACH - KEEP_FULL);
        distance.convertTo(fade, CvType.CV_32F, -1 / fadeLength, KEEP_REACH * productSide / fadeLength);
        Core.min(fade, new Scalar(1), fade);
        Core.max(fade, new Scalar(0), fade);
        Core.multiply(darkening, fade, darkening);

        int width = Math.max(1, (int) Math.round(area.width * placement.scaleX()));
        int height = Math.max(1, (int) Math.round(area.height * placement.scaleY()));
        Mat scaled = scope.mat();
        Imgproc.resize(darkening, scaled, new Size(width, height), 0, 0, Imgproc.INTER_LINEAR);
        int x = placement.pasteX() + (int) Math.round((area.x - placement.region().x) * placement.scaleX());
        int y = placement.pasteY() + (int) Math.round((area.y - placement.region().y) * placement.scaleY());
        place(shade, scaled, x, y, scope);
    }

    /** The strongest darkening in a thin band just below the product's base. */
    private static double darkestBelowBase(Shade shade, Footprint footprint, Placement placement, MatScope scope) {
        Rect product = footprint.product();
        int band = Math.max(2, (int) Math.round(product.height * 0.02));
        Rect below = Composer.clip(new Rect(placement.pasteX() + product.x,
                placement.pasteY() + product.y + product.height - band / 2, product.width, band), shade.cols(),
                shade.rows());
        if (below.width == 0 || below.height == 0) {
            return 0;
        }
        return Core.minMaxLoc(scope.add(shade.darkening.submat(below))).maxVal;
    }

    /** A filled, blurred ellipse of the given opacity. */
    private static void ellipse(Shade shade, double centreX, double centreY, double radiusX, double radiusY,
                                double opacity, double sigma) {
        int reach = (int) Math.ceil(3 * sigma);
        int left = (int) Math.floor(centreX - radiusX - reach);
        int top = (int) Math.floor(centreY - radiusY - reach);
        int width = (int) Math.ceil(2 * (radiusX + reach)) + 1;
        int height = (int) Math.ceil(2 * (radiusY + reach)) + 1;
        Mat patch = Mat.zeros(height, width, CvType.CV_32F);
        try (MatScope scope = Mats.scope()) {
            scope.add(patch);
            Imgproc.ellipse(patch, new Point(centreX - left, centreY - top), new Size(radiusX, radiusY), 0, 0, 360,
                    Scalar.all(opacity), -1, Imgproc.LINE_AA);
            Imgproc.GaussianBlur(patch, patch, new Size(0, 0), sigma);
            place(shade, patch, left, top, scope);
        }
    }

    /** Darkens the canvas where {@code patch} (placed with its top-left at x, y) is darker: the maximum of both. */
    private static void place(Shade shade, Mat patch, int x, int y, MatScope scope) {
        Rect destination = Composer.clip(new Rect(x, y, patch.cols(), patch.rows()), shade.cols(), shade.rows());
        if (destination.width == 0 || destination.height == 0) {
            return;
        }
        Rect source = new Rect(destination.x - x, destination.y - y, destination.width, destination.height);
        Mat target = scope.add(shade.darkening.submat(destination));
        Core.max(target, scope.add(patch.submat(source)), target);
        shade.touch(destination);
    }
}
