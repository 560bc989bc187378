package io.studioflow.review;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.studioflow.platform.search.SearchErrors;
import io.studioflow.platform.search.SearchIndex;
import io.studioflow.platform.search.SearchIndices;
import io.studioflow.platform.storage.Hashes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.springframework.stereotype.Repository;

/** Each person's named inbox filters, kept in Elasticsearch so they follow them to any browser. */
@Repository
public class SavedFilters {

    /** A named filter of one person. */
    public record SavedFilter(String user, String name, InboxQuery query, Instant savedAt) {
    }

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} ._()+-]{1,60}");
    private static final int MAX_PER_USER = 50;

    private final ElasticsearchClient client;
    private final String index;

    public SavedFilters(ElasticsearchClient client, SearchIndices indices) {
        this.client = client;
        this.index = indices.name(SearchIndex.FILTERS);
    }

    public List<SavedFilter> of(String user) {
        try {
            return client.search(s -> s.index(index)
                                    .query(q -> q.term(t -> t.field("user").value(user)))
                                    .sort(o -> o.field(f -> f.field("name").order(SortOrder.Asc)))
                                    .size(MAX_PER_USER),
                            SavedFilter.class)
                    .hits().hits().stream().map(Hit::source).filter(Objects::nonNull).toList();
        } catch (IOException | ElasticsearchException e) {
            throw SearchErrors.unchecked("could not read the saved filters of " + user, e);
        }
    }

    /** Saves (or replaces) a filter under a name. */
    public SavedFilter save(String user, String name, InboxQuery query) {
        String trimmed = name == null ? "" : name.strip();
        if (!NAME.matcher(trimmed).matches()) {
            throw new IllegalDecisionException("a filter name is 1-60 letters, digits, spaces or ._()+-");
        }
        List<SavedFilter> existing = of(user);
        if (existing.stream().noneMatch(f -> f.name().equals(trimmed)) && existing.size() >= MAX_PER_USER) {
            throw new IllegalDecisionException("you have " + MAX_PER_USER + " saved filters already; delete one first");
        }
        SavedFilter filter = new SavedFilter(user, trimmed, query, Instant.now());
        try {
            client.index(i -> i.index(index).id(id(user, trimmed)).document(filter).refresh(Refresh.True));
            return filter;
        } catch (IOException | ElasticsearchException e) {
            throw SearchErrors.unchecked("could not save filter " + trimmed, e);
        }
    }

    public void delete(String user, String name) {
        try {
            client.delete(d -> d.index(index).id(id(user, name)).refresh(Refresh.True));
        } catch (IOException | ElasticsearchException e) {
            throw SearchErrors.unchecked("could not delete filter " + name, e);
        }
    }

    // user and name may hold any characters: the id is a digest, never built from them directly
    private static String id(String user, String name) {
        return Hashes.sha256((user + "\n" + name).getBytes(StandardCharsets.UTF_8));
    }
}
