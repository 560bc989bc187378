package io.studioflow.platform.embedded.engine;

import static io.studioflow.platform.embedded.engine.LogStorageGuard.field;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How much heap the embedded engine holds: its whole log (zeebe-process-test keeps every record ever written in a
 * list and never compacts it, unlike a broker, which snapshots its state and deletes log segments behind the snapshot)
 * and its state (a sorted map of keys to values in place of RocksDB). A long batch grows the log by a few kilobytes
 * per image; that growth belongs to the development engine, not to Studioflow, and benchmarks report it apart.
 *
 * <p>Object headers are estimated for a 64-bit JVM with compressed pointers, so the bytes are close, not exact.
 */
public final class EmbeddedEngineFootprint {

    /**
     * Per log entry: the HeapByteBuffer (56), its array's header (16) and the position index's skip-list node (24),
     * Long (24), Integer (16) and, on average, half an index node (12): sizes a class histogram shows.
     */
    private static final long LOG_ENTRY_OVERHEAD = 56 + 16 + 24 + 24 + 16 + 12;
    /** Per state entry: TreeMap.Entry (40), two Bytes wrappers (16 each) and their arrays' headers (16 each). */
    private static final long STATE_ENTRY_OVERHEAD = 40 + 2 * 16 + 2 * 16;

    public record Footprint(long logEntries, long logBytes, long stateEntries, long stateBytes) {
        public long totalBytes() {
            return logBytes + stateBytes;
        }
    }

    private final ZeebeTestEngine engine;

    EmbeddedEngineFootprint(ZeebeTestEngine engine) {
        this.engine = engine;
    }

    /** The footprint now, or empty if this engine version keeps its log or state elsewhere. */
    public Optional<Footprint> measure() {
        try {
            Object storage = field(field(engine, "logStream"), "logStorage");
            List<?> entries = (List<?>) field(storage, "logEntries");
            List<Object> copy;
            synchronized (entries) { // LogStorageGuard made it a synchronized list
                copy = new ArrayList<>(entries);
            }
            long logBytes = 0;
            for (Object entry : copy) {
                logBytes += align(((ByteBuffer) entry).capacity()) + LOG_ENTRY_OVERHEAD;
            }
            List<Map.Entry<?, ?>> state = snapshot((Map<?, ?>) field(field(engine, "database"), "database"));
            long stateBytes = 0;
            for (Map.Entry<?, ?> entry : state) {
                stateBytes += align(bytes(entry.getKey())) + align(bytes(entry.getValue())) + STATE_ENTRY_OVERHEAD;
            }
            return Optional.of(new Footprint(copy.size(), logBytes, state.size(), stateBytes));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The engine's actor thread writes the state map without a lock: copy it, again if it changed meanwhile. */
    private static List<Map.Entry<?, ?>> snapshot(Map<?, ?> state) {
        for (int attempt = 1; ; attempt++) {
            try {
                return new ArrayList<>(state.entrySet());
            } catch (java.util.ConcurrentModificationException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }

    private static long bytes(Object wrapper) throws ReflectiveOperationException {
        return ((byte[]) field(wrapper, "byteArray")).length;
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }
}
