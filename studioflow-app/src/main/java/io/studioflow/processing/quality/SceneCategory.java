package io.studioflow.processing.quality;

/** The kinds of ground-truth scene, each a known hard case for background removal. */
public enum SceneCategory {
    /** An opaque, simple object: the easy case. */
    SOLID,
    /** A small body with wires and legs one or two pixels wide. */
    THIN_STRUCTURES,
    /** An object with see-through holes that show the background. */
    HOLES,
    /** Furry, blurred edges: a wide band of partial alpha. */
    SOFT_EDGES,
    /** Glass-like: an opaque rim around an interior of alpha about 0.5. */
    TRANSLUCENT,
    /** A near-white object on a white sweep. */
    WHITE_ON_WHITE,
    /** A strong shadow on the background under the object; the shadow is background, not part of the alpha. */
    CAST_SHADOW,
    /** An object cut off by the bottom of the frame. */
    TOUCHING_FRAME
}
