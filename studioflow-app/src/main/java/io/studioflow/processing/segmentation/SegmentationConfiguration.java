package io.studioflow.processing.segmentation;

import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the segmentation model from {@code studioflow.model.dir} and {@code studioflow.model.threads}, at
 * start-up: missing or corrupt weights stop the application with a message that says how to fetch them,
 * rather than failing the first image.
 */
@Configuration(proxyBeanMethods = false)
public class SegmentationConfiguration {

    /** Closed by Spring on shutdown ({@code close()} is inferred as the destroy method). */
    @Bean
    public SegmentationModel segmentationModel(@Value("${studioflow.model.dir:.studioflow/models}") Path modelDir,
                                               @Value("${studioflow.model.threads:2}") int threads) {
        return new IsnetSegmentationModel(modelDir, threads);
    }
}
