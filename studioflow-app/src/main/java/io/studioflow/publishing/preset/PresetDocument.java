package io.studioflow.publishing.preset;

import io.studioflow.processing.compose.BgrColour;
import io.studioflow.processing.compose.ShadowStyle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A preset as it is stored (index {@code presets}, id = name), sent and received by {@code /api/presets} and edited in
 * the presets view: the {@link Preset}'s fields in words people write ({@code "#F2F2F2"}, {@code "png-alpha"}, a
 * fill of {@code 0.85}), the reviewers' checklist lines, and who changed it last. {@code version} counts the saves;
 * an edit names the version it started from, so a stale edit is refused.
 *
 * <p>Either {@code longestSide} or {@code width} and {@code height} give the canvas. Fields left null take the
 * defaults of a new preset (white, no margin, no shadow, JPEG at quality 92).
 *
 * @param background {@code #RRGGBB}, or {@code transparent} for a {@code png-alpha} preset
 * @param checklist  what a reviewer confirms for an image of this preset, besides the brand's checklist
 */
public record PresetDocument(String id, String label, Integer width, Integer height, Integer longestSide,
                             String background, Integer backgroundTolerance, Double fill, Double minProductShare,
                             Double margin, String shadow, String format, Integer quality, Integer minLongestSide,
                             Boolean srgb, List<String> checklist, Long version, String updatedBy,
                             Instant updatedAt) {

    public static final String TRANSPARENT = "transparent";
    private static final Pattern HEX = Pattern.compile("#[0-9A-Fa-f]{6}");
    public static final int MAX_SIDE = 10_000;
    public static final int MIN_SIDE = 16;
    public static final int MAX_CHECKLIST_ITEMS = 20;
    public static final int MAX_CHECKLIST_ITEM_LENGTH = 200;
    public static final int MAX_LABEL_LENGTH = 100;

    /** One field's problem, named as the JSON field (and the view's form field) is named. */
    public record FieldError(String field, String message) {

        @Override
        public String toString() {
            return field + ": " + message;
        }
    }

    public PresetDocument {
        checklist = checklist == null ? List.of() : List.copyOf(checklist);
    }

    /** The preset in stored form, with its checklist and save record. */
    public static PresetDocument of(Preset preset, List<String> checklist, Long version, String updatedBy,
                                    Instant updatedAt) {
        PresetCanvas canvas = preset.canvas();
        return new PresetDocument(preset.name(), preset.label(), canvas.longestSide() ? null : canvas.width(),
                canvas.longestSide() ? null : canvas.height(), canvas.longestSide() ? canvas.width() : null,
                preset.format().transparent() ? TRANSPARENT : preset.background().hex(), preset.backgroundTolerance(),
                preset.fillRatio(), preset.minProductShare(), preset.margin(), formatName(preset.shadow()),
                formatName(preset.format()), preset.quality(), preset.minLongestSide(), preset.srgb(), checklist,
                version, updatedBy, updatedAt);
    }

    /** The same settings under another id, not yet saved: the start of a new preset based on this one. */
    public PresetDocument copyAs(String newId) {
        return new PresetDocument(newId, null, width, height, longestSide, background, backgroundTolerance, fill,
                minProductShare, margin, shadow, format, quality, minLongestSide, srgb, checklist, null, null, null);
    }

    /** This document's settings under {@code id}, with the save record given. */
    public PresetDocument saved(String id, long version, String updatedBy, Instant updatedAt) {
        return new PresetDocument(id, label == null || label.isBlank() ? id : label.strip(), width, height, longestSide,
                background, backgroundTolerance, fill, minProductShare, margin, shadow, format, quality,
                minLongestSide, srgb, checklist.stream().map(String::strip).toList(), version, updatedBy, updatedAt);
    }

    /** Every problem of this document as a preset named {@code id}; empty when {@link #toPreset} will succeed. */
    public List<FieldError> problems(String id) {
        List<FieldError> errors = new ArrayList<>();
        if (id == null || !Preset.NAME.matcher(id).matches()) {
            errors.add(new FieldError("id", "must be 1-64 lower-case letters, digits or '-', starting with a letter or"
                    + " digit (e.g. acme-grey), was '" + (id == null ? "" : id) + "'"));
        }
        if (label != null && label.strip().length() > MAX_LABEL_LENGTH) {
            errors.add(new FieldError("label", "must be at most " + MAX_LABEL_LENGTH + " characters"));
        }
        checkCanvas(errors);
        RenditionFormat renditionFormat = null;
        try {
            renditionFormat = renditionFormat();
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("format", e.getMessage()));
        }
        if (background != null && !background.isBlank()) {
            if (TRANSPARENT.equalsIgnoreCase(background.strip())) {
                if (renditionFormat != null && !renditionFormat.transparent()) {
                    errors.add(new FieldError("background", "transparent needs the format png-alpha; "
                            + renditionFormat.displayName() + " is opaque: give a colour as #RRGGBB"));
                }
            } else {
                if (!HEX.matcher(background.strip()).matches()) {
                    errors.add(new FieldError("background", "must be a colour as #RRGGBB (e.g. #F5F5F5), or transparent"
                            + " for png-alpha; was '" + background + "'"));
                }
            }
        }
        range(errors, "backgroundTolerance", backgroundTolerance, 0, 64, "per channel level");
        if (fill == null) {
            errors.add(new FieldError("fill", "is required: the product's longer side's share of the canvas, e.g. 0.85"));
        } else if (!(fill > 0 && fill <= 1)) {
            errors.add(new FieldError("fill", "must be more than 0 and at most 1 (a share of the canvas, 0.85 = 85 %), was "
                    + fill));
        }
        if (minProductShare != null && !(minProductShare >= 0 && minProductShare <= 1)) {
            errors.add(new FieldError("minProductShare", "must be 0..1, was " + minProductShare));
        }
        if (margin != null && !(margin >= 0 && margin <= 0.4)) {
            errors.add(new FieldError("margin", "must be 0..0.4 of the canvas side (0.05 = 5 %), was " + margin));
        }
        try {
            shadowStyle();
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("shadow", e.getMessage()));
        }
        range(errors, "quality", quality, 1, 100, "");
        range(errors, "minLongestSide", minLongestSide, 0, MAX_SIDE, "px");
        Integer canvasLongest = longestSide != null ? longestSide
                : width != null && height != null ? Integer.valueOf(Math.max(width, height)) : null;
        if (minLongestSide != null && canvasLongest != null && minLongestSide > canvasLongest) {
            errors.add(new FieldError("minLongestSide", "must not exceed the canvas's longest side (" + canvasLongest
                    + " px), or every rendition would fail it"));
        }
        if (checklist.size() > MAX_CHECKLIST_ITEMS) {
            errors.add(new FieldError("checklist", "at most " + MAX_CHECKLIST_ITEMS + " items, was " + checklist.size()));
        }
        for (int i = 0; i < checklist.size(); i++) {
            String item = checklist.get(i);
            if (item == null || item.isBlank()) {
                errors.add(new FieldError("checklist", "item " + (i + 1) + " is empty"));
            } else if (item.strip().length() > MAX_CHECKLIST_ITEM_LENGTH) {
                errors.add(new FieldError("checklist", "item " + (i + 1) + " is longer than "
                        + MAX_CHECKLIST_ITEM_LENGTH + " characters"));
            }
        }
        if (errors.isEmpty()) {
            // the constructor's own rules, in case they say more than the checks above
            try {
                build(id);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("preset", e.getMessage()));
            }
        }
        return errors;
    }

    /**
     * @throws InvalidPresetException naming every field that is wrong
     */
    public Preset toPreset(String id) {
        List<FieldError> errors = problems(id);
        if (!errors.isEmpty()) {
            throw new InvalidPresetException(id, errors);
        }
        return build(id);
    }

    /**
     * The stored preset under the {@link Preset}'s own rules only: a configured preset beyond what the API accepts
     * (a canvas over {@value #MAX_SIDE} px) still works once stored.
     */
    Preset toStoredPreset() {
        return build(id);
    }

    private Preset build(String id) {
        PresetCanvas canvas = longestSide != null ? PresetCanvas.longestSide(longestSide)
                : PresetCanvas.exact(width, height);
        RenditionFormat renditionFormat = renditionFormat();
        BgrColour colour = background == null || background.isBlank() || TRANSPARENT.equalsIgnoreCase(background.strip())
                ? BgrColour.WHITE : BgrColour.fromHex(background);
        int longest = Math.max(canvas.width(), canvas.height());
        return new Preset(id, label == null || label.isBlank() ? id : label.strip(), canvas, colour,
                Objects.requireNonNullElse(backgroundTolerance, PresetCatalog.BACKGROUND_TOLERANCE), fill,
                Objects.requireNonNullElse(minProductShare, PresetCatalog.MIN_PRODUCT_SHARE),
                Objects.requireNonNullElse(margin, 0.0), shadowStyle(), renditionFormat,
                Objects.requireNonNullElse(quality, PresetCatalog.JPEG_QUALITY),
                Objects.requireNonNullElse(minLongestSide, Math.min(1000, longest)),
                Objects.requireNonNullElse(srgb, true));
    }

    private void checkCanvas(List<FieldError> errors) {
        if (longestSide != null) {
            if (width != null || height != null) {
                errors.add(new FieldError("longestSide", "give either longestSide or width and height, not both"));
            }
            side(errors, "longestSide", longestSide);
            return;
        }
        if (width == null || height == null) {
            errors.add(new FieldError(width == null ? "width" : "height",
                    "is required (or give longestSide for a canvas with the product's own aspect ratio)"));
        }
        side(errors, "width", width);
        side(errors, "height", height);
    }

    private static void side(List<FieldError> errors, String field, Integer px) {
        if (px != null && (px < MIN_SIDE || px > MAX_SIDE)) {
            errors.add(new FieldError(field, "must be " + MIN_SIDE + ".." + MAX_SIDE + " px, was " + px));
        }
    }

    private static void range(List<FieldError> errors, String field, Integer value, int min, int max, String unit) {
        if (value != null && (value < min || value > max)) {
            errors.add(new FieldError(field, "must be " + min + ".." + max + (unit.isEmpty() ? "" : " " + unit)
                    + ", was " + value));
        }
    }

    private RenditionFormat renditionFormat() {
        if (format == null || format.isBlank()) {
            return RenditionFormat.JPEG;
        }
        for (RenditionFormat candidate : RenditionFormat.values()) {
            if (formatName(candidate).equalsIgnoreCase(format.strip())) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("unknown format '" + format + "'; known: jpeg, webp, png-alpha");
    }

    private ShadowStyle shadowStyle() {
        if (shadow == null || shadow.isBlank()) {
            return ShadowStyle.NONE;
        }
        for (ShadowStyle candidate : ShadowStyle.values()) {
            if (formatName(candidate).equalsIgnoreCase(shadow.strip())) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("unknown shadow '" + shadow + "'; known: none, contact, ground, drop, keep");
    }

    /** {@code PNG_ALPHA} as configuration and the API write it: {@code png-alpha}. */
    public static String formatName(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
