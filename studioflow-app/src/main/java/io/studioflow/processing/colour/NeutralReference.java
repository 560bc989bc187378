package io.studioflow.processing.colour;

/** Which pixels the white balance was estimated from. */
public enum NeutralReference {
    /** the background around the product (low alpha): a studio sweep is meant to be neutral */
    BACKGROUND,
    /** low-chroma pixels anywhere in the photo (no usable mask or too little background) */
    NEUTRAL_PIXELS,
    /** the average of the whole photo ("grey world"): a guess, trusted little */
    WHOLE_IMAGE,
    /** the brightest unclipped pixels ("white patch") */
    BRIGHTEST_PIXELS,
    /** OpenCV's learning-based estimate over the whole photo */
    LEARNED,
    /** a grey card or other neutral patch the caller pointed at */
    PATCH
}
