package io.studioflow.publishing.preset;

import io.studioflow.processing.compose.ShadowStyle;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Brand presets from configuration, {@code studioflow.presets.<name>.*}. Each starts from a built-in preset
 * ({@code based-on}, {@code white-square-2000} when absent) and overrides what it sets:
 *
 * <pre>
 * studioflow:
 *   presets:
 *     acme-grey:
 *       label: ACME web shop
 *       based-on: shopify
 *       background: "#F2F2F2"
 *       margin: 0.06
 *       shadow: ground
 *       format: webp
 * </pre>
 */
@ConfigurationProperties("studioflow")
public record PresetProperties(Map<String, BrandPreset> presets) {

    public PresetProperties {
        presets = presets == null ? Map.of() : Map.copyOf(presets);
    }

    /**
     * One brand preset; every field is optional and null keeps the base preset's value.
     *
     * @param longestSide a canvas of this many px on the product's longer side (instead of width x height)
     * @param background  #RRGGBB
     * @param fill        the product's longer side's share of the canvas, e.g. 0.8
     * @param margin      free space around the product as a share of the canvas side, e.g. 0.05
     */
    public record BrandPreset(String basedOn, String label, Integer width, Integer height, Integer longestSide,
                              String background, Integer backgroundTolerance, Double fill, Double minProductShare,
                              Double margin, ShadowStyle shadow, RenditionFormat format, Integer quality,
                              Integer minLongestSide) {
    }
}
