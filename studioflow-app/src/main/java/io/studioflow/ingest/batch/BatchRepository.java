package io.studioflow.ingest.batch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.studioflow.platform.search.SearchErrors;
import io.studioflow.platform.search.SearchIndex;
import io.studioflow.platform.search.SearchIndices;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Repository;

/**
 * Batches in Elasticsearch, written with a refresh: they change a few times a minute and the batch list must show
 * a batch the moment it is created. A batch cannot be taken while Elasticsearch is away (the sender gets a 503 and
 * sends again; nothing was taken in).
 */
@Repository
public class BatchRepository {

    private final ElasticsearchClient client;
    private final String index;

    public BatchRepository(ElasticsearchClient client, SearchIndices indices) {
        this.client = client;
        this.index = indices.name(SearchIndex.BATCHES);
    }

    public void create(Batch batch) {
        try {
            client.create(c -> c.index(index).id(batch.id()).document(batch).refresh(Refresh.WaitFor));
        } catch (IOException | RuntimeException e) {
            throw SearchErrors.unchecked("could not record batch " + batch.id(), e);
        }
    }

    public Optional<Batch> find(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        try {
            GetResponse<Batch> response = client.get(g -> g.index(index).id(id), Batch.class);
            return response.found() ? Optional.ofNullable(response.source()) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            throw SearchErrors.unchecked("could not read batch " + id, e);
        }
    }

    public Batch get(String id) {
        return find(id).orElseThrow(() -> new BatchNotFoundException(id));
    }

    /** The newest batches first. */
    public List<Batch> latest(int count) {
        try {
            return client.search(s -> s.index(index).size(count)
                            .sort(o -> o.field(f -> f.field("createdAt").order(SortOrder.Desc))), Batch.class)
                    .hits().hits().stream().map(Hit::source).toList();
        } catch (IOException | RuntimeException e) {
            throw SearchErrors.unchecked("could not list batches", e);
        }
    }

    /** Batches in a status, oldest first (at most 100). */
    public List<Batch> inStatus(BatchStatus status) {
        try {
            return client.search(s -> s.index(index).size(100)
                            .query(q -> q.term(t -> t.field("status").value(FieldValue.of(status.name()))))
                            .sort(o -> o.field(f -> f.field("createdAt").order(SortOrder.Asc))), Batch.class)
                    .hits().hits().stream().map(Hit::source).toList();
        } catch (IOException | RuntimeException e) {
            throw SearchErrors.unchecked("could not list batches", e);
        }
    }

    public void update(String id, Map<String, Object> partial) {
        Map<String, Object> doc = new HashMap<>(partial);
        doc.put("updatedAt", Instant.now());
        try {
            client.update(u -> u.index(index).id(id).doc(doc).refresh(Refresh.WaitFor).retryOnConflict(3), Batch.class);
        } catch (IOException | RuntimeException e) {
            throw SearchErrors.unchecked("could not update batch " + id, e);
        }
    }
}
