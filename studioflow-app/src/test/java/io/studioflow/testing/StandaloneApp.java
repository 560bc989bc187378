package io.studioflow.testing;

import io.studioflow.StudioflowApplication;
import java.nio.file.Path;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A whole application of its own on a data directory, for tests that stop and start it (restarts). */
public final class StandaloneApp {

    private StandaloneApp() {
    }

    public static ConfigurableApplicationContext start(Path dataDir) {
        // arguments, not builder properties: those are defaults that application.yaml would override
        return new SpringApplicationBuilder(StudioflowApplication.class)
                .run("--server.port=0", "--studioflow.engine.port=0", "--studioflow.data-dir=" + dataDir);
    }

    public static StudioflowApi api(ConfigurableApplicationContext app) {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        return new StudioflowApi(new TestRestTemplate(new RestTemplateBuilder().rootUri("http://localhost:" + port)));
    }
}
