package io.studioflow.platform.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable first-in first-out queue in a file: one JSON line per item, appended and fsync'd before
 * {@link #append} returns, so an item survives its store being away and this process being killed. A
 * {@link JournalDelivery} takes the oldest items and reports them {@link #delivered}; delivered lines are
 * compacted away (the file is emptied when everything is delivered, rewritten when a long delivered prefix has
 * built up).
 *
 * <p>Which lines were delivered is kept in memory only: after a restart every line still in the file is sent
 * again, so delivery must be idempotent. Items the store refuses for good go to {@code <name>-rejected.jsonl}
 * beside the file, so one bad item cannot hold up the rest.
 */
public final class Journal<T> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Journal.class);
    /** A delivered prefix longer than this is compacted away even while items keep coming. */
    private static final long COMPACT_AFTER_BYTES = 4L << 20;

    private final String what;
    private final Path file;
    private final Path rejectedFile;
    private final ObjectMapper json;
    private final Class<T> type;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Condition drained = lock.newCondition();
    private final ArrayDeque<Entry<T>> pending = new ArrayDeque<>();
    /** Serialises fsyncs: one force covers every append before it, so concurrent appenders share it. */
    private final Object syncLock = new Object();
    private volatile FileChannel channel;
    private volatile boolean closed;
    private long appended;
    private long synced;
    private long deliveredBytes;
    private long rejected;
    /** Items ever queued (loaded or appended) and ever taken out as delivered: item n is delivered once taken >= n. */
    private long queued;
    private long taken;

    private record Entry<T>(T item, byte[] line) {
    }

    /**
     * Opens (or creates) {@code file} and loads what a previous run left undelivered.
     *
     * @param what a name for messages, e.g. "audit outbox"
     */
    public Journal(String what, Path file, Class<T> type, ObjectMapper json) {
        this.what = what;
        this.file = file;
        this.type = type;
        this.json = json;
        String name = file.getFileName().toString();
        this.rejectedFile = file.resolveSibling(name.replaceFirst("\\.jsonl$", "") + "-rejected.jsonl");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            load();
            channel = open(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the " + what + " " + file, e);
        }
        if (!pending.isEmpty()) {
            log.info("The {} {} holds {} items from before the restart; they are sent again", what, file, pending.size());
        }
        queued = pending.size();
    }

    /**
     * Appends the item and forces it to disk before returning. The write is under the lock, the fsync outside
     * it (group commit): appenders that arrive while one fsync runs are covered by the next.
     *
     * @return the item's ticket for {@link #awaitDelivered}
     */
    public long append(T item) {
        byte[] line;
        try {
            line = (json.writeValueAsString(item) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise an item for the " + what, e);
        }
        long mine;
        long ticket;
        lock.lock();
        try {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            mine = ++appended;
            ticket = ++queued;
            pending.addLast(new Entry<>(item, line));
            wake.signalAll();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the " + what + " " + file, e);
        } finally {
            lock.unlock();
        }
        syncUpTo(mine);
        return ticket;
    }

    /** Waits until the item with this ticket is delivered, at most {@code max}; whether it is. */
    public boolean awaitDelivered(long ticket, Duration max) throws InterruptedException {
        lock.lock();
        try {
            long nanos = max.toNanos();
            while (taken < ticket && nanos > 0) {
                nanos = drained.awaitNanos(nanos);
            }
            return taken >= ticket;
        } finally {
            lock.unlock();
        }
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
                } catch (ClosedChannelException compacted) {
                    // compaction replaced the file, forced with every undelivered line in it: force the new one
                    if (closed) {
                        throw new UncheckedIOException("the " + what + " " + file + " is closed", compacted);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot force the " + what + " " + file + " to disk", e);
                }
            }
        }
    }

    /** Up to {@code max} of the oldest undelivered items, waiting up to {@code wait} for one to arrive. */
    public List<T> oldest(int max, long wait, TimeUnit unit) throws InterruptedException {
        lock.lock();
        try {
            long nanos = unit.toNanos(wait);
            while (pending.isEmpty() && nanos > 0) {
                nanos = wake.awaitNanos(nanos);
            }
            List<T> batch = new ArrayList<>(Math.min(max, pending.size()));
            for (Entry<T> entry : pending) {
                if (batch.size() == max) {
                    break;
                }
                batch.add(entry.item());
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The oldest {@code count} items are in the store now, except those in {@code refused}, which it will never
     * take: they are moved to the rejected file.
     */
    public void delivered(int count, List<T> refused) {
        lock.lock();
        try {
            for (int i = 0; i < count && !pending.isEmpty(); i++) {
                Entry<T> entry = pending.removeFirst();
                taken++;
                deliveredBytes += entry.line().length;
                if (refused.contains(entry.item())) {
                    Files.write(rejectedFile, entry.line(), StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                            StandardOpenOption.SYNC);
                    rejected++;
                }
            }
            drained.signalAll();
            compact();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compact the " + what + " " + file, e);
        } finally {
            lock.unlock();
        }
    }

    /** The undelivered items that match, oldest first. */
    public List<T> pending(Predicate<? super T> matching) {
        lock.lock();
        try {
            List<T> items = new ArrayList<>();
            for (Entry<T> entry : pending) {
                if (matching.test(entry.item())) {
                    items.add(entry.item());
                }
            }
            return items;
        } finally {
            lock.unlock();
        }
    }

    /** Whether an undelivered item matches. */
    public boolean anyPending(Predicate<? super T> matching) {
        lock.lock();
        try {
            for (Entry<T> entry : pending) {
                if (matching.test(entry.item())) {
                    return true;
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** How many items wait to be delivered. */
    public int depth() {
        lock.lock();
        try {
            return pending.size();
        } finally {
            lock.unlock();
        }
    }

    /** How many items the store refused for good (kept in the rejected file). */
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

    public Path rejectedFile() {
        return rejectedFile;
    }

    public String what() {
        return what;
    }

    @Override
    public void close() throws IOException {
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
                for (Entry<T> entry : pending) {
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
                byte[] line = Arrays.copyOfRange(content, start, i + 1);
                String text = new String(line, StandardCharsets.UTF_8).strip();
                if (!text.isEmpty()) {
                    pending.addLast(new Entry<>(json.readValue(text, type), line));
                }
                start = i + 1;
            }
        }
        if (start < content.length) {
            log.warn("The {} {} ended in a torn line ({} bytes, never acknowledged): cut off", what, file,
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
