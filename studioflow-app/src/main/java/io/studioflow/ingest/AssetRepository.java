package io.studioflow.ingest;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.core.GetResponse;
import io.studioflow.platform.search.DeferredWrite;
import io.studioflow.platform.search.SearchErrors;
import io.studioflow.platform.search.SearchIndex;
import io.studioflow.platform.search.SearchIndices;
import io.studioflow.platform.search.SearchWrites;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Repository;

/**
 * Assets in Elasticsearch. Steps write partial updates (their own scores, artifacts, the status), so
 * two replicas or a redelivered job never overwrite each other's fields. Writes do not wait for a refresh:
 * an asset is read by id, which is real-time; only the lists may lag by the refresh interval (1 s).
 * Writes go through {@link SearchWrites}: while Elasticsearch is away they wait in its journal, and reads by id
 * see them, so uploads are accepted and processing goes on through an outage.
 */
@Repository
public class AssetRepository {

    private final ElasticsearchClient client;
    private final SearchWrites writes;
    private final String index;

    public AssetRepository(ElasticsearchClient client, SearchWrites writes, SearchIndices indices) {
        this.client = client;
        this.writes = writes;
        this.index = indices.name(SearchIndex.ASSETS);
    }

    public void create(Asset asset) {
        writes.create(index, asset.id(), asset);
    }

    public Optional<Asset> find(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty(); // Elasticsearch would refuse an empty id as a bad request
        }
        List<DeferredWrite> waiting = writes.pendingFor(index, id);
        Asset stored;
        try {
            GetResponse<Asset> response = client.get(g -> g.index(index).id(id), Asset.class);
            stored = response.found() ? response.source() : null;
        } catch (IOException | RuntimeException e) {
            if (waiting.isEmpty() || !SearchErrors.isUnreachable(e)) {
                throw SearchErrors.unchecked("could not read image " + id, e);
            }
            stored = null; // what waits is all there is to know until Elasticsearch is back
        }
        return writes.overlay(stored, waiting, Asset.class);
    }

    public Asset get(String id) {
        return find(id).orElseThrow(() -> new AssetNotFoundException(id));
    }

    /** The most recently changed images, newest first. */
    public List<Asset> latest(int count) {
        try {
            return client.search(s -> s.index(index)
                                    .sort(o -> o.field(f -> f.field("updatedAt").order(SortOrder.Desc)))
                                    .size(count),
                            Asset.class)
                    .hits().hits().stream().map(Hit::source).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list images", e);
        }
    }

    public void updateStatus(String id, AssetStatus status, List<String> reasons) {
        Map<String, Object> doc = new HashMap<>();
        doc.put("status", status);
        if (reasons != null) {
            doc.put("reasons", reasons);
        }
        update(id, doc);
    }

    /** A step's outcome: its scores, the content hashes it produced, and the status it leaves the image in. */
    public void recordStep(String id, String step, Map<String, Object> scores, Map<String, String> artifacts,
                           AssetStatus status, List<String> reasons) {
        Map<String, Object> doc = new HashMap<>();
        if (reasons != null) {
            doc.put("reasons", reasons);
        }
        doc.put("scores", Map.of(step, scores));
        if (artifacts != null && !artifacts.isEmpty()) {
            doc.put("artifacts", artifacts);
        }
        if (status != null) {
            doc.put("status", status);
        }
        update(id, doc);
    }

    public void update(String id, Map<String, Object> partial) {
        Map<String, Object> doc = new HashMap<>(partial);
        doc.put("updatedAt", Instant.now());
        writes.update(index, id, doc);
    }
}
