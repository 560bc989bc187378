package io.studioflow.audit;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sends the outbox to Elasticsearch, oldest first, in bulk {@code create} requests (never index or update):
 * 201 and 409 (the id is there already: an earlier send got through) both count as delivered. While
 * Elasticsearch is unreachable it retries with a doubling back-off and logs the outbox depth; when it is
 * back, it catches up. Bulk writes refresh, so a delivered event is searchable the moment it leaves the
 * outbox (history reads merge the outbox, and no event may be in neither place).
 */
@Component
public class AuditDeliverer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditDeliverer.class);
    private static final int BATCH = 1_000;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);

    private final ElasticsearchClient client;
    private final AuditIndices indices;
    private final AuditOutbox outbox;
    private final Duration maxBackoff;
    private volatile Thread thread;
    private volatile boolean running;
    private volatile String lastError;
    private volatile long delivered;

    public AuditDeliverer(ElasticsearchClient client, AuditIndices indices, AuditOutbox outbox,
                          @Value("${studioflow.audit.max-backoff:PT5S}") Duration maxBackoff) {
        this.client = client;
        this.indices = indices;
        this.outbox = outbox;
        this.maxBackoff = maxBackoff;
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofPlatform().daemon().name("audit-deliverer").start(this::deliverLoop);
    }

    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The last delivery failure, null while deliveries succeed. */
    public String lastError() {
        return lastError;
    }

    /** Events delivered since start. */
    public long deliveredCount() {
        return delivered;
    }

    private void deliverLoop() {
        Duration backoff = FIRST_BACKOFF;
        long outageStarted = 0;
        while (running) {
            try {
                List<AuditEvent> batch = outbox.oldest(BATCH, 1, TimeUnit.SECONDS);
                if (batch.isEmpty()) {
                    continue;
                }
                send(batch);
                if (outageStarted != 0) {
                    log.info("Audit store reachable again after {} s: outbox caught up to {} waiting events",
                            (System.nanoTime() - outageStarted) / 1_000_000_000, outbox.depth());
                    outageStarted = 0;
                }
                lastError = null;
                backoff = FIRST_BACKOFF;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | java.io.IOException e) {
                if (!running) {
                    return;
                }
                lastError = e.toString();
                if (outageStarted == 0) {
                    outageStarted = System.nanoTime();
                    log.warn("Audit store unreachable, {} events wait in the outbox {} (retrying with back-off up to {} s): {}",
                            outbox.depth(), outbox.file(), maxBackoff.toSeconds(), e.toString());
                } else {
                    log.info("Audit store still unreachable: {} events in the outbox", outbox.depth());
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
    }

    private void send(List<AuditEvent> batch) throws java.io.IOException {
        indices.ensureTemplate();
        List<BulkOperation> operations = new ArrayList<>(batch.size());
        for (AuditEvent event : batch) {
            operations.add(BulkOperation.of(b -> b.create(c -> c.index(indices.indexFor(event.time())).id(event.id())
                    .document(event))));
        }
        BulkResponse response = client.bulk(b -> b.operations(operations).refresh(Refresh.True));
        int done = 0;
        List<AuditEvent> refused = new ArrayList<>();
        List<BulkResponseItem> items = response.items();
        for (int i = 0; i < items.size(); i++) {
            BulkResponseItem item = items.get(i);
            int status = item.status();
            if (item.error() == null || status == 409) {
                done++;
            } else if (status == 429 || status >= 500) {
                break; // try again from here; those after it that got through will answer 409
            } else {
                log.error("Elasticsearch refused audit event {} for good (HTTP {}): {}; kept in {}",
                        batch.get(i).id(), status, item.error().reason(), outbox.file().resolveSibling("outbox-rejected.jsonl"));
                refused.add(batch.get(i));
                done++;
            }
        }
        outbox.delivered(done, refused);
        delivered += done - refused.size();
        if (done < batch.size()) {
            throw new java.io.IOException("Elasticsearch could not take " + (batch.size() - done) + " audit events yet");
        }
    }
}
