package io.studioflow.platform.roles;

import static org.assertj.core.api.Assertions.assertThat;

import io.studioflow.platform.StudioflowProperties;
import io.studioflow.platform.embedded.search.EmbeddedSearchNode;
import io.studioflow.testing.IntegrationTest;
import io.studioflow.testing.StandaloneApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * A second instance, a pure worker, in a JVM of its own, pointed through the external settings at this test's
 * engine (its gRPC port) and Elasticsearch node, sharing its blob and publish folders: it starts neither an engine
 * nor a node of its own, opens the machine steps' workers but not the inbox's, and serves no web app or API.
 */
class WorkerInstanceIntegrationTest extends IntegrationTest {

    @Value("${studioflow.engine.embedded-port}")
    private int enginePort;
    @Autowired
    private EmbeddedSearchNode searchNode;
    @Autowired
    private StudioflowProperties properties;

    @Test
    void aWorkerInstanceUsesTheClustersItIsGivenAndStartsNoneOfItsOwn() throws Exception {
        Path log = StandaloneApp.freshLog("worker-instance", "worker.log");
        Path ownData = Files.createTempDirectory(dataDir().getParent(), "worker-data-");
        int port = StandaloneApp.freePort();
        Process worker = StandaloneApp.launch(ownData, port, log, Duration.ofMinutes(4),
                StandaloneApp.workerOf(enginePort, searchNode.uri(), properties));
        try {
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> api = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/images"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).isEqualTo(404);
            assertThat(api.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(api.body()).contains("job workers only").contains("studioflow.roles=[worker]");
            HttpResponse<String> ui = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/inbox"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ui.statusCode()).isEqualTo(404);

            String output = Files.readString(log);
            assertThat(output).contains("Instance roles [worker]: job workers open for "
                    + "[capture-qc, compose, correct-colour, publish, remove-background]");
            assertThat(output).as("no engine of its own").doesNotContain("Embedded Zeebe engine");
            assertThat(output).as("no Elasticsearch node of its own").doesNotContain("Embedded Elasticsearch node");
            assertThat(worker.toHandle().children().toList()).as("no child JVM (a node) started").isEmpty();
        } finally {
            worker.destroy();
            worker.waitFor();
        }
    }
}
