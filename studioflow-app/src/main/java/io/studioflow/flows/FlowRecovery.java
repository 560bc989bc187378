package io.studioflow.flows;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.studioflow.audit.Actor;
import io.studioflow.audit.AuditEvent;
import io.studioflow.audit.AuditLog;
import io.studioflow.ingest.AssetStatus;
import io.studioflow.platform.search.SearchErrors;
import io.studioflow.platform.search.SearchIndex;
import io.studioflow.platform.search.SearchIndices;
import io.studioflow.platform.search.SearchWrites;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Resumes, after a restart of the embedded engine, every image whose flow that engine forgot: an asset not yet
 * published or rejected whose instance belongs to another engine run is started again, from the beginning, with
 * its original variables, on the product flow in force. Finished work comes back cheap and silent: the workers
 * return the outcomes they kept for the same inputs ({@link StepReuse}), step audit ids are stable so nothing is
 * recorded twice, and the tasks people opened, claimed or decided are taken over by the new instance instead of
 * asked again ({@code TaskService.open}).
 *
 * <p>Each resumption is claimed first by a compare-and-set of the asset's {@code engineRun} on its sequence number,
 * so of two replicas starting at once only one resumes an image. Against a Camunda 8 cluster (durable, its
 * instances live on) this does nothing.
 */
@Component
public class FlowRecovery {

    private static final Logger log = LoggerFactory.getLogger(FlowRecovery.class);
    private static final Actor RECOVERY = Actor.system("flow recovery");
    private static final int PAGE = 500;

    private final ElasticsearchClient client;
    private final SearchWrites writes;
    private final String index;
    private final ProcessStarter starter;
    private final EngineRun run;
    private final AuditLog audit;
    private final AtomicInteger resumed = new AtomicInteger();
    /** Images passed over because writes of theirs still waited for Elasticsearch; tried again on a schedule. */
    private final AtomicBoolean passedOver = new AtomicBoolean();

    public FlowRecovery(ElasticsearchClient client, SearchWrites writes, SearchIndices indices, ProcessStarter starter,
                        EngineRun run, AuditLog audit) {
        this.client = client;
        this.writes = writes;
        this.index = indices.name(SearchIndex.ASSETS);
        this.starter = starter;
        this.run = run;
        this.audit = audit;
    }

    /**
     * Readiness comes after every {@code ApplicationReadyEvent} listener has run, the start-up deploys of
     * {@link FlowDeployments} included: the flow is in force when the images are started on it.
     */
    @EventListener
    public void onReadiness(AvailabilityChangeEvent<ReadinessState> event) {
        if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC && run.embedded()) {
            resumeAll();
        }
    }

    /** Resumes every image an earlier engine run left unfinished; returns how many this call resumed. */
    public int resumeAll() {
        long started = System.nanoTime();
        List<String> ids;
        try {
            ids = unfinishedOfOtherRuns();
        } catch (IOException | RuntimeException e) {
            log.error("could not look for images to resume after the restart: {}", e.toString());
            return 0;
        }
        int count = 0;
        for (String id : ids) {
            try {
                if (resume(id)) {
                    count++;
                }
            } catch (RuntimeException e) {
                log.error("could not resume image {}: {}", id, e.toString());
            }
        }
        resumed.addAndGet(count);
        if (!ids.isEmpty()) {
            log.info("Resumed {} of {} unfinished images of earlier engine runs in {} ms", count, ids.size(),
                    (System.nanoTime() - started) / 1_000_000);
        }
        return count;
    }

    /** Tries again, once their waiting writes are delivered, the images the last pass left for later. */
    @Scheduled(initialDelayString = "PT30S", fixedDelayString = "PT30S")
    void resumePassedOver() {
        if (run.embedded() && passedOver.getAndSet(false)) {
            resumeAll();
        }
    }

    /** How many images this application resumed. */
    public int resumedCount() {
        return resumed.get();
    }

    private List<String> unfinishedOfOtherRuns() throws IOException {
        client.indices().refresh(r -> r.index(index));
        List<String> ids = new ArrayList<>();
        List<FieldValue> after = null;
        while (true) {
            List<FieldValue> from = after;
            SearchResponse<Void> page = client.search(s -> {
                s.index(index).size(PAGE).source(src -> src.fetch(false))
                        .query(q -> q.bool(b -> b
                                .filter(f -> f.exists(e -> e.field("processInstanceKey")))
                                .mustNot(m -> m.terms(t -> t.field("status").terms(v -> v.value(List.of(
                                        FieldValue.of(AssetStatus.PUBLISHED.name()), FieldValue.of(AssetStatus.REJECTED.name()))))))
                                .mustNot(m -> m.term(t -> t.field("engineRun").value(run.id())))))
                        .sort(o -> o.field(f -> f.field("createdAt").order(SortOrder.Asc)))
                        .sort(o -> o.field(f -> f.field("id").order(SortOrder.Asc)));
                if (from != null) {
                    s.searchAfter(from);
                }
                return s;
            }, Void.class);
            List<Hit<Void>> hits = page.hits().hits();
            hits.forEach(hit -> ids.add(hit.id()));
            if (hits.size() < PAGE) {
                return ids;
            }
            after = hits.getLast().sort();
        }
    }

    @SuppressWarnings("unchecked")
    private boolean resume(String id) {
        if (!writes.pendingFor(index, id).isEmpty()) {
            // its latest state still waits in the journal; claiming it on what Elasticsearch has could go wrong
            log.warn("image {} has writes waiting for Elasticsearch; it is resumed when they are delivered", id);
            passedOver.set(true);
            return false;
        }
        GetResponse<Map> read;
        try {
            read = client.get(g -> g.index(index).id(id), Map.class);
        } catch (IOException e) {
            throw SearchErrors.unchecked("could not read image " + id, e);
        }
        if (!read.found() || read.source() == null) {
            return false;
        }
        Map<String, Object> asset = read.source();
        String status = (String) asset.get("status");
        String earlierRun = (String) asset.get("engineRun");
        if (AssetStatus.PUBLISHED.name().equals(status) || AssetStatus.REJECTED.name().equals(status)
                || run.id().equals(earlierRun)) {
            return false;
        }
        Map<String, Object> claim = new LinkedHashMap<>();
        claim.put("engineRun", run.id());
        claim.put("updatedAt", Instant.now());
        try {
            client.update(u -> u.index(index).id(id).doc(claim).ifSeqNo(read.seqNo()).ifPrimaryTerm(read.primaryTerm()),
                    Map.class);
        } catch (IOException | RuntimeException e) {
            if (SearchErrors.isConflict(e)) {
                return false; // another replica resumed it, or it changed meanwhile
            }
            throw SearchErrors.unchecked("could not claim image " + id + " for resumption", e);
        }
        Number priority = (Number) asset.get("priority");
        ImageVariables variables = ImageVariables.start(id, (String) asset.get("sku"), (String) asset.get("brand"),
                (String) asset.get("preset"), (String) asset.get("originalHash"),
                priority == null ? ImageVariables.DEFAULT_PRIORITY : priority.intValue(), (String) asset.get("session"));
        long key;
        try {
            key = starter.start(variables, (String) asset.get("processId"));
        } catch (RuntimeException e) {
            // give the claim back, so the next start tries again
            Map<String, Object> giveBack = new LinkedHashMap<>();
            giveBack.put("engineRun", earlierRun == null ? "none" : earlierRun);
            writes.update(index, id, giveBack);
            throw e;
        }
        audit.record(new AuditEvent(id + ":resumed:" + run.id(), id, variables.sku(), "resume", "flow-recovery", key,
                RECOVERY, "RESUMED", null, List.of("the engine forgot the image's flow in a restart (it was " + status
                + "); started again, finished steps and decisions are taken over"), Map.of(), List.of(), List.of(), null,
                Instant.now()).withContext(variables.brand(), variables.session(), null));
        log.debug("resumed image {} ({}), instance {}", id, status, key);
        return true;
    }
}
