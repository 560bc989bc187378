package io.studioflow.platform.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.studioflow.platform.StudioflowProperties;
import io.studioflow.platform.journal.Journal;
import io.studioflow.platform.journal.JournalDelivery;
import io.studioflow.platform.journal.JournalDelivery.Sent;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Document writes that must not wait for Elasticsearch: the workers' step outcomes and statuses, accepted uploads,
 * colour measurements. A write goes to Elasticsearch at once; if it cannot be reached, the write waits in a durable
 * {@link Journal} ({@code <data dir>/search/deferred-writes.jsonl}) and is delivered in order when it is back, so
 * processing goes on through an outage and nothing is lost, even if this process is killed meanwhile.
 *
 * <p>Order per document is kept: while a document has writes waiting, its new writes wait behind them. Reads by id
 * {@link #overlay} the waiting writes on what Elasticsearch has (or on the waiting create alone while it is away),
 * so whoever reads an image sees every step it went through.
 */
@Component
public class SearchWrites implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SearchWrites.class);
    private static final int BATCH = 500;
    private static final int STRIPES = 64;
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private final ElasticsearchClient client;
    private final ObjectMapper documents;
    private final Journal<DeferredWrite> journal;
    private final JournalDelivery<DeferredWrite> delivery;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    public SearchWrites(ElasticsearchClient client, StudioflowProperties properties,
                        @Value("${studioflow.search.max-backoff:PT5S}") Duration maxBackoff) {
        this.client = client;
        // the client's own mapper: what waits in the journal is the JSON Elasticsearch would have stored
        this.documents = ((JacksonJsonpMapper) client._jsonpMapper()).objectMapper();
        this.journal = new Journal<>("deferred search writes", properties.dataDir().resolve("search").resolve("deferred-writes.jsonl"),
                DeferredWrite.class, documents);
        this.delivery = new JournalDelivery<>(journal, BATCH, maxBackoff, this::send);
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** Creates a document; a document with that id already there is a conflict for the caller. */
    public Outcome create(String index, String id, Object document) {
        return write(index, id, DeferredWrite.Kind.CREATE, document, false);
    }

    /** Stores the whole document, replacing what is there. */
    public Outcome index(String index, String id, Object document, boolean refresh) {
        return write(index, id, DeferredWrite.Kind.INDEX, document, refresh);
    }

    /** Merges the partial document into the stored one. */
    public Outcome update(String index, String id, Map<String, Object> partial) {
        return write(index, id, DeferredWrite.Kind.UPDATE, partial, false);
    }

    /** Where a write went. */
    public enum Outcome {
        STORED,
        /** Elasticsearch is away (or earlier writes of the document still wait): it waits in the journal. */
        DEFERRED
    }

    private Outcome write(String index, String id, DeferredWrite.Kind kind, Object document, boolean refresh) {
        Map<String, Object> json = documents.convertValue(document, JSON_OBJECT);
        ReentrantLock lock = stripes[Math.floorMod((index + '/' + id).hashCode(), STRIPES)];
        lock.lock();
        try {
            DeferredWrite write = new DeferredWrite(UUID.randomUUID().toString(), index, id, kind, json, refresh, Instant.now());
            if (journal.anyPending(w -> w.concerns(index, id))) {
                journal.append(write);
                return Outcome.DEFERRED;
            }
            try {
                writeNow(write);
                return Outcome.STORED;
            } catch (IOException | RuntimeException e) {
                if (!SearchErrors.isUnreachable(e)) {
                    throw SearchErrors.unchecked("could not write " + id + " to " + index, e);
                }
                journal.append(write);
                log.info("Elasticsearch unreachable: {} of {} waits in {} ({} writes waiting)", kind, id, journal.file(), journal.depth());
                return Outcome.DEFERRED;
            }
        } finally {
            lock.unlock();
        }
    }

    private void writeNow(DeferredWrite write) throws IOException {
        Refresh refresh = write.refresh() ? Refresh.True : Refresh.False;
        switch (write.kind()) {
            case CREATE -> client.create(c -> c.index(write.index()).id(write.documentId()).document(write.document()));
            case INDEX -> client.index(i -> i.index(write.index()).id(write.documentId()).document(write.document()).refresh(refresh));
            case UPDATE -> client.update(u -> u.index(write.index()).id(write.documentId()).doc(write.document())
                    .retryOnConflict(5).refresh(refresh), Map.class);
        }
    }

    /** The writes of one document still waiting, oldest first. */
    public List<DeferredWrite> pendingFor(String index, String id) {
        return journal.pending(w -> w.concerns(index, id));
    }

    /** The waiting writes of an index that match, oldest first. */
    public List<DeferredWrite> pending(String index, Predicate<Map<String, Object>> document) {
        return journal.pending(w -> w.index().equals(index) && document.test(w.document()));
    }

    /**
     * The document as it will be once its waiting writes are delivered: {@code stored} (null if Elasticsearch
     * does not have it or cannot be asked) with the writes applied in order. Empty when there is nothing either way.
     */
    public <T> Optional<T> overlay(T stored, List<DeferredWrite> waiting, Class<T> type) {
        if (waiting.isEmpty()) {
            return Optional.ofNullable(stored);
        }
        Map<String, Object> doc = stored == null ? null : documents.convertValue(stored, JSON_OBJECT);
        for (DeferredWrite write : waiting) {
            doc = switch (write.kind()) {
                case CREATE -> doc == null ? new LinkedHashMap<>(write.document()) : doc;
                case INDEX -> new LinkedHashMap<>(write.document());
                case UPDATE -> doc == null ? null : merge(doc, write.document());
            };
        }
        return doc == null ? Optional.empty() : Optional.of(documents.convertValue(doc, type));
    }

    /** Elasticsearch's partial update: objects merge field by field, everything else is replaced. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> stored, Map<String, Object> partial) {
        Map<String, Object> merged = new LinkedHashMap<>(stored);
        partial.forEach((field, value) -> {
            if (value instanceof Map<?, ?> inner && merged.get(field) instanceof Map<?, ?> existing) {
                merged.put(field, merge((Map<String, Object>) existing, (Map<String, Object>) inner));
            } else {
                merged.put(field, value);
            }
        });
        return merged;
    }

    /** Writes waiting for Elasticsearch. */
    public int depth() {
        return journal.depth();
    }

    /** Writes Elasticsearch refused for good (kept in the journal's rejected file). */
    public long rejectedCount() {
        return journal.rejectedCount();
    }

    public String lastError() {
        return delivery.lastError();
    }

    /** In order, in one bulk request: items of one document go to one shard, which applies them in order. */
    private Sent<DeferredWrite> send(List<DeferredWrite> batch) throws IOException {
        List<BulkOperation> operations = new ArrayList<>(batch.size());
        boolean refresh = false;
        for (DeferredWrite write : batch) {
            refresh |= write.refresh();
            operations.add(switch (write.kind()) {
                case CREATE -> BulkOperation.of(b -> b.create(c -> c.index(write.index()).id(write.documentId()).document(write.document())));
                case INDEX -> BulkOperation.of(b -> b.index(i -> i.index(write.index()).id(write.documentId()).document(write.document())));
                case UPDATE -> BulkOperation.of(b -> b.update(u -> u.index(write.index()).id(write.documentId())
                        .retryOnConflict(5).action(a -> a.doc(write.document()))));
            });
        }
        Refresh refreshAfter = refresh ? Refresh.True : Refresh.False;
        BulkResponse response = client.bulk(b -> b.operations(operations).refresh(refreshAfter));
        return BulkResults.sent(response, batch, write -> write.kind() == DeferredWrite.Kind.CREATE, (write, item) ->
                log.error("Elasticsearch refused a deferred {} of {} in {} for good (HTTP {}): {}; kept in {}", write.kind(),
                        write.documentId(), write.index(), item.status(), item.error().reason(), journal.rejectedFile()));
    }

    @Override
    public void start() {
        delivery.start("search-writes");
    }

    @Override
    public void stop() {
        delivery.stop();
    }

    @Override
    public boolean isRunning() {
        return delivery.isRunning();
    }

    @PreDestroy
    void close() throws IOException {
        journal.close();
    }
}
