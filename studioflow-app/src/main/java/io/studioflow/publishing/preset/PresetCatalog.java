package io.studioflow.publishing.preset;

import io.studioflow.processing.compose.BgrColour;
import io.studioflow.processing.compose.ShadowStyle;
import io.studioflow.publishing.preset.PresetProperties.BrandPreset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** The presets an upload may name: the built-in marketplace presets plus the brand presets from configuration. */
@Component
public class PresetCatalog {

    /** Today's default: 2000 px square on pure white, 85% fill, no shadow, JPEG. */
    public static final String DEFAULT = "white-square-2000";

    static final int JPEG_QUALITY = 92;
    /** Lets a retoucher's smaller fill (down to 50%) pass, while a product lost in the frame does not. */
    static final double MIN_PRODUCT_SHARE = 0.45;
    /** Lossy encoders move flat colour by a level or two; a real off-colour edge is further away. */
    static final int BACKGROUND_TOLERANCE = 6;

    private final Map<String, Preset> presets;

    public PresetCatalog() {
        this(new PresetProperties(Map.of()));
    }

    /**
     * @throws IllegalArgumentException when a brand preset is malformed or reuses a built-in name; the message
     *                                  names the property
     */
    @Autowired
    public PresetCatalog(PresetProperties properties) {
        Map<String, Preset> all = new TreeMap<>();
        for (Preset preset : builtIn()) {
            all.put(preset.name(), preset);
        }
        Map<String, Preset> builtIn = Map.copyOf(all);
        new TreeMap<>(properties.presets()).forEach((name, brand) -> {
            if (builtIn.containsKey(name)) {
                throw new IllegalArgumentException("studioflow.presets." + name + ": '" + name
                        + "' is a built-in preset; give the brand preset its own name and set based-on: " + name);
            }
            all.put(name, brandPreset(name, brand, builtIn));
        });
        this.presets = Collections.unmodifiableMap(all);
    }

    /** The built-in marketplace presets. */
    public static List<Preset> builtIn() {
        return List.of(
                new Preset(DEFAULT, "White square 2000", PresetCanvas.exact(2000, 2000), BgrColour.WHITE,
                        BACKGROUND_TOLERANCE, 0.85, MIN_PRODUCT_SHARE, 0, ShadowStyle.NONE, RenditionFormat.JPEG,
                        JPEG_QUALITY, 1000, true),
                // Amazon main image: pure white RGB 255, product >= 85% of the frame, >= 1000 px; composed a
                // little fuller than the minimum so soft edges cannot drop it below 85%
                new Preset("amazon-main", "Amazon main image", PresetCanvas.exact(2000, 2000), BgrColour.WHITE, 0,
                        0.88, 0.85, 0, ShadowStyle.NONE, RenditionFormat.JPEG, JPEG_QUALITY, 1000, true),
                new Preset("zalando", "Zalando", PresetCanvas.exact(1801, 2600), BgrColour.WHITE,
                        BACKGROUND_TOLERANCE, 0.85, MIN_PRODUCT_SHARE, 0, ShadowStyle.NONE, RenditionFormat.JPEG,
                        JPEG_QUALITY, 1801, true),
                new Preset("shopify", "Shopify", PresetCanvas.exact(2048, 2048), BgrColour.WHITE,
                        BACKGROUND_TOLERANCE, 0.85, MIN_PRODUCT_SHARE, 0, ShadowStyle.GROUND, RenditionFormat.JPEG,
                        JPEG_QUALITY, 2048, true),
                new Preset("etsy", "Etsy", PresetCanvas.longestSide(2000), BgrColour.WHITE, BACKGROUND_TOLERANCE,
                        0.85, MIN_PRODUCT_SHARE, 0, ShadowStyle.CONTACT, RenditionFormat.JPEG, JPEG_QUALITY, 2000,
                        true));
    }

    /**
     * @throws UnknownPresetException listing the known presets
     */
    public Preset get(String name) {
        Preset preset = name == null ? null : presets.get(name);
        if (preset == null) {
            throw new UnknownPresetException(name, presets.keySet());
        }
        return preset;
    }

    public boolean contains(String name) {
        return name != null && presets.containsKey(name);
    }

    /** Every preset name, sorted. */
    public Set<String> names() {
        return presets.keySet();
    }

    /** Every preset, sorted by name. */
    public List<Preset> all() {
        return new ArrayList<>(presets.values());
    }

    private static Preset brandPreset(String name, BrandPreset brand, Map<String, Preset> builtIn) {
        String property = "studioflow.presets." + name;
        String baseName = brand.basedOn() == null || brand.basedOn().isBlank() ? DEFAULT : brand.basedOn().strip();
        Preset base = builtIn.get(baseName);
        if (base == null) {
            throw new IllegalArgumentException(property + ".based-on: unknown preset '" + baseName
                    + "'; built-in presets: " + String.join(", ", new TreeMap<>(builtIn).keySet()));
        }
        try {
            PresetCanvas canvas = base.canvas();
            if (brand.longestSide() != null) {
                if (brand.width() != null || brand.height() != null) {
                    throw new IllegalArgumentException("set either longest-side or width and height, not both");
                }
                canvas = PresetCanvas.longestSide(brand.longestSide());
            } else if (brand.width() != null || brand.height() != null) {
                int width = Objects.requireNonNullElse(brand.width(), canvas.width());
                int height = Objects.requireNonNullElse(brand.height(), canvas.height());
                canvas = PresetCanvas.exact(width, height);
            }
            BgrColour background = brand.background() == null ? base.background()
                    : BgrColour.fromHex(brand.background());
            return new Preset(name, brand.label() == null ? name : brand.label(), canvas, background,
                    Objects.requireNonNullElse(brand.backgroundTolerance(), base.backgroundTolerance()),
                    Objects.requireNonNullElse(brand.fill(), base.fillRatio()),
                    Objects.requireNonNullElse(brand.minProductShare(), base.minProductShare()),
                    Objects.requireNonNullElse(brand.margin(), base.margin()),
                    Objects.requireNonNullElse(brand.shadow(), base.shadow()),
                    Objects.requireNonNullElse(brand.format(), base.format()),
                    Objects.requireNonNullElse(brand.quality(), base.quality()),
                    Objects.requireNonNullElse(brand.minLongestSide(), Math.min(base.minLongestSide(),
                            Math.max(canvas.width(), canvas.height()))),
                    base.srgb());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
        }
    }
}
