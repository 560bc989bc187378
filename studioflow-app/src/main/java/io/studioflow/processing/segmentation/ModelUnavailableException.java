package io.studioflow.processing.segmentation;

/** The model weights are missing, corrupt or cannot be loaded; the message says where and how to fetch them. */
public class ModelUnavailableException extends RuntimeException {

    public ModelUnavailableException(String message) {
        super(message);
    }

    public ModelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
