package io.studioflow.ingest;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.core.GetResponse;
import io.studioflow.platform.search.SearchIndex;
import io.studioflow.platform.search.SearchIndices;
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
 */
@Repository
public class AssetRepository {

    private final ElasticsearchClient client;
    private final String index;

    public AssetRepository(ElasticsearchClient client, SearchIndices indices) {
        this.client = client;
        this.index = indices.name(SearchIndex.ASSETS);
    }

    public void create(Asset asset) {
        try {
            client.create(c -> c.index(index).id(asset.id()).document(asset));
        } catch (IOException e) {
            throw new UncheckedIOException("could not store image " + asset.id(), e);
        }
    }

    public Optional<Asset> find(String id) {
        try {
            GetResponse<Asset> response = client.get(g -> g.index(index).id(id), Asset.class);
            return response.found() ? Optional.ofNullable(response.source()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read image " + id, e);
        }
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
        try {
            client.update(u -> u.index(index).id(id).doc(doc).retryOnConflict(5), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException("could not update image " + id, e);
        }
    }
}
