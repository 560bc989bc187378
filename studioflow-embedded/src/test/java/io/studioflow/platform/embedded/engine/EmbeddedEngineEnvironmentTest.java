package io.studioflow.platform.embedded.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.client.ZeebeClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.mock.env.MockEnvironment;

class EmbeddedEngineEnvironmentTest {

    @Test
    void embeddedEngineRunsOnlyWhenNoClusterIsConfigured() {
        assertThat(EmbeddedEngineEnvironment.embeddedWanted(new MockEnvironment())).isTrue();
        assertThat(EmbeddedEngineEnvironment.embeddedWanted(new MockEnvironment()
                .withProperty("camunda.client.grpc-address", "http://zeebe:26500"))).isFalse();
        assertThat(EmbeddedEngineEnvironment.embeddedWanted(new MockEnvironment()
                .withProperty("camunda.client.cloud.cluster-id", "abc"))).isFalse();
        assertThat(EmbeddedEngineEnvironment.embeddedWanted(new MockEnvironment()
                .withProperty("camunda.client.mode", "saas"))).isFalse();
        assertThat(EmbeddedEngineEnvironment.embeddedWanted(new MockEnvironment()
                .withProperty("camunda.client.grpc-address", "http://zeebe:26500")
                .withProperty("studioflow.engine.embedded", "true"))).isTrue();
        assertThat(EmbeddedEngineEnvironment.embeddedWanted(new MockEnvironment()
                .withProperty("studioflow.engine.embedded", "false"))).isFalse();
    }

    @Test
    void startsARealEngineAndPointsTheClientAtIt() {
        MockEnvironment env = new MockEnvironment().withProperty("studioflow.engine.port", "0");
        SpringApplication application = new SpringApplication();
        new EmbeddedEngineEnvironment(new DeferredLogs()).postProcessEnvironment(env, application);

        String address = env.getProperty("camunda.client.grpc-address");
        assertThat(address).startsWith("http://127.0.0.1:");
        assertThat(env.getProperty("camunda.client.prefer-rest-over-grpc")).isEqualTo("false");
        try (ZeebeClient client = ZeebeClient.newClientBuilder().grpcAddress(java.net.URI.create(address)).usePlaintext()
                .defaultRequestTimeout(Duration.ofSeconds(10)).build()) {
            assertThat(client.newTopologyRequest().send().join().getBrokers()).isNotEmpty();
        }

        MockEnvironment cluster = new MockEnvironment().withProperty("camunda.client.grpc-address", "http://zeebe:26500");
        new EmbeddedEngineEnvironment(new DeferredLogs()).postProcessEnvironment(cluster, application);
        assertThat(cluster.getPropertySources().contains(EmbeddedEngineEnvironment.PROPERTY_SOURCE)).isFalse();
        assertThat(cluster.getProperty("camunda.client.grpc-address")).isEqualTo("http://zeebe:26500");
    }
}
