package io.studioflow.processing.compose;

/** The shadow drawn under the product on the white canvas. */
public enum ShadowStyle {
    /** none: the product floats on pure white (marketplace main images) */
    NONE,
    /** a faint, soft ellipse where the product meets the ground */
    CONTACT
}
