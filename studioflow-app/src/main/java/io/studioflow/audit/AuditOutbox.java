package io.studioflow.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.studioflow.platform.StudioflowProperties;
import io.studioflow.platform.journal.Journal;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The durable local outbox of audit events: {@code <data dir>/audit/outbox.jsonl}, a {@link Journal} of one
 * JSON line per event, fsync'd before {@link AuditLog#record} returns, so an event survives Elasticsearch being
 * away and this process being killed. The {@link AuditDeliverer} sends the lines in order. After a restart every
 * line still in the file is sent again, and Elasticsearch answers 409 for those it has (create-only writes by
 * event id), which counts as delivered. Events it refuses for good go to {@code outbox-rejected.jsonl} beside it.
 */
@Component
public class AuditOutbox {

    private final Journal<AuditEvent> journal;

    @Autowired
    public AuditOutbox(StudioflowProperties properties, ObjectMapper applicationMapper) {
        this(properties.dataDir().resolve("audit"), applicationMapper);
    }

    AuditOutbox(Path dir, ObjectMapper applicationMapper) {
        ObjectMapper json = applicationMapper.copy()
                .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        this.journal = new Journal<>("audit outbox", dir.resolve("outbox.jsonl"), AuditEvent.class, json);
    }

    Journal<AuditEvent> journal() {
        return journal;
    }

    /** @return the event's ticket for {@link AuditDeliverer#awaitDelivered} */
    long append(AuditEvent event) {
        return journal.append(event);
    }

    List<AuditEvent> oldest(int max, long wait, TimeUnit unit) throws InterruptedException {
        return journal.oldest(max, wait, unit);
    }

    void delivered(int count, List<AuditEvent> refused) {
        journal.delivered(count, refused);
    }

    /** The undelivered events of one image, oldest first. */
    List<AuditEvent> pendingFor(String imageId) {
        return journal.pending(event -> imageId.equals(event.imageId()));
    }

    /** How many events wait to be delivered. */
    public int depth() {
        return journal.depth();
    }

    /** How many events Elasticsearch refused for good (kept in {@code outbox-rejected.jsonl}). */
    public long rejectedCount() {
        return journal.rejectedCount();
    }

    public Path file() {
        return journal.file();
    }

    @PreDestroy
    void close() throws IOException {
        journal.close();
    }
}
