package io.studioflow;

import io.camunda.client.annotation.Deployment;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Studioflow: product photos through capture, intelligent processing and expert enhancement. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@Deployment(resources = {"classpath*:/processes/*.bpmn", "classpath*:/processes/*.dmn"})
public class StudioflowApplication {

    public static void main(String[] args) {
        SpringApplication.run(StudioflowApplication.class, args);
    }
}
