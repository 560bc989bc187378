package io.studioflow.platform.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.http.HttpHost;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * {@code studioflow.search.api-key}: Elasticsearch's low-level client, built as Spring Boot builds it, sends the key in
 * every request's Authorization header (seen by a real HTTP server on this machine); a key together with a user is
 * refused.
 */
class ElasticsearchApiKeyTest {

    @Test
    void everyRequestCarriesTheApiKey() throws Exception {
        AtomicReference<String> authorization = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("X-Elastic-Product", "Elasticsearch");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            RestClientBuilder builder = RestClient.builder(new HttpHost("127.0.0.1", server.getAddress().getPort()));
            SearchConfiguration.apiKeyHeader(" VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw== ",
                    new StandardEnvironment()).customize(builder);
            try (RestClient client = builder.build()) {
                assertThat(client.performRequest(new Request("GET", "/_cluster/health")).getStatusLine().getStatusCode())
                        .isEqualTo(200);
            }
        } finally {
            server.stop(0);
        }
        assertThat(authorization.get()).isEqualTo("ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==");
    }

    @Test
    void aKeyAndAUserTogetherAreRefused() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", Map.of("spring.elasticsearch.username", "studioflow")));
        assertThatThrownBy(() -> SearchConfiguration.apiKeyHeader("key", env))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("set one of them");
        assertThatThrownBy(() -> SearchConfiguration.apiKeyHeader("  ", new StandardEnvironment()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("empty");
    }
}
