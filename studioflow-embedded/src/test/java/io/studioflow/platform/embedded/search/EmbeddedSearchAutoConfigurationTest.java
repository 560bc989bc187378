package io.studioflow.platform.embedded.search;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchClientAutoConfiguration;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchConnectionDetails;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class EmbeddedSearchAutoConfigurationTest {

    record AuditEntry(String assetId, String step, double confidence) {
    }

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    EmbeddedSearchAutoConfiguration.class,
                    JacksonAutoConfiguration.class,
                    ElasticsearchRestClientAutoConfiguration.class,
                    ElasticsearchClientAutoConfiguration.class));

    @TempDir
    Path dataDir;

    @Test
    void bootsElasticsearchClientTalksToTheEmbeddedNodeWhichStopsWithTheContext() {
        AtomicReference<EmbeddedSearchNode> started = new AtomicReference<>();
        contextRunner.withPropertyValues("studioflow.data-dir=" + dataDir).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(EmbeddedSearchNode.class);
            EmbeddedSearchNode node = context.getBean(EmbeddedSearchNode.class);
            started.set(node);
            assertThat(node.nodeDir()).isEqualTo(dataDir.toAbsolutePath().resolve("elasticsearch"));

            // Boot built its low-level client from our connection details, not from its defaults (localhost:9200)
            assertThat(context.getBean(ElasticsearchConnectionDetails.class))
                    .isInstanceOf(EmbeddedSearchAutoConfiguration.EmbeddedSearchConnectionDetails.class);
            assertThat(context.getBean(RestClient.class).getNodes())
                    .extracting(restNode -> restNode.getHost().toURI())
                    .containsExactly(node.uri().toString());

            ElasticsearchClient client = context.getBean(ElasticsearchClient.class);
            assertThat(client.cluster().health().status()).isEqualTo(HealthStatus.Green);
            client.index(request -> request.index("audit-boot").id("a-7").refresh(Refresh.True)
                    .document(new AuditEntry("a-7", "colour", 0.71)));
            SearchResponse<AuditEntry> hits = client.search(search -> search.index("audit-boot")
                    .query(query -> query.term(term -> term.field("step.keyword").value("colour"))), AuditEntry.class);
            assertThat(hits.hits().hits()).singleElement()
                    .satisfies(hit -> assertThat(hit.source()).isEqualTo(new AuditEntry("a-7", "colour", 0.71)));
        });
        assertThat(started.get()).isNotNull();
        assertThat(started.get().isRunning()).as("node stopped with the context").isFalse();
    }

    @Test
    void contextsOnTheSameDataDirShareOneNodeUntilTheLastCloses() {
        AtomicReference<EmbeddedSearchNode> shared = new AtomicReference<>();
        // as Spring's test context cache does: a second context starts while the first is still open
        contextRunner.withPropertyValues("studioflow.data-dir=" + dataDir).run(first -> {
            EmbeddedSearchNode node = first.getBean(EmbeddedSearchNode.class);
            contextRunner.withPropertyValues("studioflow.data-dir=" + dataDir).run(second -> {
                assertThat(second).hasNotFailed();
                assertThat(second.getBean(EmbeddedSearchNode.class)).isSameAs(node);
            });
            assertThat(node.isRunning()).as("still used by the first context").isTrue();
            assertThat(first.getBean(ElasticsearchClient.class).cluster().health().numberOfNodes()).isEqualTo(1);
            shared.set(node);
        });
        assertThat(shared.get().isRunning()).as("stopped with the last context").isFalse();
    }

    @Test
    void configuredClusterUrisLeaveTheEmbeddedNodeOff() {
        contextRunner
                .withPropertyValues("studioflow.data-dir=" + dataDir, "spring.elasticsearch.uris=http://127.0.0.1:9")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(EmbeddedSearchNode.class);
                    assertThat(context.getBean(RestClient.class).getNodes())
                            .extracting(restNode -> restNode.getHost().toURI())
                            .containsExactly("http://127.0.0.1:9");
                });
        assertThat(dataDir.resolve("elasticsearch")).doesNotExist();
    }

    @Test
    void embeddedFalseLeavesTheEmbeddedNodeOff() {
        contextRunner
                .withPropertyValues("studioflow.data-dir=" + dataDir, "studioflow.search.embedded=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(EmbeddedSearchNode.class));
        assertThat(dataDir.resolve("elasticsearch")).doesNotExist();
    }
}
