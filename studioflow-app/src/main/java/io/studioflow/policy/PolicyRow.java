package io.studioflow.policy;

/**
 * One row of the routing policy. An image of {@code brand} in {@code preset} ({@code null} or {@code *}:
 * any) goes to a human when the confidence of {@code step} is below {@code threshold}; of the images that
 * pass, a share of {@code sampleRate} (0..1) goes to a human anyway as a random audit; {@code fourEyes}
 * means that every image of the row's brand and preset that goes to a person, for whatever reason, needs a
 * second approval by someone other than the first approver before it is published (a row may carry only that).
 * Rows add up: an image is checked against every row that applies to it, so a brand row can make the bar
 * stricter than an any-brand row but not laxer. A row without a step carries only a sample rate.
 */
public record PolicyRow(String brand, String preset, String step, Double threshold, Double sampleRate, Boolean fourEyes) {

    public static final String ANY = "*";

    public boolean appliesTo(String imageBrand, String imagePreset) {
        return (isAny(brand) || brand.equals(imageBrand)) && (isAny(preset) || preset.equals(imagePreset));
    }

    public String brandOrAny() {
        return isAny(brand) ? ANY : brand;
    }

    public String presetOrAny() {
        return isAny(preset) ? ANY : preset;
    }

    public double sampleRateOrZero() {
        return sampleRate == null ? 0 : sampleRate;
    }

    public boolean fourEyesOrNo() {
        return Boolean.TRUE.equals(fourEyes);
    }

    static boolean isAny(String value) {
        return value == null || value.isBlank() || value.equals(ANY);
    }
}
