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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sends the outbox to Elasticsearch, oldest first. Each event first claims its place in its image's chain
 * ({@link ChainLinks}: another instance may have appended since it was recorded, and then it is linked anew after
 * the chain's end), then the events go in bulk {@code create} requests (never index or update): 201 and 409 (the
 * id is there already: an earlier send got through) both count as delivered. While Elasticsearch is unreachable
 * the {@link JournalDelivery} retries with back-off. Bulk writes refresh, so a delivered event is searchable the
 * moment it leaves the outbox (history reads merge the outbox, and no event may be in neither place).
 */
@Component
public class AuditDeliverer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditDeliverer.class);
    private static final int BATCH = 1_000;

    private final ElasticsearchClient client;
    private final AuditIndices indices;
    private final AuditOutbox outbox;
    private final ChainLinks links;
    private final JournalDelivery<AuditEvent> delivery;
    private final List<Consumer<String>> relinkListeners = new CopyOnWriteArrayList<>();

    public AuditDeliverer(ElasticsearchClient client, AuditIndices indices, AuditOutbox outbox, ChainLinks links,
                          @Value("${studioflow.audit.max-backoff:PT5S}") Duration maxBackoff) {
        this.client = client;
        this.indices = indices;
        this.outbox = outbox;
        this.links = links;
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

    /** Waits (at most {@code max}, not at all during an outage) until the event with this outbox ticket is delivered. */
    boolean awaitDelivered(long ticket, Duration max) throws InterruptedException {
        return delivery.awaitDelivered(ticket, max);
    }

    /** Hears the image id of every event that was delivered at another place than recorded, or not at all. */
    void onRelinked(Consumer<String> listener) {
        relinkListeners.add(listener);
    }

    private Sent<AuditEvent> send(List<AuditEvent> batch) throws IOException {
        indices.ensureTemplate();
        // the event each recorded one became: relinked, the same, or null (a duplicate, not appended)
        List<AuditEvent> placed = new ArrayList<>(batch.size());
        List<AuditEvent> toCreate = new ArrayList<>(batch.size());
        for (AuditEvent event : batch) {
            AuditEvent now = switch (links.claim(event)) {
                case ChainLinks.Claim.Placed p -> p.event();
                case ChainLinks.Claim.Duplicate d -> {
                    log.info("Audit event {} of image {} is in the chain already at place {} with other content (its "
                            + "job was done twice): this copy is not appended", event.id(), event.imageId(), d.existing().sequence());
                    yield null;
                }
            };
            if (now == null || !now.hash().equals(event.hash())) {
                if (now != null) {
                    // routine when an image's steps run on several instances: their cached heads lag
                    log.debug("Audit event {} of image {} moved from place {} to {}: another instance appended first",
                            event.id(), event.imageId(), event.sequence(), now.sequence());
                }
                relinkListeners.forEach(listener -> listener.accept(event.imageId()));
            }
            placed.add(now);
            if (now != null) {
                toCreate.add(now);
            }
        }
        Sent<AuditEvent> created = Sent.all(List.of());
        if (!toCreate.isEmpty()) {
            List<BulkOperation> operations = new ArrayList<>(toCreate.size());
            for (AuditEvent event : toCreate) {
                operations.add(BulkOperation.of(b -> b.create(c -> c.index(indices.indexFor(event.time())).id(event.id())
                        .document(event))));
            }
            BulkResponse response = client.bulk(b -> b.operations(operations).refresh(Refresh.True));
            // 409: the id is there already, an earlier send got through
            created = BulkResults.sent(response, toCreate, event -> true, (event, item) ->
                    log.error("Elasticsearch refused audit event {} for good (HTTP {}): {}; kept in {}",
                            event.id(), item.status(), item.error().reason(), outbox.journal().rejectedFile()));
        }
        // back from the events sent to the recorded ones the outbox holds
        int done = 0;
        int createdDone = 0;
        List<AuditEvent> refused = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            AuditEvent now = placed.get(i);
            if (now != null) {
                if (createdDone == created.done()) {
                    break;
                }
                createdDone++;
                if (created.refused().contains(now)) {
                    refused.add(batch.get(i));
                }
            }
            done++;
        }
        return new Sent<>(done, refused);
    }
}
