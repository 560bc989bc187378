package io.studioflow.processing.segmentation;

import io.studioflow.platform.imaging.MatScope;
import io.studioflow.platform.imaging.Mats;
import io.studioflow.platform.imaging.OpenCv;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.springframework.stereotype.Component;

/**
 * Refines the network's matte at the photo's full resolution. The model sees a 1024² copy of the photo, so once its
 * alpha is scaled back up every edge is a ramp a few pixels wide in the wrong place, fur and soft edges come out too
 * opaque and too wide, and strands are smeared.
 *
 * <p>In the band around the edge each pixel is, by the compositing equation, {@code I = a F + (1 - a) B}. The
 * background colour {@code B} is estimated from the pixels the model calls surely background nearby (a studio
 * backdrop varies slowly, so a wide normalised blur extrapolates it under the edge), the product's colour {@code F}
 * from the surely-product pixels close by, and the alpha is the projection of {@code I - B} on {@code F - B} (the
 * colour-line estimate of trimap-based matting, with the trimap taken from the model). Where product and background
 * colours are too alike to tell (white on white) or either is not seen nearby, the model's own alpha stands; away from
 * the band it is kept as is, so holes and the inside of the product are the model's.
 *
 * <p>Cost: a handful of per-pixel operations in the tiles the edge band passes through; the colour estimates are
 * computed at 1/{@value #ESTIMATE_SHRINK} of the resolution over the band's bounding box, where they are smooth
 * anyway.
 */
@Component
public final class MatteRefiner {

    /** Alpha at or below this (of 1) is background for sure, at or above {@link #SURE_FOREGROUND} product. */
    static final double SURE_BACKGROUND = 0.04;
    static final double SURE_FOREGROUND = 0.96;
    /**
     * Below this distance between product and background colour (RGB in [0,1]) the projection is noise; at twice it
     * the estimate is trusted fully (see {@link #RELIABLE_CONTRAST}).
     */
    static final double MIN_CONTRAST = 0.06;
    static final double RELIABLE_CONTRAST = 0.15;
    /** Spread (RMS, RGB in [0,1]) of the background near an edge up to which it counts as a plain backdrop. */
    static final double SMOOTH_BACKGROUND = 0.04;
    static final double BUSY_BACKGROUND = 0.10;
    /** RMS distance (RGB in [0,1]) of a pixel from the product-backdrop mix up to which the projection holds. */
    static final double ON_LINE = 0.03;
    static final double OFF_LINE = 0.08;
    /** How far the channels' darkening factors may differ for a pixel to count as shadow on the backdrop. */
    static final double SHADOW_HUE_TOLERANCE = 0.08;
    /** The colour estimates are smooth: computed on a copy this many times smaller. */
    static final int ESTIMATE_SHRINK = 4;
    /** Share of the estimate's window that must be surely background (or product) for the colour to count. */
    static final double MIN_SUPPORT = 0.05;
    /** Side of the tiles the full-resolution work is done in; only tiles the edge passes through are touched. */
    static final int TILE = 128;

    public MatteRefiner() {
        OpenCv.load();
    }

    /**
     * @param bgr   the photo, 8-bit BGR, full resolution
     * @param alpha the model's alpha scaled to the photo's size, {@code CV_8UC1}
     * @return the refined alpha, {@code CV_8UC1}, same size; the caller owns it. Neither input is changed.
     */
    public Mat refine(Mat bgr, Mat alpha) {
        Mats.requireBgr8(bgr, "photo");
        Mats.requireMaskFor(alpha, bgr, "alpha");
        int scale = scaleOf(bgr);
        int bandRadius = bandRadiusFor(scale);
        try (MatScope scope = Mats.scope()) {
            Mat result = scope.mat();
            alpha.copyTo(result);
            Mat unknown = unknownRegion(alpha, bandRadius, scope);
            Rect band = withMargin(Imgproc.boundingRect(unknown), 4 * bandRadius, alpha);
            if (band == null) {
                return scope.keep(result);
            }
            Edge edge = Edge.of(bgr, alpha, band, bandRadius, scope);
            // the backdrop seen from farther: the product's inside can be far from the nearest background pixel
            ColourField backdropField = ColourField.near(edge.smallImage(), edge.smallSureBackground(),
                    40 * bandRadius, band.size(), scope);
            forEachTile(band, unknown, tile -> {
                try (MatScope local = Mats.scope()) {
                    Tile view = edge.tile(bgr, alpha, tile, local);
                    Mat image = view.image();
                    Mat modelAlpha = view.alpha();
                    Estimate background = view.background();
                    Estimate foreground = view.foreground();

                    Mat projected = projectedAlpha(image, foreground.colour, background.colour, local);
                    Mat trust = trust(foreground, background, local);
                    Core.multiply(trust, onColourLine(image, projected, foreground.colour, background.colour, local),
                            trust);
                    // alpha = trust * projected + (1 - trust) * model
                    Mat blended = local.mat();
                    Core.subtract(projected, modelAlpha, blended);
                    Core.multiply(blended, trust, blended);
                    Core.add(blended, modelAlpha, blended);
                    // where the model hesitates inside the product, a colour far from a plain backdrop is product
                    Core.max(blended, opaqueAtLeast(image, backdropField.over(edge.within(tile), local), local), blended);

                    Mat blended8 = local.mat();
                    blended.convertTo(blended8, CvType.CV_8U, 255); // saturates to 0..255
                    blended8.copyTo(local.add(result.submat(tile)), local.add(unknown.submat(tile)));
                }
            });
            return scope.keep(result);
        }
    }

    /**
     * The product's own colours at its soft edge, with the old background taken out ("despill"): an edge pixel of
     * alpha {@code a} shows {@code a F + (1 - a) B}; composited on a new background as is, it carries the old
     * backdrop's colour along as a fringe (a grey halo on white, green from a green screen). Solving for {@code F}
     * with the backdrop estimated nearby removes it; where the alpha is too faint for that to be stable, the nearby
     * product colour is used instead.
     *
     * @param bgr   the photo, 8-bit BGR
     * @param alpha its (refined) alpha, {@code CV_8UC1}
     * @return a copy of the photo whose soft-edge pixels carry the product's colour; the caller owns it
     */
    public Mat decontaminate(Mat bgr, Mat alpha) {
        Mats.requireBgr8(bgr, "photo");
        Mats.requireMaskFor(alpha, bgr, "alpha");
        int radius = bandRadiusFor(scaleOf(bgr));
        try (MatScope scope = Mats.scope()) {
            Mat result = scope.mat();
            bgr.copyTo(result);
            Mat softEdge = scope.mat();
            Core.inRange(alpha, new Scalar(1), new Scalar(SURE_FOREGROUND * 255), softEdge);
            Rect band = withMargin(Imgproc.boundingRect(softEdge), 4 * radius, alpha);
            if (band == null) {
                return scope.keep(result);
            }
            Edge edge = Edge.of(bgr, alpha, band, radius, scope);
            if (edge.background().meanSpreadWhere(softEdge.submat(band), scope) >= BUSY_BACKGROUND) {
                // a busy background has no one colour to take out: the edge keeps the photo's colours
                return scope.keep(result);
            }
            forEachTile(band, softEdge, tile -> {
                try (MatScope local = Mats.scope()) {
                    Tile view = edge.tile(bgr, alpha, tile, local);
                    Mat image = view.image();
                    Mat a = view.alpha();
                    Estimate background = view.background();
                    Estimate foreground = view.foreground();

                    // F = (I - (1 - a) B) / a
                    Mat a3 = merged3(a, local);
                    Mat notA3 = local.mat();
                    a3.convertTo(notA3, -1, -1, 1); // 1 - a
                    Mat solved = local.mat();
                    Core.multiply(background.colour, notA3, solved);
                    Core.subtract(image, solved, solved);
                    Mat safeA3 = local.mat();
                    Core.max(a3, new Scalar(0.05, 0.05, 0.05), safeA3);
                    Core.divide(solved, safeA3, solved);
                    Core.min(solved, new Scalar(1, 1, 1), solved);
                    Core.max(solved, new Scalar(0, 0, 0), solved);

                    // faint pixels: the product's colour nearby, when there is product nearby; else the pixel as it was
                    Mat solvedWeight = ramp(a, 0.1, 0.4, local);
                    Mat nearbyWeight = local.mat();
                    solvedWeight.convertTo(nearbyWeight, -1, -1, 1);
                    Core.multiply(nearbyWeight, ramp(foreground.support, 0, MIN_SUPPORT, local), nearbyWeight);
                    Mat keepWeight = local.mat();
                    solvedWeight.convertTo(keepWeight, -1, -1, 1);
                    Core.subtract(keepWeight, nearbyWeight, keepWeight);
                    Mat colour = local.mat();
                    Core.multiply(solved, merged3(solvedWeight, local), colour);
                    Mat part = local.mat();
                    Core.multiply(foreground.colour, merged3(nearbyWeight, local), part);
                    Core.add(colour, part, colour);
                    Core.multiply(image, merged3(keepWeight, local), part);
                    Core.add(colour, part, colour);

                    Mat colour8 = local.mat();
                    colour.convertTo(colour8, CvType.CV_8UC3, 255);
                    colour8.copyTo(local.add(result.submat(tile)), local.add(softEdge.submat(tile)));
                }
            });
            return scope.keep(result);
        }
    }

    private static Mat merged3(Mat single, MatScope scope) {
        Mat three = scope.mat();
        Core.merge(List.of(single, single, single), three);
        return three;
    }

    /**
     * Runs {@code work} on each {@value #TILE}² tile of {@code band} that has a pixel set in {@code mask}: the edge
     * band's bounding box is mostly the product's inside and the plain backdrop, which need nothing.
     */
    private static void forEachTile(Rect band, Mat mask, Consumer<Rect> work) {
        for (int y = band.y; y < band.y + band.height; y += TILE) {
            for (int x = band.x; x < band.x + band.width; x += TILE) {
                Rect tile = new Rect(x, y, Math.min(TILE, band.x + band.width - x),
                        Math.min(TILE, band.y + band.height - y));
                Mat tileMask = mask.submat(tile);
                boolean touched;
                try {
                    touched = Core.countNonZero(tileMask) > 0;
                } finally {
                    tileMask.release();
                }
                if (touched) {
                    work.accept(tile);
                }
            }
        }
    }

    /** {@code tile} of an 8-bit image as floats in [0,1]. */
    private static Mat floats(Mat image, Rect tile, int type, MatScope scope) {
        Mat converted = scope.mat();
        scope.add(image.submat(tile)).convertTo(converted, type, 1 / 255.0);
        return converted;
    }

    /**
     * The band around the edge, seen small, and the colours on either side of it: the surely-background pixels
     * estimate the backdrop (it varies slowly: a wide window reaches under fur), the surely-product ones the product
     * (its colour changes quickly: a narrow one).
     */
    private record Edge(Rect band, Mat smallImage, Mat smallSureBackground, ColourField background,
                        ColourField foreground) {

        static Edge of(Mat bgr, Mat alpha, Rect band, int radius, MatScope scope) {
            Size small = new Size(Math.max(1, Math.round((double) band.width / ESTIMATE_SHRINK)),
                    Math.max(1, Math.round((double) band.height / ESTIMATE_SHRINK)));
            Mat smallImage = shrunk(scope.add(bgr.submat(band)), small, CvType.CV_32FC3, scope);
            Mat bandAlpha = scope.add(alpha.submat(band));
            Mat sureBackground = scope.mat();
            Imgproc.threshold(bandAlpha, sureBackground, SURE_BACKGROUND * 255, 255, Imgproc.THRESH_BINARY_INV);
            Mat sureForeground = scope.mat();
            Imgproc.threshold(bandAlpha, sureForeground, SURE_FOREGROUND * 255, 255, Imgproc.THRESH_BINARY);
            // masks are averaged as floats: the share of support is compared at a resolution finer than 1/255
            Mat smallSureBackground = shrunkMask(sureBackground, small, scope);
            Mat smallSureForeground = shrunkMask(sureForeground, small, scope);
            return new Edge(band, smallImage, smallSureBackground,
                    ColourField.near(smallImage, smallSureBackground, 12 * radius, band.size(), scope),
                    ColourField.near(smallImage, smallSureForeground, 3 * radius, band.size(), scope));
        }

        /** One tile of the photo and alpha as floats, with both colour estimates scaled up over it. */
        Tile tile(Mat bgr, Mat alpha, Rect tile, MatScope scope) {
            Rect inBand = within(tile);
            return new Tile(floats(bgr, tile, CvType.CV_32FC3, scope), floats(alpha, tile, CvType.CV_32F, scope),
                    background.over(inBand, scope), foreground.over(inBand, scope));
        }

        /** {@code tile} (in the photo's coordinates) relative to the band. */
        Rect within(Rect tile) {
            return new Rect(tile.x - band.x, tile.y - band.y, tile.width, tile.height);
        }

        private static Mat shrunkMask(Mat mask, Size small, MatScope scope) {
            Mat converted = scope.mat();
            mask.convertTo(converted, CvType.CV_32F, 1 / 255.0);
            Mat resized = scope.mat();
            Imgproc.resize(converted, resized, small, 0, 0, Imgproc.INTER_AREA);
            return resized;
        }

        private static Mat shrunk(Mat eightBit, Size small, int floatType, MatScope scope) {
            Mat resized = scope.mat();
            Imgproc.resize(eightBit, resized, small, 0, 0, Imgproc.INTER_AREA);
            Mat converted = scope.mat();
            resized.convertTo(converted, floatType, 1 / 255.0);
            return converted;
        }
    }

    /** What the full-resolution work of one tile starts from. */
    private record Tile(Mat image, Mat alpha, Estimate background, Estimate foreground) {
    }

    /** A colour estimate per pixel and how much evidence (share of the window) stood behind it. */
    private record Estimate(Mat colour, Mat support, Mat spread) {
    }

    /**
     * An {@link Estimate} over the whole band, kept at 1/{@value #ESTIMATE_SHRINK} of the resolution (it is smooth) and
     * scaled up one tile at a time, exactly as a resize of the whole would.
     */
    private record ColourField(Mat colour, Mat support, Mat spread, Size full) {

        /**
         * Normalised convolution: the mean colour of the {@code mask}ed pixels in a window around each pixel, computed
         * on the small copies.
         */
        static ColourField near(Mat smallImage, Mat smallMask, int radius, Size full, MatScope scope) {
            Mat maskedImage = scope.mat();
            Core.multiply(smallImage, merged3(smallMask, scope), maskedImage);

            int window = Math.max(3, 2 * Math.max(1, radius / ESTIMATE_SHRINK) + 1);
            Size kernel = new Size(window, window);
            Mat sum = scope.mat();
            Imgproc.boxFilter(maskedImage, sum, -1, kernel);
            Mat weight = scope.mat();
            Imgproc.boxFilter(smallMask, weight, -1, kernel);
            Mat safeWeight = scope.mat();
            Core.max(weight, new Scalar(1e-6), safeWeight);
            Mat weight3 = merged3(safeWeight, scope);
            Mat mean = scope.mat();
            Core.divide(sum, weight3, mean);

            // spread: RMS over the channels of the masked pixels' deviation from that mean; a busy scene's is large
            Mat squares = scope.mat();
            Core.multiply(maskedImage, smallImage, squares);
            Imgproc.boxFilter(squares, squares, -1, kernel);
            Core.divide(squares, weight3, squares);
            Mat meanSquared = scope.mat();
            Core.multiply(mean, mean, meanSquared);
            Core.subtract(squares, meanSquared, squares);
            Core.max(squares, new Scalar(0, 0, 0), squares);
            Mat variance = channelSum(squares, scope);
            Core.multiply(variance, new Scalar(1 / 3.0), variance);
            Core.sqrt(variance, variance);
            return new ColourField(mean, weight, variance, full);
        }

        /** The estimate at full resolution over {@code tile} (relative to the band). */
        Estimate over(Rect tile, MatScope scope) {
            // resize's bilinear map, dst -> src: (x + 0.5) * src / dst - 0.5, here for x = tile.x + u
            double fx = colour.cols() / full.width;
            double fy = colour.rows() / full.height;
            Mat map = scope.add(new Mat(2, 3, CvType.CV_64F));
            map.put(0, 0, fx, 0, (tile.x + 0.5) * fx - 0.5, 0, fy, (tile.y + 0.5) * fy - 0.5);
            return new Estimate(scaled(colour, map, tile, scope), scaled(support, map, tile, scope),
                    scaled(spread, map, tile, scope));
        }

        /** Mean spread over the pixels of {@code bandMask} (full resolution, relative to the band). */
        double meanSpreadWhere(Mat bandMask, MatScope scope) {
            Mat smallMask = scope.mat();
            Imgproc.resize(scope.add(bandMask), smallMask, spread.size(), 0, 0, Imgproc.INTER_AREA);
            Imgproc.threshold(smallMask, smallMask, 0, 255, Imgproc.THRESH_BINARY);
            return Core.mean(spread, smallMask).val[0];
        }

        private static Mat scaled(Mat small, Mat map, Rect tile, MatScope scope) {
            Mat scaled = scope.mat();
            Imgproc.warpAffine(small, scaled, map, tile.size(), Imgproc.INTER_LINEAR | Imgproc.WARP_INVERSE_MAP,
                    Core.BORDER_REPLICATE);
            return scaled;
        }
    }

    /** {@code (I - B)·(F - B) / |F - B|²}, clamped to [0,1]. */
    private static Mat projectedAlpha(Mat image, Mat foreground, Mat background, MatScope scope) {
        Mat fromBackground = scope.mat();
        Core.subtract(image, background, fromBackground);
        Mat span = scope.mat();
        Core.subtract(foreground, background, span);
        Mat dot = channelSum(multiplied(fromBackground, span, scope), scope);
        Mat length = channelSum(multiplied(span, span, scope), scope);
        Core.max(length, new Scalar(1e-6), length);
        Mat projected = scope.mat();
        Core.divide(dot, length, projected);
        Core.min(projected, new Scalar(1), projected);
        Core.max(projected, new Scalar(0), projected);
        return projected;
    }

    /**
     * 1 where the pixel is explained by a mix of the two colours, falling to 0 where it is not: product texture unlike
     * its neighbourhood's mean, a reflection, a stray object. There the projection means nothing and the model stands.
     */
    private static Mat onColourLine(Mat image, Mat alpha, Mat foreground, Mat background, MatScope scope) {
        Mat mix = scope.mat();
        Core.subtract(foreground, background, mix);
        Core.multiply(mix, merged3(alpha, scope), mix);
        Core.add(mix, background, mix);
        Core.subtract(image, mix, mix);
        Mat error = channelSum(multiplied(mix, mix, scope), scope);
        Core.multiply(error, new Scalar(1 / 3.0), error);
        Core.sqrt(error, error);
        Mat fits = ramp(error, ON_LINE, OFF_LINE, scope);
        fits.convertTo(fits, -1, -1, 1);
        return fits;
    }

    /**
     * A lower bound of the alpha from the backdrop alone: mixing with the backdrop {@code B} only pulls a colour
     * towards it, so a pixel at distance {@code d} from {@code B} has at least {@code d / dmax} product in it, where
     * {@code dmax} is the farthest any colour can be from {@code B}. It holds where the backdrop is plain and seen
     * nearby, and not for shadows (the backdrop, darker, same hue), which are not product however dark they are.
     */
    private static Mat opaqueAtLeast(Mat image, Estimate background, MatScope scope) {
        Mat difference = scope.mat();
        Core.subtract(image, background.colour, difference);
        Mat distance = channelSum(multiplied(difference, difference, scope), scope);
        Core.multiply(distance, new Scalar(1 / 3.0), distance);
        Core.sqrt(distance, distance);

        // the farthest corner of the colour cube from B: per channel max(B, 1 - B)
        Mat inverse = scope.mat();
        background.colour.convertTo(inverse, -1, -1, 1);
        Mat farthest = scope.mat();
        Core.max(background.colour, inverse, farthest);
        Mat reach = channelSum(multiplied(farthest, farthest, scope), scope);
        Core.multiply(reach, new Scalar(1 / 3.0), reach);
        Core.sqrt(reach, reach);
        Core.max(reach, new Scalar(1e-3), reach);
        Mat bound = scope.mat();
        Core.divide(distance, reach, bound);

        Mat notShadow = scope.mat();
        shadowMask(image, background.colour, scope).convertTo(notShadow, CvType.CV_32F, -1 / 255.0, 1);
        Core.multiply(bound, notShadow, bound);
        Mat calm = ramp(background.spread, SMOOTH_BACKGROUND, BUSY_BACKGROUND, scope);
        calm.convertTo(calm, -1, -1, 1);
        Core.multiply(bound, calm, bound);
        Core.multiply(bound, ramp(background.support, 0, MIN_SUPPORT, scope), bound);
        return bound;
    }

    /** 255 where a pixel is the backdrop darkened by about the same factor in every channel: a shadow. */
    private static Mat shadowMask(Mat image, Mat background, MatScope scope) {
        Mat safeBackground = scope.mat();
        Core.max(background, new Scalar(0.02, 0.02, 0.02), safeBackground);
        Mat ratio = scope.mat();
        Core.divide(image, safeBackground, ratio);
        List<Mat> channels = new ArrayList<>(3);
        Core.split(ratio, channels);
        channels.forEach(scope::add);
        Mat mean = scope.mat();
        Core.add(channels.get(0), channels.get(1), mean);
        Core.add(mean, channels.get(2), mean);
        Core.multiply(mean, new Scalar(1 / 3.0), mean);
        Mat spread = scope.mat();
        Core.absdiff(channels.get(0), mean, spread);
        Mat other = scope.mat();
        for (int c = 1; c < 3; c++) {
            Core.absdiff(channels.get(c), mean, other);
            Core.max(spread, other, spread);
        }
        Mat sameHue = scope.mat();
        Core.compare(spread, new Scalar(SHADOW_HUE_TOLERANCE), sameHue, Core.CMP_LT);
        Mat darker = scope.mat();
        Core.compare(mean, new Scalar(0.97), darker, Core.CMP_LT);
        Mat shadow = scope.mat();
        Core.bitwise_and(sameHue, darker, shadow);
        return shadow;
    }

    /** How far to trust the projection: contrast between the two colours, and evidence for both. */
    private static Mat trust(Estimate foreground, Estimate background, MatScope scope) {
        Mat span = scope.mat();
        Core.subtract(foreground.colour, background.colour, span);
        Mat contrast = channelSum(multiplied(span, span, scope), scope);
        Core.sqrt(contrast, contrast);
        Mat trust = ramp(contrast, MIN_CONTRAST, RELIABLE_CONTRAST, scope);
        Core.multiply(trust, ramp(foreground.support, 0, MIN_SUPPORT, scope), trust);
        Core.multiply(trust, ramp(background.support, 0, MIN_SUPPORT, scope), trust);
        // a textured or busy background has no single colour to take out: the model's alpha stands there
        Mat calm = ramp(background.spread, SMOOTH_BACKGROUND, BUSY_BACKGROUND, scope);
        calm.convertTo(calm, -1, -1, 1);
        Core.multiply(trust, calm, trust);
        return trust;
    }

    private static Mat multiplied(Mat a, Mat b, MatScope scope) {
        Mat product = scope.mat();
        Core.multiply(a, b, product);
        return product;
    }

    private static Mat channelSum(Mat threeChannels, MatScope scope) {
        List<Mat> channels = new ArrayList<>(3);
        Core.split(threeChannels, channels);
        channels.forEach(scope::add);
        Mat sum = scope.mat();
        Core.add(channels.get(0), channels.get(1), sum);
        Core.add(sum, channels.get(2), sum);
        return sum;
    }

    /** 0 at or below {@code low}, 1 at or above {@code high}, linear between. */
    private static Mat ramp(Mat values, double low, double high, MatScope scope) {
        Mat ramped = scope.mat();
        Core.subtract(values, new Scalar(low), ramped);
        Core.multiply(ramped, new Scalar(1 / (high - low)), ramped);
        Core.min(ramped, new Scalar(1), ramped);
        Core.max(ramped, new Scalar(0), ramped);
        return ramped;
    }

    /** How much larger the photo is than the model's working size: the model's ramps are that many pixels wide. */
    private static int scaleOf(Mat bgr) {
        double longSide = Math.max(bgr.rows(), bgr.cols());
        return Math.max(1, (int) Math.round(longSide / IsnetSegmentationModel.SIZE));
    }

    /** How far beyond the model's soft zone the alpha may change: its ramps, and fur it cut too short. */
    static int bandRadiusFor(int scale) {
        return 2 + 2 * scale;
    }

    /** 255 where the refined alpha may differ from the model's: the soft zone widened by the band radius. */
    private static Mat unknownRegion(Mat alpha, int radius, MatScope scope) {
        Mat notBackground = scope.mat();
        Imgproc.threshold(alpha, notBackground, SURE_BACKGROUND * 255, 255, Imgproc.THRESH_BINARY);
        Mat sureForeground = scope.mat();
        Imgproc.threshold(alpha, sureForeground, SURE_FOREGROUND * 255, 255, Imgproc.THRESH_BINARY);
        // outwards the band reaches fur the model cut short; inwards only its own ramp, so the product's texture
        // (a highlight as bright as the backdrop) is never taken for background
        Imgproc.dilate(notBackground, notBackground, disc(radius, scope));
        Imgproc.erode(sureForeground, sureForeground, disc(Math.max(1, radius / 3), scope));
        Mat unknown = scope.mat();
        Core.subtract(notBackground, sureForeground, unknown);
        return unknown;
    }

    private static Mat disc(int radius, MatScope scope) {
        return scope.add(Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE, new Size(2 * radius + 1, 2 * radius + 1)));
    }

    private static Rect withMargin(Rect box, int margin, Mat image) {
        if (box.width == 0 || box.height == 0) {
            return null;
        }
        int x = Math.max(0, box.x - margin);
        int y = Math.max(0, box.y - margin);
        int right = Math.min(image.cols(), box.x + box.width + margin);
        int bottom = Math.min(image.rows(), box.y + box.height + margin);
        return new Rect(x, y, right - x, bottom - y);
    }
}
