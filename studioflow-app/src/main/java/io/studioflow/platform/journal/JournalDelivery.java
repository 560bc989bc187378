package io.studioflow.platform.journal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a {@link Journal} to its store on a thread of its own, oldest first, in batches. While the store is
 * unreachable it retries with a doubling back-off and logs how much waits; when the store is back it catches up.
 */
public final class JournalDelivery<T> {

    private static final Logger log = LoggerFactory.getLogger(JournalDelivery.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);

    /** Sends one batch; the answer says how far it got. */
    @FunctionalInterface
    public interface Sender<T> {
        Sent<T> send(List<T> batch) throws IOException;
    }

    /**
     * The first {@code done} items of the batch are handled: stored, or in {@code refused} because the store will
     * never take them. Fewer than the whole batch means: try the rest again after a back-off.
     */
    public record Sent<T>(int done, List<T> refused) {
        public static <T> Sent<T> all(List<T> batch) {
            return new Sent<>(batch.size(), List.of());
        }
    }

    private final Journal<T> journal;
    private final int batchSize;
    private final Duration maxBackoff;
    private final Sender<T> sender;
    private volatile Thread thread;
    private volatile boolean running;
    private volatile String lastError;
    private volatile long delivered;

    public JournalDelivery(Journal<T> journal, int batchSize, Duration maxBackoff, Sender<T> sender) {
        this.journal = journal;
        this.batchSize = batchSize;
        this.maxBackoff = maxBackoff;
        this.sender = sender;
    }

    public void start(String threadName) {
        running = true;
        thread = Thread.ofPlatform().daemon().name(threadName).start(this::deliverLoop);
    }

    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean isRunning() {
        return running;
    }

    /** The last delivery failure, null while deliveries succeed. */
    public String lastError() {
        return lastError;
    }

    /**
     * Waits until the journal item with this ticket is delivered, at most {@code max}; returns at once (false)
     * while the store is unreachable or delivery is stopped, so callers never wait on an outage.
     */
    public boolean awaitDelivered(long ticket, Duration max) throws InterruptedException {
        if (!running || lastError != null) {
            return false;
        }
        return journal.awaitDelivered(ticket, max);
    }

    /** Items stored since start (refused ones not counted). */
    public long deliveredCount() {
        return delivered;
    }

    private void deliverLoop() {
        Duration backoff = FIRST_BACKOFF;
        long outageStarted = 0;
        while (running) {
            try {
                List<T> batch = journal.oldest(batchSize, 1, TimeUnit.SECONDS);
                if (batch.isEmpty()) {
                    continue;
                }
                Sent<T> sent = sender.send(batch);
                List<T> refused = new ArrayList<>(sent.refused());
                journal.delivered(sent.done(), refused);
                delivered += sent.done() - refused.size();
                if (sent.done() < batch.size()) {
                    throw new IOException("the store could not take " + (batch.size() - sent.done()) + " items yet");
                }
                if (outageStarted != 0) {
                    log.info("Store reachable again after {} s: the {} caught up, {} items wait",
                            (System.nanoTime() - outageStarted) / 1_000_000_000, journal.what(), journal.depth());
                    outageStarted = 0;
                }
                lastError = null;
                backoff = FIRST_BACKOFF;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | IOException e) {
                if (!running) {
                    return;
                }
                lastError = e.toString();
                if (outageStarted == 0) {
                    outageStarted = System.nanoTime();
                    log.warn("Store unreachable: {} items wait in the {} {} (retrying with back-off up to {} s): {}",
                            journal.depth(), journal.what(), journal.file(), maxBackoff.toSeconds(), e.toString());
                } else {
                    log.info("Store still unreachable: {} items in the {}", journal.depth(), journal.what());
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
    }
}
