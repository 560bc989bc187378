package io.studioflow.publishing.preset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import io.studioflow.audit.Actor;
import io.studioflow.platform.search.SearchErrors;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;

/**
 * Elasticsearch cannot be reached at all (nothing listens on its port): the catalogue starts anyway with the
 * built-in and configured presets, serves them, and refuses only a save, as "unreachable".
 */
class PresetCatalogOutageTest {

    @Test
    void withoutElasticsearchTheConfiguredPresetsServeAndOnlyASaveFails() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (RestClient rest = RestClient.builder(new HttpHost("127.0.0.1", closedPort)).build()) {
            PresetStore store = new PresetStore(new ElasticsearchClient(new RestClientTransport(rest,
                    new JacksonJsonpMapper())), "studioflow-presets");
            PresetCatalog catalog = new PresetCatalog(new PresetProperties(Map.of()), store, null);

            assertThat(catalog.names()).contains("white-square-2000", "amazon-main", "zalando", "shopify", "etsy");
            assertThat(catalog.get("amazon-main").fillRatio()).isEqualTo(0.88);
            assertThat(catalog.contains("no-such-preset")).isFalse();
            assertThat(catalog.document("etsy").longestSide()).isEqualTo(2000);
            assertThat(catalog.reviewChecklist("amazon-main", List.of("Edges are clean"))).hasSize(2);
            catalog.invalidate();
            assertThat(catalog.get(PresetCatalog.DEFAULT).fillRatio()).as("a failed re-read keeps the last presets")
                    .isEqualTo(0.85);

            PresetDocument edit = catalog.document("zalando");
            assertThatThrownBy(() -> catalog.save("zalando", edit, Actor.user("manager", List.of("MANAGER"))))
                    .satisfies(e -> assertThat(SearchErrors.isUnreachable(e)).as(e.toString()).isTrue());
        }
    }
}
