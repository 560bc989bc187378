package io.studioflow.platform.embedded.search;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One embedded node per data dir per JVM, shared by every Spring context that asks for it. Spring's test
 * context cache keeps several application contexts alive at once; without sharing, the second one on the
 * same {@code studioflow.data-dir} would fail on the node lock. The node stops when its last lease closes.
 */
final class SharedSearchNodes {

    private static final Map<Path, Shared> nodes = new HashMap<>();

    private SharedSearchNodes() {
    }

    static synchronized Lease lease(Path libDir, Path dataDir, Duration timeout) {
        Path key = dataDir.toAbsolutePath().normalize();
        Shared shared = nodes.get(key);
        if (shared != null && !shared.node.isRunning()) {
            // it died under us: release its lock before starting a new one
            shared.node.close();
            nodes.remove(key);
            shared = null;
        }
        if (shared == null) {
            shared = new Shared(EmbeddedSearchNode.start(libDir, dataDir, timeout));
            nodes.put(key, shared);
        }
        shared.leases++;
        return new Lease(key, shared.node);
    }

    private static synchronized void release(Path key, EmbeddedSearchNode node) {
        Shared shared = nodes.get(key);
        if (shared == null || shared.node != node) {
            node.close();
            return;
        }
        if (--shared.leases == 0) {
            nodes.remove(key);
            node.close();
        }
    }

    private static final class Shared {
        final EmbeddedSearchNode node;
        int leases;

        Shared(EmbeddedSearchNode node) {
            this.node = node;
        }
    }

    /** One user's hold on a shared node; closing the last one stops the node. */
    static final class Lease implements AutoCloseable {
        private final Path key;
        private final EmbeddedSearchNode node;
        private boolean closed;

        private Lease(Path key, EmbeddedSearchNode node) {
            this.key = key;
            this.node = node;
        }

        EmbeddedSearchNode node() {
            return node;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                release(key, node);
            }
        }
    }
}
