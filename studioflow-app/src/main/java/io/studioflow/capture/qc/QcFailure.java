package io.studioflow.capture.qc;

/** One QC finding, with a message a photographer can act on. */
public record QcFailure(QcCode code, String message) {

    public boolean hard() {
        return code.hard();
    }
}
