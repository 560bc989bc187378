package io.studioflow.platform.embedded.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts real Elasticsearch child JVMs from search-node/target/lib (built by the reactor before this module). */
class EmbeddedSearchNodeTest {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @AfterAll
    static void closeHttpClient() {
        http.close();
    }

    @Test
    void keepsIndexedDocumentsAcrossARestart() throws Exception {
        EmbeddedSearchNode first = EmbeddedSearchNode.start(dataDir, START_TIMEOUT);
        try (first) {
            assertThat(first.uri().toString()).isEqualTo("http://127.0.0.1:" + first.httpPort());
            HttpResponse<String> indexed = send(first, "PUT", "/audit-test/_doc/asset-1?refresh=true",
                    """
                    {"assetId":"asset-1","step":"segmentation","confidence":0.93,"at":"2025-03-01T10:15:00Z"}""");
            assertThat(indexed.statusCode()).isEqualTo(201);

            HttpResponse<String> found = send(first, "POST", "/audit-test/_search",
                    """
                    {"query":{"term":{"step.keyword":"segmentation"}}}""");
            assertThat(found.body()).contains("\"total\":{\"value\":1,").contains("asset-1");

            // one node holds no replicas: the launcher's default template keeps new indices green
            assertThat(send(first, "GET", "/_cluster/health/audit-test", null).body()).contains("\"status\":\"green\"");

            System.out.printf("[figure] embedded Elasticsearch 8.18.8 on Java %s: ready in %d ms, child RSS %d MB%n",
                    Runtime.version().feature(), first.startupTime().toMillis(),
                    first.residentMemoryBytes().orElse(-1) / (1024 * 1024));
        }
        assertThat(first.isRunning()).isFalse();
        // closing stdin is a clean stop, not a kill
        assertThat(Files.readString(first.logFile())).contains("[studioflow-search] closed");

        try (EmbeddedSearchNode second = EmbeddedSearchNode.start(dataDir, START_TIMEOUT)) {
            HttpResponse<String> document = send(second, "GET", "/audit-test/_doc/asset-1", null);
            assertThat(document.statusCode()).isEqualTo(200);
            assertThat(document.body()).contains("\"found\":true").contains("\"confidence\":0.93");
            System.out.printf("[figure] embedded Elasticsearch restart on existing data: ready in %d ms%n",
                    second.startupTime().toMillis());
        }
    }

    @Test
    void stopsAndRestartsOnTheSamePortAndDataDir() throws Exception {
        try (EmbeddedSearchNode node = EmbeddedSearchNode.start(dataDir, START_TIMEOUT)) {
            int port = node.httpPort();
            assertThat(send(node, "PUT", "/outage-test/_doc/1?refresh=true", "{\"step\":\"publish\"}").statusCode())
                    .isEqualTo(201);

            node.stop();
            assertThat(node.isRunning()).isFalse();
            assertThatThrownBy(() -> send(node, "GET", "/outage-test/_doc/1", null)).isInstanceOf(IOException.class);
            node.stop(); // stopping a stopped node is harmless

            node.restart(START_TIMEOUT);
            assertThat(node.isRunning()).isTrue();
            assertThat(node.httpPort()).isEqualTo(port);
            assertThat(send(node, "GET", "/outage-test/_doc/1", null).body()).contains("\"found\":true");
            System.out.printf("[figure] embedded Elasticsearch stop + restart on port %d: ready in %d ms%n", port,
                    node.startupTime().toMillis());
        }
    }

    @Test
    void secondNodeOnTheSameDataDirFailsFastWithAClearMessage() {
        try (EmbeddedSearchNode running = EmbeddedSearchNode.start(dataDir, START_TIMEOUT)) {
            assertThatThrownBy(() -> EmbeddedSearchNode.start(dataDir, START_TIMEOUT))
                    .isInstanceOf(EmbeddedSearchNodeException.class)
                    .hasMessageContaining("already running on data dir")
                    .hasMessageContaining(dataDir.toAbsolutePath().toString());
            assertThat(running.isRunning()).isTrue();
        }
    }

    @Test
    void anotherProcessHoldingTheElasticsearchNodeLockIsReportedClearly() throws IOException {
        // what Elasticsearch's own node lock looks like to the child when some other server owns the data
        Path nodeLock = dataDir.resolve("elasticsearch/data/node.lock");
        Files.createDirectories(nodeLock.getParent());
        try (FileChannel channel = FileChannel.open(nodeLock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = channel.lock()) {
            assertThatThrownBy(() -> EmbeddedSearchNode.start(dataDir, START_TIMEOUT))
                    .isInstanceOf(EmbeddedSearchNodeException.class)
                    .hasMessageContaining("Another Elasticsearch node is already using data dir")
                    .hasMessageContaining("failed to obtain node locks");
        }
    }

    @Test
    void missingLibDirSaysHowToBuildIt() {
        Path missing = dataDir.resolve("no-such-lib");
        assertThatThrownBy(() -> EmbeddedSearchNode.start(missing, dataDir, START_TIMEOUT))
                .isInstanceOf(EmbeddedSearchNodeException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("mvn package");
    }

    @Test
    void libDirWithoutTheNodeSaysHowToBuildIt() throws IOException {
        Path empty = Files.createDirectories(dataDir.resolve("empty-lib"));
        assertThatThrownBy(() -> EmbeddedSearchNode.start(empty, dataDir, START_TIMEOUT))
                .isInstanceOf(EmbeddedSearchNodeException.class)
                .hasMessageContaining("incomplete")
                .hasMessageContaining("mvn package");
    }

    private static HttpResponse<String> send(EmbeddedSearchNode node, String method, String path, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.uri() + path)).timeout(Duration.ofSeconds(30));
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
