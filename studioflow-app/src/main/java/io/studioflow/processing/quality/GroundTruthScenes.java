package io.studioflow.processing.quality;

import io.studioflow.platform.imaging.MatScope;
import io.studioflow.platform.imaging.Mats;
import io.studioflow.platform.imaging.OpenCv;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Builds ground-truth scenes whose alpha is exact: the object's shape is drawn hard-edged at
 * {@value #SUPERSAMPLING}x the output resolution and area-downsampled, so every edge pixel's alpha is its
 * true coverage. The object is filled with a real photo's texture and shaded, then alpha-blended onto a
 * background, so the photo agrees with the alpha by construction.
 *
 * <p>Deterministic: the same arguments (seed included) give byte-identical Mats. Stateless and thread-safe.
 */
public final class GroundTruthScenes {

    /** How much finer than the output the shape is drawn. */
    public static final int SUPERSAMPLING = 4;
    public static final int MIN_SIZE = 64;
    public static final int MAX_SIZE = 4096;

    public GroundTruthScenes() {
        OpenCv.load();
    }

    /**
     * One square scene of {@code size} x {@code size} pixels.
     *
     * @param texture           8-bit BGR photo the object is filled with (a random crop of it, chosen by the seed)
     * @param backgroundTexture 8-bit BGR photo for {@link BackgroundKind#TEXTURED}; may be null for the others
     * @return the scene; the caller owns it and must close it
     */
    public Scene build(SceneCategory category, BackgroundKind background, Mat texture, Mat backgroundTexture,
            long seed, int size) {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(background, "background");
        Mats.requireBgr8(texture, "object texture");
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw new IllegalArgumentException("Scene size must be " + MIN_SIZE + ".." + MAX_SIZE + " px, was " + size);
        }
        // a white object is only a hard case on white
        BackgroundKind used = category == SceneCategory.WHITE_ON_WHITE ? BackgroundKind.WHITE_SWEEP : background;
        if (used == BackgroundKind.TEXTURED) {
            Mats.requireBgr8(backgroundTexture, "background texture (needed for a TEXTURED background)");
        }
        // the category in the stream, so one seed gives a different shape in each category
        Random random = new Random(seed * SceneCategory.values().length + category.ordinal());
        try (MatScope scope = Mats.scope()) {
            Mat alpha = scope.add(trueAlpha(category, size, random, scope));
            Rect box = Imgproc.boundingRect(alpha);
            Mat foreground = objectColours(category, texture, size, box, random, scope);
            Mat backdrop = backdrop(used, backgroundTexture, size, random, scope);
            if (category == SceneCategory.CAST_SHADOW) {
                castShadow(backdrop, box, size, scope);
            }
            Mat image = scope.add(composite(foreground, backdrop, alpha, scope));
            return new Scene(category, used, scope.keep(image), scope.keep(alpha));
        }
    }

    // ------------------------------------------------------------------ alpha

    private static Mat trueAlpha(SceneCategory category, int size, Random random, MatScope scope) {
        int hi = size * SUPERSAMPLING;
        Mat canvas = scope.add(Mat.zeros(hi, hi, CvType.CV_8UC1));
        double cx = hi * (0.5 + between(random, -0.05, 0.05));
        double cy = hi * (0.5 + between(random, -0.05, 0.05));
        double r = hi * between(random, 0.26, 0.34);
        Scalar opaque = new Scalar(255);
        switch (category) {
            case SOLID, WHITE_ON_WHITE -> fill(canvas, body(random, cx, cy, r, scope), opaque);
            case CAST_SHADOW -> fill(canvas, body(random, cx, cy - hi * 0.06, r, scope), opaque);
            case TOUCHING_FRAME -> fill(canvas, body(random, cx, hi - r * 0.55, r, scope), opaque);
            case HOLES -> drawHoled(canvas, random, cx, cy, r);
            case THIN_STRUCTURES -> drawThin(canvas, random, cx, cy, r, hi);
            case SOFT_EDGES -> drawFurry(canvas, random, cx, cy, r, hi);
            case TRANSLUCENT -> {
                MatOfPoint outline = body(random, cx, cy, r, scope);
                fill(canvas, outline, new Scalar(128));
                // glass: an opaque rim around a half-transparent interior
                Imgproc.polylines(canvas, List.of(outline), true, opaque, Math.max(4, (int) Math.round(hi * 0.012)),
                        Imgproc.LINE_8);
            }
        }
        Mat alpha = new Mat();
        Imgproc.resize(canvas, alpha, new Size(size, size), 0, 0, Imgproc.INTER_AREA);
        if (category == SceneCategory.SOFT_EDGES) {
            Imgproc.GaussianBlur(alpha, alpha, new Size(0, 0), Math.max(1.0, size * 0.006));
        }
        return alpha;
    }

    /** A random closed outline: an ellipse, a star-convex blob or a bottle. Owned by {@code scope}. */
    private static MatOfPoint body(Random random, double cx, double cy, double r, MatScope scope) {
        MatOfPoint outline = scope.add(new MatOfPoint());
        switch (random.nextInt(3)) {
            case 0 -> Imgproc.ellipse2Poly(new Point(cx, cy),
                    new Size(r * between(random, 0.8, 1.0), r * between(random, 0.6, 1.0)),
                    random.nextInt(180), 0, 360, 2, outline);
            case 1 -> {
                int corners = 7 + random.nextInt(6);
                List<Point> points = new ArrayList<>();
                for (int i = 0; i < corners; i++) {
                    double angle = 2 * Math.PI * (i + between(random, -0.3, 0.3)) / corners;
                    double radius = r * between(random, 0.75, 1.0);
                    points.add(new Point(Math.round(cx + radius * Math.cos(angle)), Math.round(cy + radius * Math.sin(angle))));
                }
                outline.fromList(points);
            }
            default -> {
                double w = r * between(random, 0.55, 0.7);
                double neck = w * 0.35;
                outline.fromList(List.of(
                        new Point(Math.round(cx - w), Math.round(cy + r)),
                        new Point(Math.round(cx + w), Math.round(cy + r)),
                        new Point(Math.round(cx + w), Math.round(cy - 0.2 * r)),
                        new Point(Math.round(cx + neck), Math.round(cy - 0.55 * r)),
                        new Point(Math.round(cx + neck), Math.round(cy - r)),
                        new Point(Math.round(cx - neck), Math.round(cy - r)),
                        new Point(Math.round(cx - neck), Math.round(cy - 0.55 * r)),
                        new Point(Math.round(cx - w), Math.round(cy - 0.2 * r))));
            }
        }
        return outline;
    }

    private static void fill(Mat canvas, MatOfPoint outline, Scalar value) {
        Imgproc.fillPoly(canvas, List.of(outline), value, Imgproc.LINE_8);
    }

    /** An elliptical body with a large central hole and two small ones, all inside the body. */
    private static void drawHoled(Mat canvas, Random random, double cx, double cy, double r) {
        double angle = random.nextInt(180);
        Size axes = new Size(r, r * between(random, 0.8, 1.0));
        Imgproc.ellipse(canvas, new Point(cx, cy), axes, angle, 0, 360, new Scalar(255), -1, Imgproc.LINE_8);
        Scalar hole = new Scalar(0);
        Imgproc.ellipse(canvas, new Point(cx, cy), new Size(r * between(random, 0.35, 0.45), r * between(random, 0.25, 0.35)),
                angle, 0, 360, hole, -1, Imgproc.LINE_8);
        double theta = Math.toRadians(angle);
        for (int side : new int[] {-1, 1}) {
            Point centre = new Point(cx + side * 0.6 * r * Math.cos(theta), cy + side * 0.6 * r * Math.sin(theta));
            Imgproc.circle(canvas, centre, (int) Math.round(r * 0.08), hole, -1, Imgproc.LINE_8);
        }
    }

    /** A small hub with legs, antennas and a wire arc one to two output pixels wide. */
    private static void drawThin(Mat canvas, Random random, double cx, double cy, double r, int hi) {
        Scalar opaque = new Scalar(255);
        int wire = Math.max(SUPERSAMPLING, (int) Math.round(hi * between(random, 0.005, 0.008)));
        int hair = Math.max(2, wire / 2);
        Point hub = new Point(cx, cy);
        Imgproc.ellipse(canvas, hub, new Size(r * 0.2, r * 0.14), 0, 0, 360, opaque, -1, Imgproc.LINE_8);
        for (double spread : new double[] {-0.9, 0.0, 0.9}) {
            Point foot = new Point(cx + r * (spread + between(random, -0.1, 0.1)), cy + r * between(random, 0.95, 1.1));
            Imgproc.line(canvas, hub, foot, opaque, wire, Imgproc.LINE_8);
        }
        for (int side : new int[] {-1, 1}) {
            Point tip = new Point(cx + side * r * between(random, 0.5, 0.8), cy - r * between(random, 0.9, 1.1));
            Imgproc.line(canvas, hub, tip, opaque, hair, Imgproc.LINE_8);
            Imgproc.circle(canvas, tip, (int) Math.round(wire * 1.5), opaque, -1, Imgproc.LINE_8);
        }
        Imgproc.ellipse(canvas, new Point(cx, cy - 0.2 * r), new Size(0.6 * r, 0.5 * r), 0, 200, 340, opaque, wire,
                Imgproc.LINE_8);
    }

    /** An elliptical body with short sub-pixel hairs all round; the caller blurs the result. */
    private static void drawFurry(Mat canvas, Random random, double cx, double cy, double r, int hi) {
        Scalar opaque = new Scalar(255);
        double ax = r * between(random, 0.8, 0.95);
        double ay = r * between(random, 0.65, 0.85);
        Imgproc.ellipse(canvas, new Point(cx, cy), new Size(ax, ay), 0, 0, 360, opaque, -1, Imgproc.LINE_8);
        int hairWidth = Math.max(2, (int) Math.round(hi * 0.0025));
        for (int i = 0; i < 180; i++) {
            double theta = 2 * Math.PI * random.nextDouble();
            Point root = new Point(cx + ax * Math.cos(theta), cy + ay * Math.sin(theta));
            double direction = theta + between(random, -0.5, 0.5);
            double length = r * between(random, 0.05, 0.15);
            Point end = new Point(root.x + length * Math.cos(direction), root.y + length * Math.sin(direction));
            Imgproc.line(canvas, root, end, opaque, hairWidth, Imgproc.LINE_8);
        }
    }

    // ------------------------------------------------------------------ colours

    /** The object's colours over the whole frame (32FC3, 0..255): a crop of the texture, shaded. */
    private static Mat objectColours(SceneCategory category, Mat texture, int size, Rect box, Random random,
            MatScope scope) {
        Mat colours = scope.add(randomCrop(texture, size, random, scope));
        boolean white = category == SceneCategory.WHITE_ON_WHITE;
        if (white) {
            // keep only a faint trace of the texture's detail, near white
            Mat grey = scope.mat();
            Imgproc.cvtColor(colours, grey, Imgproc.COLOR_BGR2GRAY);
            double mean = Core.mean(grey).val[0];
            Mat faint = scope.mat();
            grey.convertTo(faint, CvType.CV_32F, 0.12, 232 - 0.12 * mean);
            Imgproc.cvtColor(faint, colours, Imgproc.COLOR_GRAY2BGR);
        } else {
            Mat floats = scope.mat();
            colours.convertTo(floats, CvType.CV_32FC3);
            colours = floats;
        }
        Mat shading = shading(size, box, random, white ? 0.35 : 1.0, scope);
        Core.multiply(colours, shading, colours);
        return colours;
    }

    /** A random square crop of {@code photo}, resized to size x size, 8-bit BGR; the caller owns it. */
    private static Mat randomCrop(Mat photo, int size, Random random, MatScope scope) {
        int side = Math.max(1, (int) Math.round(Math.min(photo.cols(), photo.rows()) * between(random, 0.6, 1.0)));
        int x = random.nextInt(photo.cols() - side + 1);
        int y = random.nextInt(photo.rows() - side + 1);
        Mat crop = scope.add(photo.submat(new Rect(x, y, side, side)));
        Mat resized = new Mat();
        Imgproc.resize(crop, resized, new Size(size, size), 0, 0, side > size ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
        return resized;
    }

    /**
     * Per-pixel brightness factors (32FC3) for light from a random upper direction: a ramp across the object
     * and a soft highlight; {@code strength} 1 is full studio modelling, less is flatter.
     */
    private static Mat shading(int size, Rect box, Random random, double strength, MatScope scope) {
        double light = Math.toRadians(between(random, 200, 340)); // pointing up-left to up-right
        double dx = Math.cos(light);
        double dy = Math.sin(light);
        double centreX = box.x + box.width / 2.0;
        double centreY = box.y + box.height / 2.0;
        double halfDiagonal = Math.max(1, Math.hypot(box.width, box.height) / 2);
        double highlightX = centreX + dx * 0.3 * box.width / 2;
        double highlightY = centreY + dy * 0.3 * box.height / 2;
        double spread = 2 * Math.pow(Math.max(1, 0.18 * Math.max(box.width, box.height)), 2);
        float[] factors = new float[size * size * 3];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double towardsLight = ((x - centreX) * dx + (y - centreY) * dy) / halfDiagonal;
                double highlight = Math.exp(-(Math.pow(x - highlightX, 2) + Math.pow(y - highlightY, 2)) / spread);
                float factor = (float) (1 + strength * (0.16 * towardsLight - 0.08 + 0.18 * highlight));
                int i = (y * size + x) * 3;
                factors[i] = factor;
                factors[i + 1] = factor;
                factors[i + 2] = factor;
            }
        }
        Mat shading = scope.add(new Mat(size, size, CvType.CV_32FC3));
        shading.put(0, 0, factors);
        return shading;
    }

    /** The background (32FC3, 0..255). */
    private static Mat backdrop(BackgroundKind kind, Mat backgroundTexture, int size, Random random, MatScope scope) {
        if (kind == BackgroundKind.TEXTURED) {
            Mat photo = scope.add(randomCrop(backgroundTexture, size, random, scope));
            Mat floats = scope.mat();
            photo.convertTo(floats, CvType.CV_32FC3);
            return floats;
        }
        float[] pixels = new float[size * size * 3];
        double[] from = new double[3];
        double[] to = new double[3];
        for (int c = 0; c < 3; c++) {
            from[c] = between(random, 40, 230);
            to[c] = between(random, 40, 230);
        }
        double direction = 2 * Math.PI * random.nextDouble();
        double grey = between(random, 105, 145);
        double sweepLevel = between(random, -3, 3);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double u = (double) x / (size - 1);
                double v = (double) y / (size - 1);
                int i = (y * size + x) * 3;
                for (int c = 0; c < 3; c++) {
                    pixels[i + c] = (float) switch (kind) {
                        // brighter towards the floor, a little darker at the sides
                        case WHITE_SWEEP -> 236 + sweepLevel + 18 * Math.pow(v, 0.7) - 6 * Math.pow(2 * u - 1, 2);
                        case GREY -> grey * (1 - 0.18 * (Math.pow(2 * u - 1, 2) + Math.pow(2 * v - 1, 2)) / 2);
                        case GRADIENT -> {
                            double t = 0.5 + 0.5 * ((2 * u - 1) * Math.cos(direction) + (2 * v - 1) * Math.sin(direction))
                                    / Math.sqrt(2);
                            yield from[c] + (to[c] - from[c]) * t;
                        }
                        case TEXTURED -> throw new IllegalStateException("handled above");
                    };
                }
            }
        }
        Mat backdrop = scope.add(new Mat(size, size, CvType.CV_32FC3));
        backdrop.put(0, 0, pixels);
        return backdrop;
    }

    /** Darkens the background under and a little right of the object: a soft contact shadow. */
    private static void castShadow(Mat backdrop, Rect box, int size, MatScope scope) {
        Mat shadow = scope.add(Mat.zeros(size, size, CvType.CV_32FC1));
        Point centre = new Point(box.x + box.width * 0.56, box.y + box.height * 0.98);
        Size axes = new Size(box.width * 0.6, Math.max(3, box.height * 0.12));
        Imgproc.ellipse(shadow, centre, axes, 0, 0, 360, new Scalar(1), -1, Imgproc.LINE_AA);
        Imgproc.GaussianBlur(shadow, shadow, new Size(0, 0), Math.max(1.0, size * 0.015));
        Mat keep = scope.mat();
        shadow.convertTo(keep, CvType.CV_32FC1, -0.7, 1.0);
        Mat keep3 = scope.mat();
        Imgproc.cvtColor(keep, keep3, Imgproc.COLOR_GRAY2BGR);
        Core.multiply(backdrop, keep3, backdrop);
    }

    /** image = background + alpha * (object - background), rounded to 8-bit BGR; the caller owns it. */
    private static Mat composite(Mat foreground, Mat backdrop, Mat alpha, MatScope scope) {
        Mat weight = scope.mat();
        alpha.convertTo(weight, CvType.CV_32FC1, 1.0 / 255);
        Mat weight3 = scope.mat();
        Imgproc.cvtColor(weight, weight3, Imgproc.COLOR_GRAY2BGR);
        Mat blended = scope.mat();
        Core.subtract(foreground, backdrop, blended);
        Core.multiply(blended, weight3, blended);
        Core.add(blended, backdrop, blended);
        Mat image = new Mat();
        blended.convertTo(image, CvType.CV_8UC3);
        return image;
    }

    private static double between(Random random, double low, double high) {
        return low + (high - low) * random.nextDouble();
    }
}
