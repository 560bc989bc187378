package io.studioflow.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditOutboxTest {

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @TempDir
    Path dir;

    @Test
    void undeliveredEventsSurviveARestartWithTheirHashes() throws Exception {
        List<AuditEvent> events = AuditEvents.chain("img", 3);
        AuditOutbox outbox = new AuditOutbox(dir, MAPPER);
        events.forEach(outbox::append);
        outbox.delivered(1, List.of());
        outbox.close();

        AuditOutbox reopened = new AuditOutbox(dir, MAPPER);
        assertThat(reopened.depth()).as("the delivered one may come again; the rest must").isBetween(2, 3);
        List<AuditEvent> pending = reopened.pendingFor("img");
        assertThat(pending.getLast().hash()).isEqualTo(events.getLast().hash());
        assertThat(AuditHashes.hash(pending.getLast())).isEqualTo(events.getLast().hash());
        reopened.close();
    }

    @Test
    void deliveringEverythingEmptiesTheFile() throws Exception {
        AuditOutbox outbox = new AuditOutbox(dir, MAPPER);
        AuditEvents.chain("img", 4).forEach(outbox::append);
        assertThat(Files.size(outbox.file())).isPositive();
        List<AuditEvent> oldest = outbox.oldest(10, 0, TimeUnit.MILLISECONDS);
        assertThat(oldest).extracting(AuditEvent::sequence).containsExactly(1L, 2L, 3L, 4L);
        outbox.delivered(oldest.size(), List.of());
        assertThat(outbox.depth()).isZero();
        assertThat(Files.size(outbox.file())).isZero();
        outbox.close();
    }

    @Test
    void refusedEventsAreKeptAside() throws Exception {
        AuditOutbox outbox = new AuditOutbox(dir, MAPPER);
        List<AuditEvent> events = AuditEvents.chain("img", 2);
        events.forEach(outbox::append);
        outbox.delivered(2, List.of(events.get(1)));
        assertThat(outbox.rejectedCount()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("outbox-rejected.jsonl"))).contains(events.get(1).hash());
        outbox.close();
    }

    @Test
    void concurrentAppendersAreAllDurable() throws Exception {
        AuditOutbox outbox = new AuditOutbox(dir, MAPPER);
        int threads = 8;
        int each = 100;
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String image = "img-" + t;
                done.add(pool.submit(() -> AuditEvents.chain(image, each).forEach(outbox::append)));
            }
            for (var f : done) {
                f.get();
            }
        }
        assertThat(outbox.depth()).isEqualTo(threads * each);
        outbox.close();
        AuditOutbox reopened = new AuditOutbox(dir, MAPPER);
        assertThat(reopened.depth()).isEqualTo(threads * each);
        assertThat(reopened.pendingFor("img-3")).extracting(AuditEvent::sequence).hasSize(each).isSorted();
        reopened.close();
    }

    @Test
    void aLineTornByACrashIsCutOff() throws Exception {
        AuditOutbox outbox = new AuditOutbox(dir, MAPPER);
        AuditEvents.chain("img", 2).forEach(outbox::append);
        outbox.close();
        Files.write(dir.resolve("outbox.jsonl"), "{\"id\":\"half".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);

        AuditOutbox reopened = new AuditOutbox(dir, MAPPER);
        assertThat(reopened.depth()).isEqualTo(2);
        reopened.append(AuditEvents.chain("other", 1).getFirst());
        reopened.close();
        assertThat(new AuditOutbox(dir, MAPPER).depth()).as("the next append starts on a fresh line").isEqualTo(3);
    }
}
