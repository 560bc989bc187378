package io.studioflow.processing;

/** The compose step: the rendition on white and how well the product fills it. */
public record CompositionOutcome(double confidence, String renditionHash, int width, int height, double fillRatio) {
}
