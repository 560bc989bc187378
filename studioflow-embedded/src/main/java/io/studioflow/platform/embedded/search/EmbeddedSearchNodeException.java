package io.studioflow.platform.embedded.search;

/** The embedded Elasticsearch node could not be started or used; the message says why and what to do. */
public class EmbeddedSearchNodeException extends RuntimeException {

    public EmbeddedSearchNodeException(String message) {
        super(message);
    }

    public EmbeddedSearchNodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
