package io.studioflow.platform;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Sizes the job workers to the machine's cores unless configured: segmentation (the model, two threads per
 * inference, one session shared) runs one job per core, the light steps two per core, on {@code cores + 1} handler
 * threads. Set {@code camunda.client.execution-threads} or {@code camunda.client.worker.override.<type>.max-jobs-active}
 * to choose otherwise; these defaults come last, so anything set anywhere wins.
 */
public class WorkerConcurrency implements EnvironmentPostProcessor {

    static final String SOURCE = "studioflow-worker-concurrency";
    private static final String[] LIGHT_STEPS = {"capture-qc", "correct-colour", "compose", "publish"};

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        int cores = Runtime.getRuntime().availableProcessors();
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("camunda.client.execution-threads", cores + 1);
        defaults.put("camunda.client.worker.override.remove-background.max-jobs-active", cores);
        for (String step : LIGHT_STEPS) {
            defaults.put("camunda.client.worker.override." + step + ".max-jobs-active", 2 * cores);
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults));
    }
}
