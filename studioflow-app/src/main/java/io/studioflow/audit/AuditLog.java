package io.studioflow.audit;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import io.studioflow.platform.search.SearchErrors;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.studioflow.platform.search.SearchIndex;
import io.studioflow.platform.search.SearchIndices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.springframework.stereotype.Service;

/** Append-only: events are created, never updated or deleted by the application. */
@Service
public class AuditLog {

    private final ElasticsearchClient client;
    private final String index;

    public AuditLog(ElasticsearchClient client, SearchIndices indices) {
        this.client = client;
        this.index = indices.name(SearchIndex.AUDIT);
    }

    /** Stores the event unless one with its id exists already (a redelivered job). */
    public void record(AuditEvent event) {
        try {
            client.create(c -> c.index(index).id(event.id()).document(event).refresh(Refresh.True));
        } catch (IOException | ElasticsearchException e) {
            if (!SearchErrors.isConflict(e)) {
                throw SearchErrors.unchecked("could not write audit event " + event.id(), e);
            }
        }
    }

    /** The image's events, oldest first. */
    public List<AuditEvent> history(String imageId) {
        try {
            return client.search(s -> s.index(index)
                                    .query(q -> q.term(t -> t.field("imageId").value(imageId)))
                                    .sort(o -> o.field(f -> f.field("time").order(SortOrder.Asc)))
                                    .size(1000),
                            AuditEvent.class)
                    .hits().hits().stream().map(Hit::source).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the history of image " + imageId, e);
        }
    }
}
