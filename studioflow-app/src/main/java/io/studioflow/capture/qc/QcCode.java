package io.studioflow.capture.qc;

/**
 * What a QC finding is about, and whether it forces a retake (hard) or is only a warning (soft). The line a
 * photographer would draw: hard when the picture has lost something no processing can bring back, soft when
 * processing fixes this photo and the note is for the next shots.
 */
public enum QcCode {
    BLURRED(true),
    TOO_SMALL(true),
    OVEREXPOSED(true),
    UNDEREXPOSED(true),
    /** soft: colour correction removes a cast */
    COLOUR_CAST(false),
    /**
     * hard: denoising smears exactly the fine texture (fabric, print, grain of wood) buyers zoom in on, while the
     * fix on set (lower ISO, more light) is cheap
     */
    NOISY(true),
    /** soft: a few degrees are straightened in processing at the cost of a thin crop; level the camera next time */
    TILTED(false),
    /** hard: a part of the product that is not in the photo cannot be added afterwards */
    CUT_OFF(true),
    /**
     * soft: colour correction with the session's reference brings this photo to the session's white point and
     * brightness; the warning says a light or a camera setting changed during the shoot
     */
    INCONSISTENT_LIGHTING(false);

    private final boolean hard;

    QcCode(boolean hard) {
        this.hard = hard;
    }

    /** A hard finding fails the photo: it needs a retake. */
    public boolean hard() {
        return hard;
    }
}
