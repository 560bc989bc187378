package io.studioflow.review;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import io.studioflow.platform.search.SearchErrors;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.studioflow.platform.search.SearchIndex;
import io.studioflow.platform.search.SearchIndices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Repository;

/**
 * Tasks in Elasticsearch. Every change is a compare-and-set on the document's sequence number and
 * primary term, so of two replicas or two people changing a task at once exactly one wins. Writes refresh
 * the (one-shard) index at once, about 20 ms, so the next inbox query sees them; waiting for the scheduled
 * refresh instead cost up to a second per claim.
 */
@Repository
public class TaskRepository {

    /** A task read together with the version it was read at. */
    public record Versioned(ReviewTask task, long seqNo, long primaryTerm) {
    }

    private final ElasticsearchClient client;
    private final String index;

    public TaskRepository(ElasticsearchClient client, SearchIndices indices) {
        this.client = client;
        this.index = indices.name(SearchIndex.TASKS);
    }

    /** Creates the task; false if it exists already (a redelivered user-task job). */
    public boolean createIfAbsent(ReviewTask task) {
        try {
            client.create(c -> c.index(index).id(task.id()).document(task).refresh(Refresh.True));
            return true;
        } catch (IOException | ElasticsearchException e) {
            if (SearchErrors.isConflict(e)) {
                return false;
            }
            throw SearchErrors.unchecked("could not store task " + task.id(), e);
        }
    }

    public Versioned get(String id) {
        if (id == null || id.isBlank()) {
            throw new TaskNotFoundException(String.valueOf(id)); // Elasticsearch would refuse an empty id as a bad request
        }
        try {
            GetResponse<ReviewTask> response = client.get(g -> g.index(index).id(id), ReviewTask.class);
            if (!response.found() || response.source() == null) {
                throw new TaskNotFoundException(id);
            }
            return new Versioned(response.source(), response.seqNo(), response.primaryTerm());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read task " + id, e);
        }
    }

    /** Writes the task if nobody changed it since {@code read}; false if someone did. */
    public boolean replace(Versioned read, ReviewTask changed) {
        try {
            client.index(i -> i.index(index).id(changed.id()).document(changed)
                    .ifSeqNo(read.seqNo()).ifPrimaryTerm(read.primaryTerm()).refresh(Refresh.True));
            return true;
        } catch (IOException | ElasticsearchException e) {
            if (SearchErrors.isConflict(e)) {
                return false;
            }
            throw SearchErrors.unchecked("could not update task " + changed.id(), e);
        }
    }

    /** Open tasks of any of these candidate groups, oldest first. */
    public List<ReviewTask> openFor(Collection<String> groups, int limit) {
        return search(InboxQuery.all().withSort(InboxQuery.Sort.AGE), groups, null, 0, limit);
    }

    /**
     * One page of an inbox: open tasks of the given candidate groups that match the query, in its order.
     * {@code user} is who "mine" means.
     */
    public List<ReviewTask> search(InboxQuery query, Collection<String> groups, String user, int offset, int limit) {
        if (groups.isEmpty() || limit <= 0) {
            return List.of();
        }
        try {
            return client.search(s -> s.index(index)
                                    .query(q -> q.bool(b -> inbox(b, query, groups, user)))
                                    .sort(sortOf(query.sort()))
                                    .from(offset)
                                    .size(limit),
                            ReviewTask.class)
                    .hits().hits().stream().map(Hit::source).toList();
        } catch (IOException | ElasticsearchException e) {
            throw SearchErrors.unchecked("could not search the inbox", e);
        }
    }

    /** One page and the total in a single round trip. */
    public InboxPage page(InboxQuery query, Collection<String> groups, String user, int offset, int limit) {
        if (groups.isEmpty()) {
            return new InboxPage(0, List.of());
        }
        try {
            SearchResponse<ReviewTask> response = client.search(s -> s.index(index)
                            .query(q -> q.bool(b -> inbox(b, query, groups, user)))
                            .sort(sortOf(query.sort()))
                            .trackTotalHits(t -> t.enabled(true))
                            .from(offset)
                            .size(Math.max(0, limit)),
                    ReviewTask.class);
            long total = response.hits().total() == null ? 0 : response.hits().total().value();
            return new InboxPage(total, response.hits().hits().stream().map(Hit::source).toList());
        } catch (IOException | ElasticsearchException e) {
            throw SearchErrors.unchecked("could not search the inbox", e);
        }
    }

    /** How many open tasks match; the count the inbox pages over. */
    public long count(InboxQuery query, Collection<String> groups, String user) {
        if (groups.isEmpty()) {
            return 0;
        }
        try {
            return client.count(c -> c.index(index).query(q -> q.bool(b -> inbox(b, query, groups, user)))).count();
        } catch (IOException | ElasticsearchException e) {
            throw SearchErrors.unchecked("could not count the inbox", e);
        }
    }

    /** The values the inbox's filters offer: brands, presets and checks of open tasks in these groups. */
    public InboxFacets facets(Collection<String> groups) {
        if (groups.isEmpty()) {
            return new InboxFacets(List.of(), List.of(), List.of());
        }
        try {
            SearchResponse<Void> response = client.search(s -> s.index(index).size(0)
                    .query(q -> q.bool(b -> openIn(b, groups)))
                    .aggregations("brands", a -> a.terms(t -> t.field("brand").size(200)))
                    .aggregations("presets", a -> a.terms(t -> t.field("preset").size(200)))
                    .aggregations("checks", a -> a.terms(t -> t.field("check").size(50))), Void.class);
            return new InboxFacets(keys(response, "brands"), keys(response, "presets"), keys(response, "checks"));
        } catch (IOException | ElasticsearchException e) {
            throw SearchErrors.unchecked("could not read the inbox filters", e);
        }
    }

    /** The whole team's open work, for managers: depth per group and check, oldest, overdue, who holds what. */
    public TeamQueue teamQueue(Instant now) {
        try {
            String nowText = now.toString();
            SearchResponse<Void> response = client.search(s -> s.index(index).size(0)
                    .query(q -> q.term(t -> t.field("state").value(ReviewTask.TaskState.OPEN.name())))
                    .aggregations("groups", a -> a.terms(t -> t.field("candidateGroups").size(50))
                            .aggregations("checks", c -> c.terms(t -> t.field("check").size(50).missing("other")))
                            .aggregations("oldest", c -> c.min(m -> m.field("createdAt")))
                            .aggregations("overdue", c -> c.filter(f -> f.range(r -> r.date(d -> d.field("dueAt").lt(nowText))))))
                    .aggregations("assignees", a -> a.terms(t -> t.field("assignee").size(200).missing(TeamQueue.UNASSIGNED))
                            .aggregations("overdue", c -> c.filter(f -> f.range(r -> r.date(d -> d.field("dueAt").lt(nowText)))))),
                    Void.class);
            List<TeamQueue.GroupDepth> groups = new ArrayList<>();
            for (StringTermsBucket group : response.aggregations().get("groups").sterms().buckets().array()) {
                Map<String, Long> byCheck = new LinkedHashMap<>();
                for (StringTermsBucket check : group.aggregations().get("checks").sterms().buckets().array()) {
                    byCheck.put(check.key().stringValue(), check.docCount());
                }
                double oldest = group.aggregations().get("oldest").min().value();
                groups.add(new TeamQueue.GroupDepth(group.key().stringValue(), group.docCount(), byCheck,
                        Double.isFinite(oldest) ? Instant.ofEpochMilli((long) oldest) : null,
                        group.aggregations().get("overdue").filter().docCount()));
            }
            List<TeamQueue.Holder> holders = new ArrayList<>();
            for (StringTermsBucket holder : response.aggregations().get("assignees").sterms().buckets().array()) {
                holders.add(new TeamQueue.Holder(holder.key().stringValue(), holder.docCount(),
                        holder.aggregations().get("overdue").filter().docCount()));
            }
            return new TeamQueue(groups, holders, now);
        } catch (IOException | ElasticsearchException e) {
            throw SearchErrors.unchecked("could not read the team queue", e);
        }
    }

    private static BoolQuery.Builder inbox(BoolQuery.Builder b, InboxQuery query, Collection<String> groups, String user) {
        openIn(b, groups);
        switch (query.scope()) {
            case MINE -> b.filter(f -> f.term(t -> t.field("assignee").value(user == null ? "" : user)));
            case UNASSIGNED -> b.mustNot(m -> m.exists(e -> e.field("assignee")));
            case MY_GROUPS -> {
            }
        }
        if (query.brand() != null) b.filter(f -> f.term(t -> t.field("brand").value(query.brand())));
        if (query.preset() != null) b.filter(f -> f.term(t -> t.field("preset").value(query.preset())));
        if (query.check() != null) b.filter(f -> f.term(t -> t.field("check").value(query.check())));
        if (query.sku() != null) b.filter(f -> f.prefix(p -> p.field("sku").value(query.sku())));
        if (query.minConfidence() != null || query.maxConfidence() != null) {
            b.filter(f -> f.range(r -> r.number(n -> {
                n.field("confidence");
                if (query.minConfidence() != null) n.gte(query.minConfidence());
                if (query.maxConfidence() != null) n.lte(query.maxConfidence());
                return n;
            })));
        }
        return b;
    }

    private static BoolQuery.Builder openIn(BoolQuery.Builder b, Collection<String> groups) {
        List<FieldValue> values = groups.stream().map(FieldValue::of).toList();
        return b.filter(f -> f.term(t -> t.field("state").value(ReviewTask.TaskState.OPEN.name())))
                .filter(f -> f.terms(t -> t.field("candidateGroups").terms(v -> v.value(values))));
    }

    private static List<SortOptions> sortOf(InboxQuery.Sort sort) {
        List<SortOptions> order = new ArrayList<>();
        switch (sort) {
            case PRIORITY -> {
                order.add(field("priority", SortOrder.Desc));
                order.add(field("dueAt", SortOrder.Asc));
            }
            case DUE -> order.add(field("dueAt", SortOrder.Asc));
            case AGE -> {
            }
        }
        order.add(field("createdAt", SortOrder.Asc));
        order.add(field("id", SortOrder.Asc)); // a total order, so pages never overlap
        return order;
    }

    private static SortOptions field(String name, SortOrder order) {
        return SortOptions.of(o -> o.field(f -> f.field(name).order(order).missing("_last")));
    }

    private static List<String> keys(SearchResponse<Void> response, String aggregation) {
        return response.aggregations().get(aggregation).sterms().buckets().array().stream()
                .map(b -> b.key().stringValue()).sorted().toList();
    }

    /** Tasks of one image, any state, oldest first. */
    public List<ReviewTask> ofImage(String imageId) {
        try {
            return client.search(s -> s.index(index)
                                    .query(q -> q.term(t -> t.field("imageId").value(imageId)))
                                    .sort(o -> o.field(f -> f.field("createdAt").order(SortOrder.Asc)))
                                    .size(100),
                            ReviewTask.class)
                    .hits().hits().stream().map(Hit::source).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list tasks of image " + imageId, e);
        }
    }
}
