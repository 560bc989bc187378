package io.studioflow.processing.colour;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.studioflow.platform.search.SearchErrors;
import io.studioflow.platform.search.SearchIndex;
import io.studioflow.platform.search.SearchIndices;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
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

    private final ElasticsearchClient client;
    private final String index;

    public ColourSessions(ElasticsearchClient client, SearchIndices indices) {
        this.client = client;
        this.index = indices.name(SearchIndex.COLOUR_SESSIONS);
    }

    /** Records (or replaces) one photo's measurement in its session. */
    public void record(String session, Stage stage, String imageId, ColourMeasurement measurement) {
        SessionPhoto photo = new SessionPhoto(Objects.requireNonNull(session, "session"),
                Objects.requireNonNull(stage, "stage"), Objects.requireNonNull(imageId, "imageId"),
                Objects.requireNonNull(measurement, "measurement"), Instant.now());
        try {
            // refreshed at once: the next photo of the shoot must see this one
            client.index(i -> i.index(index).id(stage + ":" + imageId).document(photo).refresh(Refresh.True));
        } catch (IOException | ElasticsearchException e) {
            throw SearchErrors.unchecked("could not record the colour of image " + imageId + " in session " + session, e);
        }
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

    /** The session's photos measured at {@code stage}, oldest first. */
    public List<SessionPhoto> photos(String session, Stage stage) {
        try {
            return client.search(s -> s.index(index)
                                    .query(q -> q.bool(b -> b
                                            .filter(f -> f.term(t -> t.field("session").value(session)))
                                            .filter(f -> f.term(t -> t.field("stage").value(stage.name())))))
                                    .sort(o -> o.field(f -> f.field("measuredAt").order(SortOrder.Asc)))
                                    .size(MAX_PHOTOS),
                            SessionPhoto.class)
                    .hits().hits().stream().map(Hit::source).filter(Objects::nonNull).toList();
        } catch (IOException | ElasticsearchException e) {
            throw SearchErrors.unchecked("could not read the colour of session " + session, e);
        }
    }
}
