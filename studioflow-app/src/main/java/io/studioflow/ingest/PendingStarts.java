package io.studioflow.ingest;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import io.studioflow.platform.search.SearchIndex;
import io.studioflow.platform.roles.InstanceRoles;
import io.studioflow.platform.search.SearchIndices;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Starts the flows of accepted images that could not be started at upload (engine away). */
@Component
class PendingStarts {

    private static final Logger log = LoggerFactory.getLogger(PendingStarts.class);

    private final ElasticsearchClient client;
    private final String index;
    private final IngestService ingest;
    private final InstanceRoles roles;

    PendingStarts(ElasticsearchClient client, SearchIndices indices, IngestService ingest, InstanceRoles roles) {
        this.roles = roles;
        this.client = client;
        this.index = indices.name(SearchIndex.ASSETS);
        this.ingest = ingest;
    }

    @Scheduled(initialDelayString = "PT15S", fixedDelayString = "${studioflow.ingest.pending-start-interval:PT15S}")
    void startPending() {
        if (!roles.ui()) {
            return; // intake belongs to the ui instances
        }
        try {
            List<Asset> waiting = client.search(s -> s.index(index)
                            .query(q -> q.bool(b -> b
                                    .must(m -> m.term(t -> t.field("status").value(AssetStatus.CAPTURE.name())))
                                    // older than a minute: younger ones may still be starting in their upload request
                                    .must(m -> m.range(r -> r.untyped(u -> u.field("createdAt").lt(JsonData.of("now-1m")))))
                                    .mustNot(m -> m.exists(e -> e.field("processInstanceKey")))))
                            .size(100), Asset.class)
                    .hits().hits().stream().map(Hit::source).toList();
            waiting.forEach(ingest::startFlow);
        } catch (IOException | RuntimeException e) {
            log.debug("pending starts not checked this time: {}", e.getMessage());
        }
    }
}
