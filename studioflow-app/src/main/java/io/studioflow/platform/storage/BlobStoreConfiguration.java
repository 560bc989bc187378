package io.studioflow.platform.storage;

import io.studioflow.platform.StudioflowProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Exactly one {@link BlobStore}, chosen by {@code studioflow.storage.type} (see {@link StorageProperties}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({StorageProperties.class, StudioflowProperties.class})
public class BlobStoreConfiguration {

    static final String TYPE = "studioflow.storage.type";

    @Bean
    @ConditionalOnProperty(name = TYPE, havingValue = "filesystem", matchIfMissing = true)
    FileSystemBlobStore fileSystemBlobStore(StudioflowProperties properties) {
        return new FileSystemBlobStore(properties);
    }

    /** Closed with the context (its inferred destroy method), which shuts the client's connection pool. */
    @Bean
    @ConditionalOnProperty(name = TYPE, havingValue = "s3")
    S3BlobStore s3BlobStore(StorageProperties properties) {
        return S3BlobStore.connect(properties.s3());
    }
}
