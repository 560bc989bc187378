package io.studioflow.ingest.batch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import co.elastic.clients.util.NamedValue;
import io.studioflow.audit.Actor;
import io.studioflow.audit.AuditEvent;
import io.studioflow.audit.AuditIndices;
import io.studioflow.audit.AuditLog;
import io.studioflow.flows.ProcessStarter;
import io.studioflow.ingest.Asset;
import io.studioflow.ingest.AssetStatus;
import io.studioflow.platform.search.SearchErrors;
import io.studioflow.platform.search.SearchIndex;
import io.studioflow.platform.search.SearchIndices;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** A batch followed, cancelled and retried; its stages are always counted on its images. */
@Service
public class BatchService {

    private static final Logger log = LoggerFactory.getLogger(BatchService.class);
    private static final int PAGE = 500;
    private static final int SLOWEST = 5;

    private final BatchRepository batches;
    private final ElasticsearchClient client;
    private final String assetIndex;
    private final AuditIndices auditIndices;
    private final AuditLog audit;
    private final ProcessStarter starter;

    public BatchService(BatchRepository batches, ElasticsearchClient client, SearchIndices indices,
                        AuditIndices auditIndices, AuditLog audit, ProcessStarter starter) {
        this.batches = batches;
        this.client = client;
        this.assetIndex = indices.name(SearchIndex.ASSETS);
        this.auditIndices = auditIndices;
        this.audit = audit;
        this.starter = starter;
    }

    public BatchProgress progress(String id) {
        Batch batch = batches.get(id);
        Query ofBatch = ofBatch(id);
        try {
            SearchResponse<Void> response = client.search(s -> s.index(assetIndex).size(0).query(ofBatch)
                    .aggregations("stages", a -> a.terms(t -> t.field("status").size(AssetStatus.values().length)))
                    .aggregations("failed", a -> a.filter(failed(id)))
                    .aggregations("firstStarted", a -> a.min(m -> m.field("startedAt")))
                    .aggregations("lastChanged", a -> a.max(m -> m.field("updatedAt"))), Void.class);
            Map<String, Aggregate> aggs = response.aggregations();
            Map<AssetStatus, Long> stages = new EnumMap<>(AssetStatus.class);
            for (AssetStatus status : AssetStatus.values()) {
                stages.put(status, 0L);
            }
            for (StringTermsBucket bucket : aggs.get("stages").sterms().buckets().array()) {
                stages.put(AssetStatus.valueOf(bucket.key().stringValue()), bucket.docCount());
            }
            long total = stages.values().stream().mapToLong(Long::longValue).sum();
            long failed = aggs.get("failed").filter().docCount();
            long finished = stages.get(AssetStatus.PUBLISHED) + stages.get(AssetStatus.REJECTED) + stages.get(AssetStatus.CANCELLED);
            long people = stages.get(AssetStatus.IN_REVIEW) + stages.get(AssetStatus.RETAKE);
            long remaining = stages.get(AssetStatus.QUEUED) + stages.get(AssetStatus.CAPTURE) + stages.get(AssetStatus.PROCESSING);
            Double min = aggs.get("firstStarted").min().value();
            Instant firstStarted = min == null || min.isInfinite() || min.isNaN() ? null : Instant.ofEpochMilli(min.longValue());
            Double perMinute = null;
            Long eta = null;
            long left = total - remaining - stages.get(AssetStatus.CANCELLED);
            if (firstStarted != null) {
                // once the machine is done, its pace is measured up to the last change, not up to now
                Double last = aggs.get("lastChanged").max().value();
                Instant until = remaining == 0 && last != null && !last.isInfinite() ? Instant.ofEpochMilli(last.longValue()) : Instant.now();
                double minutes = Math.max(1.0 / 60, Duration.between(firstStarted, until).toMillis() / 60_000.0);
                perMinute = left / minutes;
                long stillToDo = batch.status() == BatchStatus.CANCELLED ? remaining - stages.get(AssetStatus.QUEUED) : remaining;
                if (stillToDo == 0) {
                    eta = 0L;
                } else if (perMinute > 0) {
                    eta = Math.round(stillToDo / perMinute * 60);
                } // else no image has left the machine yet: no pace to go by

            }
            return new BatchProgress(batch, stages, total, failed, finished, people, remaining, firstStarted, perMinute,
                    eta, slowest(id));
        } catch (IOException | RuntimeException e) {
            throw SearchErrors.unchecked("could not count batch " + id, e);
        }
    }

    /**
     * Cancels the batch: no more of its photos are read and none of its queued images starts; they become
     * {@link AssetStatus#CANCELLED}, each with an audit event saying who cancelled. Images already in the flow run to
     * their end (published, in an inbox or sent back), the state anyone would expect of them. Returns how many images
     * were cancelled.
     */
    public int cancel(String id, Actor by) {
        Batch batch = batches.get(id);
        Instant now = Instant.now();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", BatchStatus.CANCELLED);
        doc.put("cancelledBy", by.name());
        doc.put("cancelledAt", now);
        batches.update(batch.id(), doc);
        int cancelled = cancelQueued(batch, by);
        log.info("batch {} cancelled by {}: {} queued images cancelled", id, by.name(), cancelled);
        return cancelled;
    }

    /**
     * Marks the batch's queued images cancelled, each with an audit event; also for the photos its reader queued in the
     * moment between the cancel and its next look at the batch. Returns how many.
     */
    int cancelQueued(Batch batch, Actor by) {
        Instant now = Instant.now();
        int[] cancelled = {0};
        forEachImage(batch.id(), statusIs(AssetStatus.QUEUED), hit -> {
            if (compareAndSet(hit, Map.of("status", AssetStatus.CANCELLED,
                    "reasons", List.of("batch cancelled by " + by.name()), "updatedAt", Instant.now()))) {
                cancelled[0]++;
                Asset a = hit.source();
                audit.record(new AuditEvent(a.id() + ":batch-cancelled:" + now.toEpochMilli(), a.id(), a.sku(),
                        "batch", "batch-cancelled", null, by, "CANCELLED", "batch " + batch.name() + " cancelled",
                        null, Map.of("batch", batch.id()), null, null, null, now));
            }
        });
        return cancelled[0];
    }

    /**
     * Starts again the batch's cancelled images and those whose flow failed or stalled (their instance is cancelled
     * first, so no image runs twice); they queue again like new ones. Returns how many.
     */
    public int retry(String id, Actor by) {
        Batch batch = batches.get(id);
        if (batch.status() == BatchStatus.CANCELLED) {
            Map<String, Object> doc = new HashMap<>();
            doc.put("status", BatchStatus.OPEN);
            doc.put("cancelledBy", null);
            doc.put("cancelledAt", null);
            batches.update(id, doc);
        }
        Instant now = Instant.now();
        int[] retried = {0};
        Query retriable = Query.of(q -> q.bool(b -> b
                .should(statusIs(AssetStatus.CANCELLED))
                .should(failed(id))
                .minimumShouldMatch("1")));
        forEachImage(id, retriable, hit -> {
            Asset a = hit.source();
            if (a.processInstanceKey() != null && a.status() != AssetStatus.CANCELLED) {
                starter.cancel(a.processInstanceKey());
            }
            Map<String, Object> doc = new HashMap<>();
            doc.put("status", AssetStatus.QUEUED);
            doc.put("processInstanceKey", null);
            doc.put("failure", null);
            doc.put("reasons", List.of());
            doc.put("updatedAt", Instant.now());
            if (compareAndSet(hit, doc)) {
                retried[0]++;
                audit.record(new AuditEvent(a.id() + ":batch-retry:" + now.toEpochMilli(), a.id(), a.sku(), "batch",
                        "batch-retry", a.processInstanceKey(), by, "RETRY", "was " + a.status(), null,
                        Map.of("batch", id), null, null, null, now));
            }
        });
        log.info("batch {}: {} images queued again by {}", id, retried[0], by.name());
        return retried[0];
    }

    /** The batch's images in SKU order, of one status (null: all). */
    public void forEachImage(String id, AssetStatus status, Consumer<Asset> each) {
        forEachImage(id, status == null ? Query.of(q -> q.matchAll(m -> m)) : statusIs(status), hit -> each.accept(hit.source()));
    }

    /** The batch's published images in SKU order, for the export. */
    public void forEachPublished(String id, Consumer<Asset> each) {
        forEachImage(id, statusIs(AssetStatus.PUBLISHED), hit -> each.accept(hit.source()));
    }

    private List<BatchProgress.SlowImage> slowest(String id) throws IOException {
        // the images that left machine work, then their machine time summed from the audit trail's step durations
        Map<String, Asset> images = new HashMap<>();
        List<String> ids = new ArrayList<>();
        // called on every progress poll: what the last refresh shows is enough, and only the fields shown are read
        forEachImage(id, Query.of(q -> q.bool(b -> b.mustNot(statusIs(AssetStatus.QUEUED)).mustNot(statusIs(AssetStatus.CANCELLED)))),
                false, List.of("id", "sku", "angle", "status"), hit -> {
                    images.put(hit.id(), hit.source());
                    ids.add(hit.id());
                });
        if (ids.isEmpty()) {
            return List.of();
        }
        SearchResponse<Void> response = client.search(s -> s.index(auditIndices.pattern()).size(0)
                .query(q -> q.bool(b -> b
                        .filter(f -> f.terms(t -> t.field("imageId").terms(v -> v.value(ids.stream().map(FieldValue::of).toList()))))
                        .mustNot(m -> m.term(t -> t.field("actor.type").value("USER")))))
                .aggregations("images", a -> a.terms(t -> t.field("imageId").size(SLOWEST)
                                .order(NamedValue.of("machine", SortOrder.Desc)))
                        .aggregations("machine", sa -> sa.sum(m -> m.field("durationMs")))), Void.class);
        List<BatchProgress.SlowImage> slowest = new ArrayList<>();
        for (StringTermsBucket bucket : response.aggregations().get("images").sterms().buckets().array()) {
            Asset a = images.get(bucket.key().stringValue());
            double ms = bucket.aggregations().get("machine").sum().value();
            if (a != null) {
                slowest.add(new BatchProgress.SlowImage(a.id(), a.sku(), a.angle(), a.status(), ms / 1000.0));
            }
        }
        return slowest;
    }

    private Query ofBatch(String id) {
        return Query.of(q -> q.term(t -> t.field("batchId").value(id)));
    }

    private static Query statusIs(AssetStatus status) {
        return Query.of(q -> q.term(t -> t.field("status").value(status.name())));
    }

    /** Failed on a technical fault, or in machine work without a move for ten minutes. */
    private static Query failed(String id) {
        return Query.of(q -> q.bool(b -> b
                .filter(f -> f.terms(t -> t.field("status").terms(v -> v.value(List.of(
                        FieldValue.of(AssetStatus.CAPTURE.name()), FieldValue.of(AssetStatus.PROCESSING.name()))))))
                .should(s -> s.exists(e -> e.field("failure")))
                .should(s -> s.range(r -> r.untyped(u -> u.field("updatedAt").lt(JsonData.of(BatchFeeder.STALLED_AFTER)))))
                .minimumShouldMatch("1")));
    }

    /** Every image of the batch that matches, as just written (after a refresh): cancel and retry change them. */
    private void forEachImage(String id, Query which, Consumer<Hit<Asset>> each) {
        forEachImage(id, which, true, null, each);
    }

    /** {@code fields}: the source fields to read (null: all). */
    private void forEachImage(String id, Query which, boolean refresh, List<String> fields, Consumer<Hit<Asset>> each) {
        try {
            if (refresh) {
                client.indices().refresh(r -> r.index(assetIndex));
            }
            List<FieldValue> after = null;
            while (true) {
                List<FieldValue> from = after;
                List<Hit<Asset>> hits = client.search(s -> {
                    s.index(assetIndex).size(PAGE).seqNoPrimaryTerm(true)
                            .source(src -> fields == null ? src.fetch(true) : src.filter(f -> f.includes(fields)))
                            .query(q -> q.bool(b -> b.filter(ofBatch(id)).filter(which)))
                            .sort(o -> o.field(f -> f.field("sku").order(SortOrder.Asc)))
                            .sort(o -> o.field(f -> f.field("id").order(SortOrder.Asc)));
                    if (from != null) {
                        s.searchAfter(from);
                    }
                    return s;
                }, Asset.class).hits().hits();
                hits.forEach(each);
                if (hits.size() < PAGE) {
                    return;
                }
                after = hits.getLast().sort();
            }
        } catch (IOException | RuntimeException e) {
            throw SearchErrors.unchecked("could not go through batch " + id, e);
        }
    }

    private boolean compareAndSet(Hit<Asset> hit, Map<String, Object> doc) {
        try {
            client.update(u -> u.index(assetIndex).id(hit.id()).doc(doc).ifSeqNo(hit.seqNo()).ifPrimaryTerm(hit.primaryTerm()),
                    Asset.class);
            return true;
        } catch (IOException | RuntimeException e) {
            if (SearchErrors.isConflict(e)) {
                return false; // it moved on meanwhile (the feeder started it): it is in the flow, a clear state
            }
            throw SearchErrors.unchecked("could not change image " + hit.id(), e);
        }
    }
}
