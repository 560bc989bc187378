package io.studioflow.audit;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.search.Hit;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * The audit trail of every image: append-only and tamper-evident. There is no update or delete here (nor
 * anywhere in the application): events are created, and Elasticsearch writes are {@code op_type=create}.
 *
 * <p>{@link #record} links the event into its image's hash chain under a per-image lock (sequence, previous
 * hash, hash), appends it to the durable {@link AuditOutbox} and waits briefly for the {@link AuditDeliverer}
 * to bring it to Elasticsearch (not at all during an outage), so that the next step, on whichever instance it
 * runs, finds it there. The chain's head (last sequence, hash, and the event ids already in the chain) comes
 * from a small in-memory cache, else from the outbox and Elasticsearch. An event whose id is already in the
 * chain (a redelivered job) is not appended again.
 *
 * <p>Several instances may append to one image's chain (its steps run on whichever worker takes the job). The
 * head this instance knows may then be behind; the deliverer's {@link ChainLinks} claim puts such an event after
 * the chain's real end, and this instance forgets the stale head.
 */
@Service
public class AuditLog {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    private static final int CACHED_CHAINS = 20_000;
    private static final int LOCK_STRIPES = 256;
    /** An image has a few dozen events; this many is far beyond any real history. */
    static final int MAX_HISTORY = 10_000;

    private final ElasticsearchClient client;
    private final AuditIndices indices;
    private final AuditOutbox outbox;
    private final AuditDeliverer deliverer;
    private final Duration deliveryWait;
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];
    private final Map<String, ChainHead> heads = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ChainHead> eldest) {
            return size() > CACHED_CHAINS;
        }
    };

    /** What the chain of one image ends with, and which event ids it holds. */
    private static final class ChainHead {
        long sequence;
        String hash;
        String sku;
        String brand;
        String batch;
        Long processInstanceKey;
        Integer processDefinitionVersion;
        final Set<String> ids = new HashSet<>();

        void append(AuditEvent event) {
            sequence = event.sequence();
            hash = event.hash();
            ids.add(event.id());
            if (event.sku() != null) sku = event.sku();
            if (event.brand() != null) brand = event.brand();
            if (event.batch() != null) batch = event.batch();
            if (event.processInstanceKey() != null) {
                processInstanceKey = event.processInstanceKey();
                processDefinitionVersion = event.processDefinitionVersion();
            }
        }
    }

    public AuditLog(ElasticsearchClient client, AuditIndices indices, AuditOutbox outbox, AuditDeliverer deliverer,
                    @Value("${studioflow.audit.delivery-wait:PT2S}") Duration deliveryWait) {
        this.client = client;
        this.indices = indices;
        this.outbox = outbox;
        this.deliverer = deliverer;
        this.deliveryWait = deliveryWait;
        deliverer.onRelinked(this::forget);
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /**
     * Links the event into its image's chain and stores it durably (Elasticsearch gets it from the outbox,
     * now or when it is reachable again). Brand, batch, sku and flow version the caller left out are taken
     * from the image's earlier events.
     *
     * @return false if an event with this id is already in the chain (nothing was stored)
     * @throws AuditUnavailableException only if Elasticsearch is unreachable and this process knows nothing of
     *                                   the image's chain (not cached, nothing in the outbox)
     */
    public boolean record(AuditEvent event) {
        Objects.requireNonNull(event.id(), "an audit event needs an id");
        Objects.requireNonNull(event.imageId(), "an audit event needs an image id");
        long ticket;
        ReentrantLock lock = lockFor(event.imageId());
        lock.lock();
        try {
            ChainHead head = head(event.imageId());
            if (head.ids.contains(event.id())) {
                return false;
            }
            AuditEvent filled = event.withContext(head.brand, head.batch,
                    Objects.equals(head.processInstanceKey, event.processInstanceKey()) ? head.processDefinitionVersion : null);
            if (filled.sku() == null && head.sku != null) {
                filled = filled.withSku(head.sku);
            }
            AuditEvent linked = filled.chained(head.sequence + 1, head.hash);
            ticket = outbox.append(linked);
            head.append(linked);
        } finally {
            lock.unlock();
        }
        try {
            deliverer.awaitDelivered(ticket, deliveryWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stored durably already: delivery goes on without us
        }
        return true;
    }

    /** Drops the cached head of an image whose chain another instance extended: the next event reloads it. */
    private void forget(String imageId) {
        synchronized (heads) {
            heads.remove(imageId);
        }
    }

    /**
     * The first event of an image just created: its chain is known to be empty, so this works while Elasticsearch
     * is away too (an upload is accepted through an outage).
     */
    public boolean recordFirst(AuditEvent event) {
        synchronized (heads) {
            heads.putIfAbsent(event.imageId(), new ChainHead());
        }
        return record(event);
    }

    /** The image's events in chain order (by sequence), including those still waiting in the outbox. */
    public List<AuditEvent> history(String imageId) {
        List<AuditEvent> stored;
        try {
            stored = stored(imageId);
        } catch (IOException | ElasticsearchException e) {
            throw new AuditUnavailableException("The audit store (Elasticsearch) cannot be reached to read the history of image "
                    + imageId + "; " + outbox.depth() + " events wait in the outbox and will be delivered when it is back", e);
        }
        return merge(stored, outbox.pendingFor(imageId));
    }

    /** Checks the image's chain: every hash, every link, sequences 1..n without gaps. */
    public ChainVerifier.Verification verify(String imageId) {
        List<AuditEvent> events = history(imageId);
        ChainHead head;
        synchronized (heads) {
            head = heads.get(imageId);
        }
        return ChainVerifier.verify(events, head == null ? null : head.sequence);
    }

    /** Events waiting in the outbox for Elasticsearch. */
    public int outboxDepth() {
        return outbox.depth();
    }

    private ChainHead head(String imageId) {
        synchronized (heads) {
            ChainHead cached = heads.get(imageId);
            if (cached != null) {
                return cached;
            }
        }
        List<AuditEvent> pending = outbox.pendingFor(imageId);
        List<AuditEvent> known;
        try {
            known = merge(stored(imageId), pending);
        } catch (IOException | RuntimeException e) {
            if (pending.isEmpty()) {
                throw new AuditUnavailableException("The audit store (Elasticsearch) cannot be reached and image " + imageId
                        + " has no events in this process's outbox, so its chain head is unknown", e);
            }
            log.warn("Audit store unreachable: chain of image {} continues from the outbox", imageId);
            known = pending;
        }
        ChainHead head = new ChainHead();
        for (AuditEvent event : known) {
            if (event.sequence() != null && event.sequence() >= head.sequence) {
                head.append(event);
            } else {
                head.ids.add(event.id());
            }
        }
        synchronized (heads) {
            heads.put(imageId, head);
        }
        return head;
    }

    private List<AuditEvent> stored(String imageId) throws IOException {
        return client.search(s -> s.index(indices.pattern())
                                .query(q -> q.term(t -> t.field("imageId").value(imageId)))
                                .sort(o -> o.field(f -> f.field("sequence").order(SortOrder.Asc)))
                                .sort(o -> o.field(f -> f.field("time").order(SortOrder.Asc)))
                                .size(MAX_HISTORY),
                        AuditEvent.class)
                .hits().hits().stream().map(Hit::source).toList();
    }

    private static List<AuditEvent> merge(List<AuditEvent> stored, List<AuditEvent> pending) {
        if (pending.isEmpty()) {
            return stored;
        }
        Set<String> ids = new HashSet<>();
        stored.forEach(e -> ids.add(e.id()));
        List<AuditEvent> all = new ArrayList<>(stored);
        pending.stream().filter(e -> !ids.contains(e.id())).forEach(all::add);
        all.sort(Comparator.comparing((AuditEvent e) -> e.sequence() == null ? 0L : e.sequence())
                .thenComparing(AuditEvent::time, Comparator.nullsFirst(Comparator.naturalOrder())));
        return all;
    }

    private ReentrantLock lockFor(String imageId) {
        return locks[Math.floorMod(imageId.hashCode(), LOCK_STRIPES)];
    }
}
