package io.studioflow.capture.qc;

/** What a QC finding is about, and whether it forces a retake (hard) or is only a warning (soft). */
public enum QcCode {
    BLURRED(true),
    TOO_SMALL(true),
    OVEREXPOSED(true),
    UNDEREXPOSED(true),
    /** soft: colour correction removes a cast */
    COLOUR_CAST(false);

    private final boolean hard;

    QcCode(boolean hard) {
        this.hard = hard;
    }

    /** A hard finding fails the photo: it needs a retake. */
    public boolean hard() {
        return hard;
    }
}
