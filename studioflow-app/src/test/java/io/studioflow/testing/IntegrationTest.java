package io.studioflow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that run the whole application: the embedded Zeebe engine, a real Elasticsearch node
 * in a child JVM, the real ISNet model, on a random port. One Spring context (and so one engine and one
 * node) is shared by every subclass.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"studioflow.engine.port=0", "studioflow.ingest.pending-start-interval=PT2S"})
public abstract class IntegrationTest {

    private static final Path DATA_DIR = createDataDir();

    @Autowired
    protected TestRestTemplate http;

    protected StudioflowApi api;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("studioflow.data-dir", DATA_DIR::toString);
        registry.add("studioflow.ingest.hot-folder", () -> hotFolder().toString());
    }

    @BeforeEach
    void api() {
        api = new StudioflowApi(http);
    }

    protected static Path dataDir() {
        return DATA_DIR;
    }

    /** The folder the application watches for photos to take in as batches. */
    protected static Path hotFolder() {
        return DATA_DIR.resolve("hot-folder");
    }

    private static Path createDataDir() {
        try {
            Path target = Path.of("target");
            Files.createDirectories(target);
            return Files.createTempDirectory(target.toAbsolutePath(), "it-data-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
