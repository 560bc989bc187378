package io.studioflow.ingest.batch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import io.studioflow.ingest.Asset;
import io.studioflow.ingest.AssetStatus;
import io.studioflow.ingest.IngestService;
import io.studioflow.platform.search.SearchErrors;
import io.studioflow.platform.search.SearchIndex;
import io.studioflow.platform.roles.InstanceRoles;
import io.studioflow.platform.search.SearchIndices;
import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Back-pressure: starts queued images only while fewer than {@code studioflow.ingest.max-in-flight} images are in
 * machine work (capture QC to publishing), highest priority and oldest first. A batch of thousands thus costs the
 * engine and the workers no more than a handful of images at a time, and memory stays flat whatever its size. Images
 * waiting for a person take no machine and do not count; nor does an image whose flow has not moved for
 * {@link #STALLED_AFTER} (an incident), so one broken image cannot stop a batch.
 *
 * <p>An image is taken from the queue by a compare-and-set on its document, so two instances feeding from the same
 * queue never start the same image twice.
 */
@Component
public class BatchFeeder {

    static final String STALLED_AFTER = "now-10m";
    private static final Logger log = LoggerFactory.getLogger(BatchFeeder.class);
    /** Started images Elasticsearch may not show as in flight yet (refresh interval), remembered this long. */
    private static final long JUST_STARTED_MS = 5_000;

    private final ElasticsearchClient client;
    private final String index;
    private final IngestService ingest;
    private final int maxInFlight;
    private final InstanceRoles roles;
    private final Map<String, Long> justStarted = new ConcurrentHashMap<>();

    public BatchFeeder(ElasticsearchClient client, SearchIndices indices, IngestService ingest, InstanceRoles roles,
                       @Value("${studioflow.ingest.max-in-flight:0}") int maxInFlight) {
        this.roles = roles;
        this.client = client;
        this.index = indices.name(SearchIndex.ASSETS);
        this.ingest = ingest;
        // enough to keep every worker busy (segmentation runs one job per core, the light steps four each)
        this.maxInFlight = maxInFlight > 0 ? maxInFlight : Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
    }

    public int maxInFlight() {
        return maxInFlight;
    }

    @Scheduled(initialDelayString = "PT2S", fixedDelayString = "${studioflow.ingest.feed-interval:PT1S}")
    void feed() {
        if (!roles.ui()) {
            return; // intake belongs to the ui instances; a pure worker only works the jobs
        }
        try {
            int room = maxInFlight - inFlight();
            if (room > 0) {
                startQueued(room);
            }
        } catch (RuntimeException e) {
            log.debug("queued images not fed this time: {}", e.toString());
        }
    }

    /** Images in machine work now: what Elasticsearch shows, and those started too recently to show yet. */
    int inFlight() {
        long now = System.currentTimeMillis();
        justStarted.values().removeIf(at -> now - at > JUST_STARTED_MS);
        Set<String> ids = new HashSet<>(justStarted.keySet());
        try {
            client.search(s -> s.index(index).size(maxInFlight * 4).source(src -> src.fetch(false))
                            .query(q -> q.bool(b -> b
                                    .filter(f -> f.terms(t -> t.field("status").terms(v -> v.value(List.of(
                                            FieldValue.of(AssetStatus.CAPTURE.name()),
                                            FieldValue.of(AssetStatus.PROCESSING.name()))))))
                                    .filter(f -> f.range(r -> r.untyped(u -> u.field("updatedAt").gt(JsonData.of(STALLED_AFTER)))))
                                    .mustNot(m -> m.exists(e -> e.field("failure"))))), Void.class)
                    .hits().hits().forEach(h -> ids.add(h.id()));
        } catch (IOException | RuntimeException e) {
            throw SearchErrors.unchecked("could not count the images in flight", e);
        }
        return ids.size();
    }

    private void startQueued(int room) {
        List<Hit<Asset>> queued;
        try {
            queued = client.search(s -> s.index(index).size(room).seqNoPrimaryTerm(true)
                            .query(q -> q.term(t -> t.field("status").value(AssetStatus.QUEUED.name())))
                            .sort(o -> o.field(f -> f.field("priority").order(SortOrder.Desc)))
                            .sort(o -> o.field(f -> f.field("createdAt").order(SortOrder.Asc))), Asset.class)
                    .hits().hits();
        } catch (IOException | RuntimeException e) {
            throw SearchErrors.unchecked("could not read the queue", e);
        }
        for (Hit<Asset> hit : queued) {
            if (take(hit)) {
                justStarted.put(hit.id(), System.currentTimeMillis());
                ingest.startFlow(withStatus(hit.source(), AssetStatus.CAPTURE));
            }
        }
    }

    /** Moves the image from the queue to capture, unless someone else (a cancel, another instance) changed it first. */
    private boolean take(Hit<Asset> hit) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", AssetStatus.CAPTURE);
        Instant now = Instant.now();
        doc.put("startedAt", now);
        doc.put("updatedAt", now);
        try {
            client.update(u -> u.index(index).id(hit.id()).doc(doc).ifSeqNo(hit.seqNo()).ifPrimaryTerm(hit.primaryTerm()),
                    Asset.class);
            return true;
        } catch (IOException | RuntimeException e) {
            if (SearchErrors.isConflict(e)) {
                return false;
            }
            throw SearchErrors.unchecked("could not take image " + hit.id() + " from the queue", e);
        }
    }

    private static Asset withStatus(Asset a, AssetStatus status) {
        return new Asset(a.id(), a.sku(), a.brand(), a.preset(), status, a.originalHash(), a.originalName(),
                a.contentType(), a.width(), a.height(), a.processInstanceKey(), a.uploadedBy(), a.createdAt(),
                Instant.now(), a.reasons(), a.scores(), a.artifacts(), a.renditions(), a.priority(), a.session(),
                a.template(), a.processId(), a.batchId(), a.angle());
    }
}
