package io.studioflow;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Studioflow: product photos through capture, intelligent processing and expert enhancement. The flows in
 * {@code processes/} are deployed at start by {@link io.studioflow.flows.FlowDeployments}, which keeps a manager's
 * newer version in force across restarts.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class StudioflowApplication {

    public static void main(String[] args) {
        SpringApplication.run(StudioflowApplication.class, args);
    }
}
