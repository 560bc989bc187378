package io.studioflow.platform.search;

import java.time.Instant;
import java.util.Map;

/**
 * One document write that waits in {@link SearchWrites}'s journal for Elasticsearch to come back.
 *
 * @param writeId   unique, so two equal writes are still two entries
 * @param document  the whole document ({@link Kind#CREATE}, {@link Kind#INDEX}) or the partial one ({@link Kind#UPDATE}),
 *                  as the JSON Elasticsearch would store
 * @param refresh   the write must be searchable at once (not only readable by id) when it is delivered
 */
public record DeferredWrite(String writeId, String index, String documentId, Kind kind, Map<String, Object> document,
                            boolean refresh, Instant at) {

    public enum Kind {
        /** A new document; it being there already means an earlier delivery got through. */
        CREATE,
        /** The whole document, replacing what is there. */
        INDEX,
        /** A partial document merged into the stored one, objects field by field, as Elasticsearch's update does. */
        UPDATE
    }

    boolean concerns(String index, String documentId) {
        return this.index.equals(index) && this.documentId.equals(documentId);
    }
}
