package io.studioflow.processing.colour;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.studioflow.platform.search.SearchErrors;
import io.studioflow.platform.search.SearchIndex;
import io.studioflow.platform.search.SearchIndices;
import io.studioflow.platform.search.SearchWrites;
import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The light of each photo shoot, kept in Elasticsearch so every replica sees the same: each photo's
 * {@link ColourMeasurement} is recorded under its session, and the session's {@link BatchColourReference} is the
 * median over the photos measured so far. A retaken or reprocessed photo replaces its own measurement. Photos are
 * measured twice, in two {@link Stage}s that must not be mixed: capture QC has no product mask yet, the colour step
 * has one.
 */
@Service
public class ColourSessions {

    /** Enough photos for a stable median; a long shoot's reference is taken from its first photos. */
    static final int MAX_PHOTOS = 200;

    /** Where a photo was measured: without a mask at capture, with the product's mask at colour correction. */
    public enum Stage {
        CAPTURE,
        COLOUR
    }

    /** One photo's measurement in its session. */
    public record SessionPhoto(String session, Stage stage, String imageId, ColourMeasurement measurement,
                               Instant measuredAt) {
    }

    /** Sessions remembered for an Elasticsearch outage: a shoot's photos go on being judged against its light. */
    private static final int REMEMBERED_SESSIONS = 64;

    private final ElasticsearchClient client;
    private final SearchWrites writes;
    private final String index;
    private final Map<String, List<SessionPhoto>> lastRead = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<SessionPhoto>> eldest) {
                    return size() > REMEMBERED_SESSIONS;
                }
            });

    public ColourSessions(ElasticsearchClient client, SearchWrites writes, SearchIndices indices) {
        this.client = client;
        this.writes = writes;
        this.index = indices.name(SearchIndex.COLOUR_SESSIONS);
    }

    /** Records (or replaces) one photo's measurement in its session. */
    public void record(String session, Stage stage, String imageId, ColourMeasurement measurement) {
        SessionPhoto photo = new SessionPhoto(Objects.requireNonNull(session, "session"),
                Objects.requireNonNull(stage, "stage"), Objects.requireNonNull(imageId, "imageId"),
                Objects.requireNonNull(measurement, "measurement"), Instant.now());
        // refreshed at once: the next photo of the shoot must see this one
        writes.index(index, stage + ":" + imageId, photo, true);
    }

    /** The session's reference from its photos measured at {@code stage} so far; empty before the first. */
    public Optional<BatchColourReference> reference(String session, Stage stage) {
        return referenceOf(photos(session, stage));
    }

    /** The reference of the session's other photos, to judge {@code imageId} against; empty if it is the first. */
    public Optional<BatchColourReference> referenceWithout(String session, Stage stage, String imageId) {
        return referenceOf(photos(session, stage).stream().filter(p -> !p.imageId().equals(imageId)).toList());
    }

    private static Optional<BatchColourReference> referenceOf(List<SessionPhoto> photos) {
        return photos.isEmpty() ? Optional.empty()
                : Optional.of(BatchColourReference.of(photos.stream().map(SessionPhoto::measurement).toList()));
    }

    /**
     * The session's photos measured at {@code stage}, oldest first. While Elasticsearch is away: the photos this
     * process last read for the session, with the measurements waiting to be written.
     */
    public List<SessionPhoto> photos(String session, Stage stage) {
        String key = stage + ":" + session;
        try {
            List<SessionPhoto> photos = client.search(s -> s.index(index)
                                    .query(q -> q.bool(b -> b
                                            .filter(f -> f.term(t -> t.field("session").value(session)))
                                            .filter(f -> f.term(t -> t.field("stage").value(stage.name())))))
                                    .sort(o -> o.field(f -> f.field("measuredAt").order(SortOrder.Asc)))
                                    .size(MAX_PHOTOS),
                            SessionPhoto.class)
                    .hits().hits().stream().map(Hit::source).filter(Objects::nonNull).toList();
            lastRead.put(key, photos);
            return withWaiting(photos, session, stage);
        } catch (IOException | ElasticsearchException e) {
            if (!SearchErrors.isUnreachable(e)) {
                throw SearchErrors.unchecked("could not read the colour of session " + session, e);
            }
            return withWaiting(lastRead.getOrDefault(key, List.of()), session, stage);
        }
    }

    /** Adds (or puts in place of an older one) each measurement of the session still waiting to be written. */
    private List<SessionPhoto> withWaiting(List<SessionPhoto> stored, String session, Stage stage) {
        List<SessionPhoto> waiting = writes.pending(index, doc -> session.equals(doc.get("session"))
                        && stage.name().equals(doc.get("stage"))).stream()
                .map(write -> writes.overlay(null, List.of(write), SessionPhoto.class).orElseThrow())
                .toList();
        if (waiting.isEmpty()) {
            return stored;
        }
        Map<String, SessionPhoto> byImage = new LinkedHashMap<>();
        stored.forEach(photo -> byImage.put(photo.imageId(), photo));
        waiting.forEach(photo -> byImage.put(photo.imageId(), photo));
        return byImage.values().stream().sorted(Comparator.comparing(SessionPhoto::measuredAt)).limit(MAX_PHOTOS).toList();
    }
}
