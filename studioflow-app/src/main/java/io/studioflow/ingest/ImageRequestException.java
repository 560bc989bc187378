package io.studioflow.ingest;

/** A request about an image that cannot be served as asked (bad SKU, unknown preset...): a 400. */
public class ImageRequestException extends RuntimeException {
    public ImageRequestException(String message) {
        super(message);
    }
}
