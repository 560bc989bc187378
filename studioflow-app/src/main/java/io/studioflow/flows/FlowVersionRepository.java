package io.studioflow.flows;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.studioflow.platform.search.SearchErrors;
import io.studioflow.platform.search.SearchIndex;
import io.studioflow.platform.search.SearchIndices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Repository;

/**
 * Deployed versions in Elasticsearch, one document per engine definition key. The embedded engine forgets
 * its definitions on restart and numbers them from 1 again; when two records share a version number the
 * newer one is the one the engine now runs, so reads keep the latest record per version.
 */
@Repository
public class FlowVersionRepository {

    private static final int MAX_RECORDS = 10_000;

    private final ElasticsearchClient client;
    private final String index;

    public FlowVersionRepository(ElasticsearchClient client, SearchIndices indices) {
        this.client = client;
        this.index = indices.name(SearchIndex.FLOW_VERSIONS);
    }

    /** Stores the record unless one with its id exists (the same definition deployed again); true if new. */
    public boolean saveIfAbsent(FlowVersion version) {
        try {
            // deploys are rare and the caller lists versions right after: make it visible now
            client.create(c -> c.index(index).id(version.id()).document(version).refresh(Refresh.WaitFor));
            return true;
        } catch (IOException | ElasticsearchException e) {
            if (SearchErrors.isConflict(e)) {
                return false;
            }
            throw SearchErrors.unchecked("could not record version " + version.version() + " of " + version.resourceId(), e);
        }
    }

    /** Versions of one process or decision, oldest first. */
    public List<FlowVersion> versions(String resourceId) {
        Map<Integer, FlowVersion> byVersion = new LinkedHashMap<>();
        for (FlowVersion record : search(resourceId)) {
            byVersion.put(record.version(), record); // records come oldest first: the newest wins
        }
        List<FlowVersion> versions = new ArrayList<>(byVersion.values());
        versions.sort(Comparator.comparingInt(FlowVersion::version));
        return versions;
    }

    public Optional<FlowVersion> version(String resourceId, int version) {
        return versions(resourceId).stream().filter(v -> v.version() == version).findFirst();
    }

    public Optional<FlowVersion> latest(String resourceId) {
        List<FlowVersion> versions = versions(resourceId);
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.getLast());
    }

    /**
     * The version to keep in force instead of a shipped file whose content has the hash {@code shippedSha256}: the one
     * deployed last, unless the shipped content was never deployed (a new release brings it) or is that one.
     */
    public Optional<FlowVersion> inForce(String resourceId, String shippedSha256) {
        List<FlowVersion> records = search(resourceId);
        if (records.isEmpty() || records.stream().noneMatch(r -> r.sha256().equals(shippedSha256))) {
            return Optional.empty();
        }
        FlowVersion last = records.getLast();
        return last.sha256().equals(shippedSha256) ? Optional.empty() : Optional.of(last);
    }

    /** The version deployed last (a rollback deploys an old one as the last), if any was. */
    public Optional<FlowVersion> lastDeployed(String resourceId) {
        List<FlowVersion> records = search(resourceId);
        return records.isEmpty() ? Optional.empty() : Optional.of(records.getLast());
    }

    /** The latest version of every resource of a kind, by resource id. */
    public Map<String, List<FlowVersion>> all(String kind) {
        Map<String, List<FlowVersion>> byResource = new LinkedHashMap<>();
        for (FlowVersion record : search(null)) {
            if (kind == null || kind.equals(record.kind())) {
                byResource.computeIfAbsent(record.resourceId(), id -> new ArrayList<>());
            }
        }
        byResource.replaceAll((id, none) -> versions(id));
        return byResource;
    }

    private List<FlowVersion> search(String resourceId) {
        try {
            return client.search(s -> s.index(index)
                                    .query(q -> resourceId == null ? q.matchAll(m -> m)
                                            : q.term(t -> t.field("resourceId").value(resourceId)))
                                    .sort(o -> o.field(f -> f.field("deployedAt").order(SortOrder.Asc)))
                                    .size(MAX_RECORDS),
                            FlowVersion.class)
                    .hits().hits().stream().map(Hit::source).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list deployed versions", e);
        }
    }
}
