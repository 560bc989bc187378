package io.studioflow.processing.colour;

/** How the white point of a photo is estimated. The caller picks one, or leaves it to the corrector ({@link #AUTO}). */
public enum WhiteBalanceMethod {
    /**
     * The corrector chooses: the background around the product when a mask leaves enough of it, else the
     * near-neutral pixels, else the grey-world average. The default, and the behaviour of
     * {@link ColourCorrector#correct(org.opencv.core.Mat, org.opencv.core.Mat)}.
     */
    AUTO,
    /** The average of the whole photo is grey: fine for busy scenes with many colours, fooled by a dominant one. */
    GREY_WORLD,
    /**
     * The brightest unclipped pixels (from the {@value ColourCorrector#WHITE_PATCH_PERCENTILE} percentile of
     * brightness up) are white: a high percentile, not the maximum, so one specular highlight or hot pixel
     * cannot decide the balance.
     */
    WHITE_PATCH,
    /** OpenCV xphoto's learning-based white balance (Cheng et al., a model trained on colour-checker photos). */
    LEARNING_BASED
}
