package io.studioflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class WorkerConcurrencyTest {

    private final int cores = Runtime.getRuntime().availableProcessors();

    @Test
    void workersFollowTheCores() {
        StandardEnvironment environment = new StandardEnvironment();
        new WorkerConcurrency().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("camunda.client.worker.override.remove-background.max-jobs-active", Integer.class))
                .isEqualTo(cores);
        assertThat(environment.getProperty("camunda.client.worker.override.compose.max-jobs-active", Integer.class))
                .isEqualTo(2 * cores);
        assertThat(environment.getProperty("camunda.client.execution-threads", Integer.class)).isEqualTo(cores + 1);
    }

    @Test
    void whatIsConfiguredWins() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("application",
                Map.of("camunda.client.worker.override.remove-background.max-jobs-active", 1)));
        new WorkerConcurrency().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("camunda.client.worker.override.remove-background.max-jobs-active", Integer.class))
                .isEqualTo(1);
    }
}
