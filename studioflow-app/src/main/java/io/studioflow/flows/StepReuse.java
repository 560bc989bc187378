package io.studioflow.flows;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.studioflow.platform.search.DeferredWrite;
import io.studioflow.platform.search.SearchErrors;
import io.studioflow.platform.search.SearchIndex;
import io.studioflow.platform.search.SearchIndices;
import io.studioflow.platform.search.SearchWrites;
import io.studioflow.platform.storage.Hashes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Finished steps of an image, kept on its asset ({@code reuse.<step>.<key>}) with the outcome they returned to the
 * flow, keyed by everything the outcome depends on (input content hashes, model weights, settings). A step asked
 * again with the same key (a job delivered twice, an instance resumed after a restart) returns the kept outcome
 * instead of computing it again; its outputs are content addressed, so they are still in the store.
 */
@Component
public class StepReuse {

    /** A kept step: the outcome the flow got and the step record that went on the asset and in the audit. */
    public record Done<T>(T outcome, StepRecorder.Step step) {
    }

    private final ElasticsearchClient client;
    private final SearchWrites writes;
    private final ObjectMapper json;
    private final String index;
    private final AtomicLong reused = new AtomicLong();

    public StepReuse(ElasticsearchClient client, SearchWrites writes, SearchIndices indices) {
        this.client = client;
        this.writes = writes;
        this.json = ((JacksonJsonpMapper) client._jsonpMapper()).objectMapper();
        this.index = indices.name(SearchIndex.ASSETS);
    }

    /** A key over everything a step's outcome depends on; nulls count as "none". */
    public static String key(Object... facts) {
        String text = Stream.of(facts).map(f -> Objects.toString(f, "-")).collect(Collectors.joining("|"));
        return Hashes.sha256(text.getBytes(StandardCharsets.UTF_8)).substring(0, 32);
    }

    /** The outcome kept for this step and key, if the step ran with it before. */
    public <T> Optional<Done<T>> recall(String assetId, String step, String key, Class<T> outcomeType) {
        Map<String, Object> asset = read(assetId);
        if (asset == null || !(asset.get("reuse") instanceof Map<?, ?> reuse)
                || !(reuse.get(step) instanceof Map<?, ?> byKey) || !(byKey.get(key) instanceof Map<?, ?> kept)
                || kept.get("outcome") == null || kept.get("step") == null) {
            return Optional.empty();
        }
        try {
            Done<T> done = new Done<>(json.convertValue(kept.get("outcome"), outcomeType),
                    json.convertValue(kept.get("step"), StepRecorder.Step.class));
            reused.incrementAndGet();
            return Optional.of(done);
        } catch (IllegalArgumentException unreadable) {
            return Optional.empty(); // kept by another version in another shape: compute it again
        }
    }

    /** Keeps a finished step's outcome on the asset (through the journal while Elasticsearch is away). */
    public void remember(String assetId, String key, Object outcome, StepRecorder.Step step) {
        Map<String, Object> kept = new LinkedHashMap<>();
        kept.put("outcome", outcome);
        kept.put("step", step);
        writes.update(index, assetId, Map.of("reuse", Map.of(step.name(), Map.of(key, kept))));
    }

    /** How many steps this application returned from what was kept instead of computing them. */
    public long reusedCount() {
        return reused.get();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> read(String assetId) {
        List<DeferredWrite> waiting = writes.pendingFor(index, assetId);
        Map<String, Object> stored;
        try {
            GetResponse<Map> response = client.get(g -> g.index(index).id(assetId), Map.class);
            stored = response.found() ? response.source() : null;
        } catch (IOException | RuntimeException e) {
            if (waiting.isEmpty() || !SearchErrors.isUnreachable(e)) {
                throw SearchErrors.unchecked("could not read image " + assetId, e);
            }
            stored = null;
        }
        return writes.overlay(stored, waiting, Map.class).orElse(null);
    }
}
