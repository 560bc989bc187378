package io.studioflow.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.studioflow.platform.StudioflowProperties;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The durable local outbox of audit events: {@code <data dir>/audit/outbox.jsonl}, one JSON line per event,
 * appended and fsync'd before {@link AuditLog#record} returns, so an event survives Elasticsearch being
 * away and this process being killed. The {@link AuditDeliverer} sends the lines in order and reports them
 * delivered; delivered lines are compacted away (the file is emptied when everything is delivered, rewritten
 * when a long delivered prefix has built up).
 *
 * <p>Which lines were delivered is kept in memory only: after a restart every line still in the file is sent
 * again, and Elasticsearch answers 409 for those it has (create-only writes by event id), which counts as
 * delivered. Events Elasticsearch refuses for good (a 4xx other than 409/429) go to
 * {@code outbox-rejected.jsonl} beside it, so one bad event cannot hold up the rest; they show in
 * {@link #rejectedCount()}.
 */
@Component
public class AuditOutbox {

    private static final Logger log = LoggerFactory.getLogger(AuditOutbox.class);
    /** A delivered prefix longer than this is compacted away even while events keep coming. */
    private static final long COMPACT_AFTER_BYTES = 4L << 20;

    private final Path file;
    private final Path rejectedFile;
    private final ObjectMapper json;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final ArrayDeque<Entry> pending = new ArrayDeque<>();
    /** Serialises fsyncs: one force covers every append before it, so concurrent appenders share it. */
    private final Object syncLock = new Object();
    private volatile FileChannel channel;
    private volatile boolean closed;
    private long appended;
    private long synced;
    private long deliveredBytes;
    private long rejected;

    private record Entry(AuditEvent event, byte[] line) {
    }

    @Autowired
    public AuditOutbox(StudioflowProperties properties, ObjectMapper applicationMapper) {
        this(properties.dataDir().resolve("audit"), applicationMapper);
    }

    AuditOutbox(Path dir, ObjectMapper applicationMapper) {
        this.json = applicationMapper.copy()
                .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        this.file = dir.resolve("outbox.jsonl");
        this.rejectedFile = dir.resolve("outbox-rejected.jsonl");
        try {
            Files.createDirectories(dir);
            load();
            channel = open(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit outbox " + file, e);
        }
        if (!pending.isEmpty()) {
            log.info("Audit outbox {} holds {} events from before the restart; they are sent again", file, pending.size());
        }
    }

    /**
     * Appends the event and forces it to disk before returning. The write is under the outbox lock, the
     * fsync outside it (group commit): appenders that arrive while one fsync runs are covered by the next.
     */
    void append(AuditEvent event) {
        byte[] line;
        try {
            line = (json.writeValueAsString(event) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise audit event " + event.id(), e);
        }
        long mine;
        lock.lock();
        try {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            mine = ++appended;
            pending.addLast(new Entry(event, line));
            wake.signalAll();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the audit outbox " + file, e);
        } finally {
            lock.unlock();
        }
        syncUpTo(mine);
    }

    private void syncUpTo(long append) {
        synchronized (syncLock) {
            while (synced < append) {
                long target;
                FileChannel current;
                lock.lock();
                try {
                    target = appended;
                    current = channel;
                } finally {
                    lock.unlock();
                }
                try {
                    current.force(false);
                    synced = Math.max(synced, target);
                } catch (java.nio.channels.ClosedChannelException compacted) {
                    // compaction replaced the file, forced with every undelivered line in it: force the new one
                    if (closed) {
                        throw new UncheckedIOException("the audit outbox " + file + " is closed", compacted);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot force the audit outbox " + file + " to disk", e);
                }
            }
        }
    }

    /** Up to {@code max} of the oldest undelivered events, waiting up to {@code wait} for one to arrive. */
    List<AuditEvent> oldest(int max, long wait, TimeUnit unit) throws InterruptedException {
        lock.lock();
        try {
            long nanos = unit.toNanos(wait);
            while (pending.isEmpty() && nanos > 0) {
                nanos = wake.awaitNanos(nanos);
            }
            List<AuditEvent> batch = new ArrayList<>(Math.min(max, pending.size()));
            for (Entry entry : pending) {
                if (batch.size() == max) {
                    break;
                }
                batch.add(entry.event());
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The oldest {@code count} events are in Elasticsearch now, except those in {@code refused}, which it
     * will never take: they are moved to the rejected file.
     */
    void delivered(int count, List<AuditEvent> refused) {
        lock.lock();
        try {
            for (int i = 0; i < count && !pending.isEmpty(); i++) {
                Entry entry = pending.removeFirst();
                deliveredBytes += entry.line().length;
                if (refused.contains(entry.event())) {
                    Files.write(rejectedFile, entry.line(), StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                            StandardOpenOption.SYNC);
                    rejected++;
                }
            }
            compact();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compact the audit outbox " + file, e);
        } finally {
            lock.unlock();
        }
    }

    /** The undelivered events of one image, oldest first. */
    List<AuditEvent> pendingFor(String imageId) {
        lock.lock();
        try {
            List<AuditEvent> events = new ArrayList<>();
            for (Entry entry : pending) {
                if (imageId.equals(entry.event().imageId())) {
                    events.add(entry.event());
                }
            }
            return events;
        } finally {
            lock.unlock();
        }
    }

    /** How many events wait to be delivered. */
    public int depth() {
        lock.lock();
        try {
            return pending.size();
        } finally {
            lock.unlock();
        }
    }

    /** How many events Elasticsearch refused for good (kept in {@code outbox-rejected.jsonl}). */
    public long rejectedCount() {
        lock.lock();
        try {
            return rejected;
        } finally {
            lock.unlock();
        }
    }

    public Path file() {
        return file;
    }

    @PreDestroy
    void close() throws IOException {
        lock.lock();
        try {
            closed = true;
            channel.close();
        } finally {
            lock.unlock();
        }
    }

    private void compact() throws IOException {
        if (pending.isEmpty()) {
            channel.truncate(0);
            channel.force(true);
            deliveredBytes = 0;
        } else if (deliveredBytes > COMPACT_AFTER_BYTES) {
            // the undelivered tail into a new file that replaces the old one in one step
            Path next = file.resolveSibling(file.getFileName() + ".next");
            try (FileChannel out = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                for (Entry entry : pending) {
                    ByteBuffer buffer = ByteBuffer.wrap(entry.line());
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                }
                out.force(true);
            }
            channel.close();
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            channel = open(file);
            deliveredBytes = 0;
        }
    }

    /** Reads what a previous run left; a line torn by a crash mid-write is cut off (it was never acknowledged). */
    private void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        byte[] content = Files.readAllBytes(file);
        int start = 0;
        for (int i = 0; i < content.length; i++) {
            if (content[i] == '\n') {
                byte[] line = java.util.Arrays.copyOfRange(content, start, i + 1);
                String text = new String(line, StandardCharsets.UTF_8).strip();
                if (!text.isEmpty()) {
                    pending.addLast(new Entry(json.readValue(text, AuditEvent.class), line));
                }
                start = i + 1;
            }
        }
        if (start < content.length) {
            log.warn("Audit outbox {} ended in a torn line ({} bytes, never acknowledged): cut off", file,
                    content.length - start);
            try (FileChannel truncate = FileChannel.open(file, StandardOpenOption.WRITE)) {
                truncate.truncate(start);
                truncate.force(true);
            }
        }
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }
}
