package io.studioflow.platform.search;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.transport.TransportException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.elasticsearch.client.ResponseException;

/**
 * Reading the Elasticsearch client's failures. A version conflict (409: a create of an existing id, or a
 * compare-and-set that lost) comes as a typed error or as the low-level client's response exception,
 * depending on the transport.
 */
public final class SearchErrors {

    private SearchErrors() {
    }

    public static boolean isConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ElasticsearchException es && es.status() == 409
                    || t instanceof ResponseException re && re.getResponse().getStatusLine().getStatusCode() == 409
                    || t instanceof TransportException te && te.statusCode() == 409) {
                return true;
            }
        }
        return false;
    }

    /**
     * Elasticsearch could not be reached at all (refused connection: the node is down or restarting), as opposed
     * to a request it answered with an error.
     */
    public static boolean isUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    /** The failure as an unchecked exception with our message (I/O failures are checked in the client). */
    public static RuntimeException unchecked(String message, Exception e) {
        return e instanceof IOException io ? new UncheckedIOException(message, io) : (RuntimeException) e;
    }
}
