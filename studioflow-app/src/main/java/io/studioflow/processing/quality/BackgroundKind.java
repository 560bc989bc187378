package io.studioflow.processing.quality;

/** The backgrounds a ground-truth object is composited onto. */
public enum BackgroundKind {
    /** A studio white sweep: near white, slightly brighter towards the floor. */
    WHITE_SWEEP,
    /** A mid-grey backdrop with a soft vignette. */
    GREY,
    /** A linear gradient between two colours. */
    GRADIENT,
    /** A real photo (busy or textured) given by the caller. */
    TEXTURED
}
