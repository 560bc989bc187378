package io.studioflow.processing.compose;

/** The mask holds no product (empty, or only specks): there is nothing to place on the canvas. */
public class NothingToComposeException extends RuntimeException {

    public NothingToComposeException(String message) {
        super(message);
    }
}
