package io.studioflow.processing;

import java.util.List;

/**
 * The compose step: the rendition for the image's preset, how well the product fills it, and whether the stored
 * file passes the preset's validator ({@code valid}; otherwise {@code violations} says why, in plain words).
 */
public record CompositionOutcome(double confidence, String renditionHash, int width, int height, double fillRatio,
                                 boolean valid, List<String> violations) {

    public CompositionOutcome {
        violations = violations == null ? List.of() : List.copyOf(violations);
    }
}
