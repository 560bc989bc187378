package io.studioflow.publishing.preset;

import io.studioflow.platform.imaging.DecodedImage;
import io.studioflow.platform.imaging.ImageCodec;
import io.studioflow.platform.imaging.ImageFormat;
import io.studioflow.platform.imaging.InvalidImageException;
import io.studioflow.platform.imaging.MatScope;
import io.studioflow.platform.imaging.Mats;
import io.studioflow.processing.compose.ShadowStyle;
import io.studioflow.publishing.preset.PresetViolation.Code;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.imgproc.Imgproc;
import org.springframework.stereotype.Component;

/**
 * Checks a stored rendition's bytes against its preset, the way a marketplace's upload check would: the file
 * format by its magic bytes, the size, the background at the frame's edge, the product's share of the frame,
 * transparency, resolution and colour profile. Every violation is a sentence a retoucher can act on.
 */
@Component
public class PresetValidator {

    /** The frame's edge strip is this share of the shorter side wide (at least 2 px). */
    static final double EDGE_STRIP = 0.01;
    /** More off-background edge pixels than this share is a visible failure, not a stray JPEG speck. */
    static final double MAX_OFF_BACKGROUND_SHARE = 0.001;
    /** When most of the edge is off the background colour, the background is another colour altogether. */
    static final double UNKNOWN_BACKGROUND_SHARE = 0.5;
    /** A pixel this far (per channel) from the background is part of the product or its shadow. */
    static final int FOREGROUND_DIFFERENCE = 16;
    /** A product's box may reach this many px into a margin before it counts (anti-aliasing, resampling). */
    static final int MARGIN_SLACK = 2;

    private final ImageCodec codec;

    public PresetValidator(ImageCodec codec) {
        this.codec = codec;
    }

    /** Every way {@code rendition} breaks {@code preset}; empty when it complies. */
    public List<PresetViolation> validate(byte[] rendition, Preset preset) {
        List<PresetViolation> violations = new ArrayList<>();
        DecodedImage image;
        try {
            image = codec.decode(rendition);
        } catch (InvalidImageException e) {
            violations.add(new PresetViolation(Code.UNREADABLE, "The rendition cannot be opened as an image ("
                    + e.getMessage() + ")"));
            return violations;
        }
        try (image; MatScope scope = Mats.scope()) {
            ImageFormat actual = image.info().format();
            RenditionFormat wanted = preset.format();
            if (actual != wanted.imageFormat()) {
                violations.add(new PresetViolation(Code.WRONG_FORMAT, "The file is a " + actual.displayName()
                        + " image, but " + preset.requirer() + " requires " + wanted.displayName()));
            }
            checkSize(image.bgr().cols(), image.bgr().rows(), preset, violations);
            boolean transparent = wanted.transparent();
            if (transparent && !image.hasAlpha()) {
                violations.add(new PresetViolation(Code.ALPHA_MISSING, "The file has no transparency (alpha channel), but "
                        + preset.requirer() + " requires a PNG with a transparent background"));
            } else if (!transparent && image.hasAlpha()) {
                violations.add(new PresetViolation(Code.UNEXPECTED_ALPHA, "The file has a transparency (alpha) channel, but "
                        + preset.requirer() + " requires an opaque " + preset.background().describe() + " background"));
            }
            Mat foreground;
            if (image.hasAlpha()) {
                // an opaque preset's file with alpha has been reported; its hidden colour says nothing more
                if (transparent) {
                    checkCornersTransparent(image.alpha(), preset, violations, scope);
                }
                foreground = scope.mat();
                Imgproc.threshold(image.alpha(), foreground, 127, 255, Imgproc.THRESH_BINARY);
            } else {
                Mat difference = backgroundDifference(image.bgr(), preset, scope);
                double offEdge = checkBackground(difference, preset, violations, scope);
                if (offEdge > UNKNOWN_BACKGROUND_SHARE) {
                    // a wrong background everywhere: product and background cannot be told apart to measure more
                    checkColourProfile(rendition, actual, preset, violations);
                    return violations;
                }
                foreground = scope.mat();
                Imgproc.threshold(difference, foreground, FOREGROUND_DIFFERENCE, 255, Imgproc.THRESH_BINARY);
            }
            checkProduct(foreground, preset, violations);
            checkColourProfile(rendition, actual, preset, violations);
        }
        return violations;
    }

    /** The messages alone, for a step's concerns. */
    public static List<String> messages(List<PresetViolation> violations) {
        return violations.stream().map(PresetViolation::message).toList();
    }

    private static void checkSize(int width, int height, Preset preset, List<PresetViolation> violations) {
        PresetCanvas canvas = preset.canvas();
        int longest = Math.max(width, height);
        if (canvas.longestSide() && longest != canvas.width()) {
            violations.add(new PresetViolation(Code.WRONG_SIZE, "The image's longest side is " + longest + " px, but "
                    + preset.requirer() + " requires " + canvas.describe()));
        } else if (!canvas.longestSide() && (width != canvas.width() || height != canvas.height())) {
            violations.add(new PresetViolation(Code.WRONG_SIZE, "The image is " + width + "x" + height + " px, but "
                    + preset.requirer() + " requires exactly " + canvas.describe()));
        }
        if (longest < preset.minLongestSide()) {
            violations.add(new PresetViolation(Code.TOO_SMALL, "The image is only " + longest
                    + " px on its longest side; " + preset.requirer() + " requires at least " + preset.minLongestSide()
                    + " px"));
        }
    }

    /** Per pixel, the largest channel difference from the preset's background (CV_8UC1). */
    private static Mat backgroundDifference(Mat bgr, Preset preset, MatScope scope) {
        Mat difference = scope.mat();
        Core.absdiff(bgr, preset.background().toScalar(), difference);
        Mat largest = scope.mat();
        Core.extractChannel(difference, largest, 0);
        Mat channel = scope.mat();
        for (int c = 1; c < 3; c++) {
            Core.extractChannel(difference, channel, c);
            Core.max(largest, channel, largest);
        }
        return largest;
    }

    private static List<Rect> edgeStrips(int width, int height) {
        int strip = Math.max(2, (int) Math.round(Math.min(width, height) * EDGE_STRIP));
        strip = Math.min(strip, Math.min(width, height) / 2);
        // top and bottom full width, left and right between them: every edge pixel counted once
        return List.of(new Rect(0, 0, width, strip), new Rect(0, height - strip, width, strip),
                new Rect(0, strip, strip, height - 2 * strip), new Rect(width - strip, strip, strip, height - 2 * strip));
    }

    /** @return the share of edge pixels off the background colour */
    private static double checkBackground(Mat difference, Preset preset, List<PresetViolation> violations,
                                          MatScope scope) {
        long total = 0;
        long off = 0;
        Mat offPixels = scope.mat();
        for (Rect strip : edgeStrips(difference.cols(), difference.rows())) {
            if (strip.width <= 0 || strip.height <= 0) {
                continue;
            }
            Imgproc.threshold(scope.add(difference.submat(strip)), offPixels, preset.backgroundTolerance(), 255,
                    Imgproc.THRESH_BINARY);
            off += Core.countNonZero(offPixels);
            total += (long) strip.width * strip.height;
        }
        double share = total == 0 ? 0 : (double) off / total;
        if (share <= MAX_OFF_BACKGROUND_SHARE) {
            return share;
        }
        String colour = preset.background().describe();
        String percent = percent(share);
        String message;
        if (preset.background().isWhite()) {
            message = (preset.backgroundTolerance() == 0 ? "Background is not pure white: " : "Background is not white: ")
                    + percent + " of the frame's edge pixels are off-white (" + preset.requirer() + " requires "
                    + colour + ")";
        } else {
            message = "Background is not the preset's colour: " + percent + " of the frame's edge pixels differ from "
                    + colour + " (" + preset.requirer() + " requires " + colour + ")";
        }
        violations.add(new PresetViolation(Code.BACKGROUND, message));
        return share;
    }

    private static void checkCornersTransparent(Mat alpha, Preset preset, List<PresetViolation> violations,
                                                MatScope scope) {
        int size = Math.max(2, (int) Math.round(Math.min(alpha.cols(), alpha.rows()) * EDGE_STRIP));
        int right = alpha.cols() - size;
        int bottom = alpha.rows() - size;
        List<String> opaque = new ArrayList<>();
        String[] names = {"top left", "top right", "bottom left", "bottom right"};
        Rect[] corners = {new Rect(0, 0, size, size), new Rect(right, 0, size, size), new Rect(0, bottom, size, size),
                new Rect(right, bottom, size, size)};
        for (int i = 0; i < corners.length; i++) {
            if (Core.countNonZero(scope.add(alpha.submat(corners[i]))) > 0) {
                opaque.add(names[i]);
            }
        }
        if (!opaque.isEmpty()) {
            violations.add(new PresetViolation(Code.CORNERS_NOT_TRANSPARENT, "The background is not transparent: the "
                    + String.join(", ", opaque) + (opaque.size() == 1 ? " corner is" : " corners are")
                    + " visible, but " + preset.requirer() + " requires a transparent background"));
        }
    }

    /** Box of everything that is not background (shadow included): its longer side's share of the frame. */
    private static void checkProduct(Mat foreground, Preset preset, List<PresetViolation> violations) {
        Rect box = Imgproc.boundingRect(foreground);
        if (box.width == 0 || box.height == 0) {
            violations.add(new PresetViolation(Code.NO_PRODUCT, "No product is visible: the whole image is background"));
            return;
        }
        int width = foreground.cols();
        int height = foreground.rows();
        double share = Math.max(box.width / (double) width, box.height / (double) height);
        if (share < preset.minProductShare()) {
            violations.add(new PresetViolation(Code.PRODUCT_TOO_SMALL, "The product fills only " + percent(share)
                    + " of the frame (" + preset.requirer() + " requires at least "
                    + percent(preset.minProductShare()) + ")"));
        }
        if (preset.margin() > 0) {
            int marginX = (int) Math.floor(preset.margin() * width) - MARGIN_SLACK;
            int marginY = (int) Math.floor(preset.margin() * height) - MARGIN_SLACK;
            // the box holds the shadow too, which may fall into the margin on its own sides
            ShadowStyle shadow = preset.shadow();
            boolean shadowLeft = shadow == ShadowStyle.KEEP;
            boolean shadowRight = shadow == ShadowStyle.KEEP || shadow == ShadowStyle.DROP;
            boolean shadowBelow = shadow != ShadowStyle.NONE;
            List<String> edges = new ArrayList<>();
            if (box.x < marginX && !shadowLeft) edges.add("left");
            if (box.y < marginY) edges.add("top");
            if (width - box.x - box.width < marginX && !shadowRight) edges.add("right");
            if (height - box.y - box.height < marginY && !shadowBelow) edges.add("bottom");
            if (!edges.isEmpty()) {
                violations.add(new PresetViolation(Code.MARGIN, "The product reaches into the margin at the "
                        + String.join(", ", edges) + " (" + preset.requirer() + " keeps " + percent(preset.margin())
                        + " of the frame free on every side)"));
            }
        }
    }

    /**
     * An embedded ICC profile that does not call itself sRGB (Adobe RGB, a camera profile) shifts colours on
     * marketplaces that ignore it. Renditions are written untagged, which means sRGB.
     */
    private static void checkColourProfile(byte[] bytes, ImageFormat format, Preset preset,
                                           List<PresetViolation> violations) {
        if (!preset.srgb()) {
            return;
        }
        String marker = switch (format) {
            case JPEG -> "ICC_PROFILE";
            case PNG -> "iCCP";
            case WEBP -> "ICCP";
            default -> null;
        };
        int at = marker == null ? -1 : indexOf(bytes, marker.getBytes(StandardCharsets.US_ASCII), 0);
        if (at < 0) {
            return;
        }
        int end = Math.min(bytes.length, at + 4096);
        // a PNG's iCCP profile is compressed, but its name (before the compressed data) says what it is
        boolean namesSrgb = indexOf(Arrays.copyOfRange(bytes, at, end),
                "sRGB".getBytes(StandardCharsets.US_ASCII), 0) >= 0;
        if (!namesSrgb) {
            violations.add(new PresetViolation(Code.COLOUR_PROFILE, "The file embeds a colour profile that is not sRGB; "
                    + preset.requirer() + " shows colours as sRGB, so they would shift: convert the image to sRGB"));
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** 3.2%, or 0.05% for small shares: the figure a retoucher compares with the rule. */
    private static String percent(double share) {
        double value = share * 100;
        if (value != 0 && value < 0.1) {
            return String.format(Locale.ROOT, "%.2f%%", value);
        }
        String text = String.format(Locale.ROOT, "%.1f%%", value);
        return text.endsWith(".0%") ? text.replace(".0%", "%") : text;
    }
}
