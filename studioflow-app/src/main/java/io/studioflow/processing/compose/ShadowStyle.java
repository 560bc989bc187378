package io.studioflow.processing.compose;

/** The shadow drawn under the product on the new background. */
public enum ShadowStyle {
    /** none: the product stands on a plain background (marketplace main images) */
    NONE,
    /** a faint, tight, soft ellipse where the product meets the ground */
    CONTACT,
    /** a wider, softer elliptical shadow on the ground under the product's base */
    GROUND,
    /** the product's silhouette, offset down and to the right, blurred, at low opacity */
    DROP,
    /**
     * the photo's own shadow: the darkening of the old background around the product, carried over onto the new
     * one and faded with distance; a contact shadow where the photo has none
     */
    KEEP
}
