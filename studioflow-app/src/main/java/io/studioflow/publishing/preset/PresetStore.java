package io.studioflow.publishing.preset;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.studioflow.platform.search.SearchErrors;
import io.studioflow.platform.search.SearchIndex;
import io.studioflow.platform.search.SearchIndices;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Repository;

/**
 * The presets in Elasticsearch, one document per preset (id = name). Writes are compare-and-set on the document's
 * sequence number, so two managers saving the same preset cannot overwrite each other unseen, whichever replica
 * they talk to.
 */
@Repository
public class PresetStore {

    /** More presets than a catalogue will ever hold; the list is read whole. */
    private static final int MAX_PRESETS = 1_000;

    private final ElasticsearchClient client;
    private final String index;

    @Autowired
    public PresetStore(ElasticsearchClient client, SearchIndices indices) {
        this(client, indices.name(SearchIndex.PRESETS));
    }

    /** A store on a named index (a node that may not even be there, in tests). */
    PresetStore(ElasticsearchClient client, String index) {
        this.client = client;
        this.index = index;
    }

    /** A stored preset with the sequence number and primary term a compare-and-set write needs. */
    public record Stored(PresetDocument document, long seqNo, long primaryTerm) {
    }

    /** Stores the document unless one with its id exists (a manager's edit wins over a seed); true if stored. */
    public boolean createIfAbsent(PresetDocument document) {
        try {
            client.create(c -> c.index(index).id(document.id()).document(document).refresh(Refresh.WaitFor));
            return true;
        } catch (IOException | ElasticsearchException e) {
            if (SearchErrors.isConflict(e)) {
                return false;
            }
            throw SearchErrors.unchecked("could not store preset " + document.id(), e);
        }
    }

    /** Every stored preset (unordered). */
    public List<PresetDocument> all() {
        try {
            return client.search(s -> s.index(index).query(q -> q.matchAll(m -> m)).size(MAX_PRESETS),
                    PresetDocument.class).hits().hits().stream().map(Hit::source).toList();
        } catch (IOException | ElasticsearchException e) {
            throw SearchErrors.unchecked("could not list presets", e);
        }
    }

    public Optional<Stored> get(String id) {
        try {
            GetResponse<PresetDocument> response = client.get(g -> g.index(index).id(id), PresetDocument.class);
            if (!response.found() || response.source() == null) {
                return Optional.empty();
            }
            return Optional.of(new Stored(response.source(), response.seqNo(), response.primaryTerm()));
        } catch (IOException | ElasticsearchException e) {
            throw SearchErrors.unchecked("could not read preset " + id, e);
        }
    }

    /**
     * Replaces the stored document if it is still the one read at {@code expected}.
     *
     * @return false when someone else wrote in between
     */
    public boolean replace(PresetDocument document, Stored expected) {
        try {
            client.index(i -> i.index(index).id(document.id()).document(document)
                    .ifSeqNo(expected.seqNo()).ifPrimaryTerm(expected.primaryTerm()).refresh(Refresh.WaitFor));
            return true;
        } catch (IOException | ElasticsearchException e) {
            if (SearchErrors.isConflict(e)) {
                return false;
            }
            throw SearchErrors.unchecked("could not store preset " + document.id(), e);
        }
    }
}
