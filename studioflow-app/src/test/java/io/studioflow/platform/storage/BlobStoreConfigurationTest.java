package io.studioflow.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import software.amazon.awssdk.regions.Region;

/** Which store the application gets from its settings, in a context that holds only the storage configuration. */
class BlobStoreConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(BlobStoreConfiguration.class);

    @TempDir
    Path dataDir;

    @Test
    void byDefaultBlobsAreFilesUnderTheDataFolder() {
        runner.withPropertyValues("studioflow.data-dir=" + dataDir).run(context -> {
            assertThat(context).hasSingleBean(BlobStore.class);
            BlobStore store = context.getBean(BlobStore.class);
            assertThat(store).isInstanceOf(FileSystemBlobStore.class);

            String hash = store.put(new byte[] {1, 2, 3});
            assertThat(dataDir.resolve("blobs").resolve(BlobKeys.relativeName(hash))).isRegularFile();
        });
    }

    @Test
    void typeS3GivesAnS3StoreWithTheseSettings() {
        runner.withPropertyValues("studioflow.storage.type=s3",
                        "studioflow.storage.s3.bucket=product-images",
                        "studioflow.storage.s3.endpoint=http://127.0.0.1:9000",
                        "studioflow.storage.s3.region=eu-central-1",
                        "studioflow.storage.s3.path-style=true",
                        "studioflow.storage.s3.prefix=studioflow",
                        "studioflow.storage.s3.access-key=key",
                        "studioflow.storage.s3.secret-key=secret")
                .run(context -> {
                    assertThat(context).hasSingleBean(BlobStore.class);
                    S3BlobStore store = context.getBean(S3BlobStore.class);
                    assertThat(store.bucket()).isEqualTo("product-images");
                    assertThat(store.prefix()).isEqualTo("studioflow/");
                    var client = store.client().serviceClientConfiguration();
                    assertThat(client.endpointOverride()).contains(URI.create("http://127.0.0.1:9000"));
                    assertThat(client.region()).isEqualTo(Region.EU_CENTRAL_1);
                    assertThat(context.getBeansOfType(FileSystemBlobStore.class)).isEmpty();
                    assertThat(Files.exists(dataDir.resolve("blobs"))).isFalse();
                });
    }

    @Test
    void theEnvironmentVariablesSelectS3Too() {
        // what STUDIOFLOW_STORAGE_TYPE=s3 etc. in the process environment give, through Boot's relaxed binding
        Map<String, Object> environment = Map.of(
                "STUDIOFLOW_STORAGE_TYPE", "s3",
                "STUDIOFLOW_STORAGE_S3_BUCKET", "from-env",
                "STUDIOFLOW_STORAGE_S3_PATH_STYLE", "true",
                "STUDIOFLOW_STORAGE_S3_ENDPOINT", "http://127.0.0.1:9000",
                "STUDIOFLOW_STORAGE_S3_ACCESS_KEY", "key",
                "STUDIOFLOW_STORAGE_S3_SECRET_KEY", "secret");
        runner.withInitializer(context -> context.getEnvironment().getPropertySources()
                        .addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment", environment)))
                .run(context -> {
                    assertThat(context).hasSingleBean(BlobStore.class);
                    assertThat(context.getBean(S3BlobStore.class).bucket()).isEqualTo("from-env");
                    assertThat(context.getBean(S3BlobStore.class).prefix()).isEmpty();
                    assertThat(context.getBean(S3BlobStore.class).client().serviceClientConfiguration().region())
                            .isEqualTo(Region.US_EAST_1);
                });
    }

    @Test
    void theS3ClientIsClosedWithTheContext() {
        AtomicReference<S3BlobStore> store = new AtomicReference<>();
        runner.withPropertyValues("studioflow.storage.type=s3", "studioflow.storage.s3.bucket=b",
                        "studioflow.storage.s3.endpoint=http://127.0.0.1:9", "studioflow.storage.s3.access-key=k",
                        "studioflow.storage.s3.secret-key=s")
                .run(context -> store.set(context.getBean(S3BlobStore.class)));

        // the connection pool is gone: the call fails before it reaches for the network
        assertThatThrownBy(() -> store.get().exists("0".repeat(64)))
                .hasStackTraceContaining("Connection pool shut down");
    }

    @Test
    void typeS3WithoutABucketDoesNotStart() {
        runner.withPropertyValues("studioflow.storage.type=s3").run(context ->
                assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("studioflow.storage.s3.bucket (STUDIOFLOW_STORAGE_S3_BUCKET) must be set"));
    }

    @Test
    void anUnknownTypeDoesNotStart() {
        runner.withPropertyValues("studioflow.storage.type=minio").run(context ->
                assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("studioflow.storage.type"));
    }
}
