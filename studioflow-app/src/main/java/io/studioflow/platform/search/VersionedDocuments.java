package io.studioflow.platform.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A small index of documents that people edit (presets, flow templates): read whole, created create-only, changed by
 * compare-and-set on the document's sequence number, so two managers saving the same document cannot overwrite each
 * other unseen, whichever replica they talk to.
 *
 * @param <T> the stored document
 */
public class VersionedDocuments<T> {

    /** More documents than such an index will ever hold; the list is read whole. */
    private static final int MAX_DOCUMENTS = 1_000;

    private final ElasticsearchClient client;
    private final String index;
    private final Class<T> type;
    private final Function<T, String> idOf;
    private final String noun;

    /**
     * @param noun what a document is, in error messages ("preset")
     */
    public VersionedDocuments(ElasticsearchClient client, String index, Class<T> type, Function<T, String> idOf, String noun) {
        this.client = client;
        this.index = index;
        this.type = type;
        this.idOf = idOf;
        this.noun = noun;
    }

    /** A stored document with the sequence number and primary term a compare-and-set write needs. */
    public record Stored<T>(T document, long seqNo, long primaryTerm) {
    }

    /** Stores the document unless one with its id exists (an edit wins over a seed); true if stored. */
    public boolean createIfAbsent(T document) {
        String id = idOf.apply(document);
        try {
            client.create(c -> c.index(index).id(id).document(document).refresh(Refresh.WaitFor));
            return true;
        } catch (IOException | ElasticsearchException e) {
            if (SearchErrors.isConflict(e)) {
                return false;
            }
            throw SearchErrors.unchecked("could not store " + noun + " " + id, e);
        }
    }

    /** Every stored document (unordered). */
    public List<T> all() {
        try {
            return client.search(s -> s.index(index).query(q -> q.matchAll(m -> m)).size(MAX_DOCUMENTS), type)
                    .hits().hits().stream().map(Hit::source).toList();
        } catch (IOException | ElasticsearchException e) {
            throw SearchErrors.unchecked("could not list " + noun + "s", e);
        }
    }

    public Optional<Stored<T>> get(String id) {
        try {
            GetResponse<T> response = client.get(g -> g.index(index).id(id), type);
            if (!response.found() || response.source() == null) {
                return Optional.empty();
            }
            return Optional.of(new Stored<>(response.source(), response.seqNo(), response.primaryTerm()));
        } catch (IOException | ElasticsearchException e) {
            throw SearchErrors.unchecked("could not read " + noun + " " + id, e);
        }
    }

    /**
     * Replaces the stored document if it is still the one read at {@code expected}.
     *
     * @return false when someone else wrote in between
     */
    public boolean replace(T document, Stored<T> expected) {
        String id = idOf.apply(document);
        try {
            client.index(i -> i.index(index).id(id).document(document)
                    .ifSeqNo(expected.seqNo()).ifPrimaryTerm(expected.primaryTerm()).refresh(Refresh.WaitFor));
            return true;
        } catch (IOException | ElasticsearchException e) {
            if (SearchErrors.isConflict(e)) {
                return false;
            }
            throw SearchErrors.unchecked("could not store " + noun + " " + id, e);
        }
    }
}
