package io.studioflow.processing;

/** The colour step: the corrected full-resolution image and the cast it removed. */
public record ColourOutcome(double confidence, String correctedHash, double castBefore, double castAfter) {
}
