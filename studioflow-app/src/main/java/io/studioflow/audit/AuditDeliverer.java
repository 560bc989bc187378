package io.studioflow.audit;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import io.studioflow.platform.search.BulkResults;
import io.studioflow.platform.journal.JournalDelivery;
import io.studioflow.platform.journal.JournalDelivery.Sent;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sends the outbox to Elasticsearch, oldest first, in bulk {@code create} requests (never index or update):
 * 201 and 409 (the id is there already: an earlier send got through) both count as delivered. While
 * Elasticsearch is unreachable the {@link JournalDelivery} retries with back-off. Bulk writes refresh, so a
 * delivered event is searchable the moment it leaves the outbox (history reads merge the outbox, and no event
 * may be in neither place).
 */
@Component
public class AuditDeliverer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditDeliverer.class);
    private static final int BATCH = 1_000;

    private final ElasticsearchClient client;
    private final AuditIndices indices;
    private final AuditOutbox outbox;
    private final JournalDelivery<AuditEvent> delivery;

    public AuditDeliverer(ElasticsearchClient client, AuditIndices indices, AuditOutbox outbox,
                          @Value("${studioflow.audit.max-backoff:PT5S}") Duration maxBackoff) {
        this.client = client;
        this.indices = indices;
        this.outbox = outbox;
        this.delivery = new JournalDelivery<>(outbox.journal(), BATCH, maxBackoff, this::send);
    }

    @Override
    public void start() {
        delivery.start("audit-deliverer");
    }

    @Override
    public void stop() {
        delivery.stop();
    }

    @Override
    public boolean isRunning() {
        return delivery.isRunning();
    }

    /** The last delivery failure, null while deliveries succeed. */
    public String lastError() {
        return delivery.lastError();
    }

    /** Events delivered since start. */
    public long deliveredCount() {
        return delivery.deliveredCount();
    }

    private Sent<AuditEvent> send(List<AuditEvent> batch) throws IOException {
        indices.ensureTemplate();
        List<BulkOperation> operations = new ArrayList<>(batch.size());
        for (AuditEvent event : batch) {
            operations.add(BulkOperation.of(b -> b.create(c -> c.index(indices.indexFor(event.time())).id(event.id())
                    .document(event))));
        }
        BulkResponse response = client.bulk(b -> b.operations(operations).refresh(Refresh.True));
        // 409: the id is there already, an earlier send got through
        return BulkResults.sent(response, batch, event -> true, (event, item) ->
                log.error("Elasticsearch refused audit event {} for good (HTTP {}): {}; kept in {}",
                        event.id(), item.status(), item.error().reason(), outbox.journal().rejectedFile()));
    }
}
