package io.studioflow.processing;

import io.studioflow.processing.compose.ComposeSpec;
import io.studioflow.processing.compose.ShadowStyle;

/**
 * What a retoucher may change when sending an image back for reprocessing: how much of the canvas the
 * product fills, the shadow, and how much of a soft edge counts as product. A null field keeps the
 * preset's value.
 */
public record ComposeSettings(Double fillRatio, ShadowStyle shadow, Integer alphaThreshold) {

    public static final double MIN_FILL_RATIO = 0.5;
    public static final double MAX_FILL_RATIO = 0.98;

    public ComposeSettings {
        if (fillRatio != null && (fillRatio < MIN_FILL_RATIO || fillRatio > MAX_FILL_RATIO)) {
            throw new IllegalArgumentException("fill must be between " + Math.round(MIN_FILL_RATIO * 100) + "% and "
                    + Math.round(MAX_FILL_RATIO * 100) + "%, was " + Math.round(fillRatio * 100) + "%");
        }
        if (alphaThreshold != null && (alphaThreshold < 1 || alphaThreshold > 254)) {
            throw new IllegalArgumentException("edge threshold must be 1..254, was " + alphaThreshold);
        }
    }

    /** The preset's spec with these settings applied; its canvas, background and transparency stay. */
    public ComposeSpec applyTo(ComposeSpec spec) {
        ComposeSpec result = spec;
        if (fillRatio != null) result = result.withFillRatio(fillRatio);
        if (shadow != null) result = result.withShadow(shadow);
        if (alphaThreshold != null) result = result.withAlphaThreshold(alphaThreshold);
        return result;
    }

    /** In words, for the task history and the audit. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        if (fillRatio != null) text.append("fill ").append(Math.round(fillRatio * 100)).append("%");
        if (shadow != null) text.append(text.isEmpty() ? "" : ", ").append("shadow ").append(shadow.name().toLowerCase());
        if (alphaThreshold != null) text.append(text.isEmpty() ? "" : ", ").append("edge threshold ").append(alphaThreshold);
        return text.isEmpty() ? "preset settings" : text.toString();
    }
}
