package io.studioflow.platform.imaging;

/**
 * An uploaded file that Studioflow cannot use as a photo. The message is written for the person who
 * uploaded it; {@link #reason()} lets a caller branch (e.g. map to a BPMN error code).
 */
public class InvalidImageException extends RuntimeException {

    public enum Reason {
        /** zero bytes */
        EMPTY,
        /** not an image, or an image format Studioflow does not read */
        UNRECOGNISED,
        /** declared size above the pixel limit */
        TOO_LARGE,
        /** declared width or height of 0, or otherwise impossible dimensions */
        BAD_DIMENSIONS,
        /** the file ends before the image does */
        TRUNCATED,
        /** the bytes are damaged or the decoder refused them */
        CORRUPT
    }

    private final Reason reason;

    public InvalidImageException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public InvalidImageException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
