package io.studioflow.review;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import io.studioflow.platform.search.SearchErrors;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.studioflow.platform.search.SearchIndex;
import io.studioflow.platform.search.SearchIndices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Repository;

/**
 * Tasks in Elasticsearch. Every change is a compare-and-set on the document's sequence number and
 * primary term, so of two replicas or two people changing a task at once exactly one wins.
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
            client.create(c -> c.index(index).id(task.id()).document(task).refresh(Refresh.WaitFor));
            return true;
        } catch (IOException | ElasticsearchException e) {
            if (SearchErrors.isConflict(e)) {
                return false;
            }
            throw SearchErrors.unchecked("could not store task " + task.id(), e);
        }
    }

    public Versioned get(String id) {
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
                    .ifSeqNo(read.seqNo()).ifPrimaryTerm(read.primaryTerm()).refresh(Refresh.WaitFor));
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
        if (groups.isEmpty()) {
            return List.of();
        }
        List<FieldValue> values = groups.stream().map(FieldValue::of).toList();
        try {
            return client.search(s -> s.index(index)
                                    .query(q -> q.bool(b -> b
                                            .filter(f -> f.term(t -> t.field("state").value(ReviewTask.TaskState.OPEN.name())))
                                            .filter(f -> f.terms(t -> t.field("candidateGroups").terms(v -> v.value(values))))))
                                    .sort(o -> o.field(f -> f.field("createdAt").order(SortOrder.Asc)))
                                    .size(limit),
                            ReviewTask.class)
                    .hits().hits().stream().map(Hit::source).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list tasks", e);
        }
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
