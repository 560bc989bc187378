package io.studioflow.testing;

import io.studioflow.StudioflowApplication;
import io.studioflow.platform.StudioflowProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A whole application of its own on a data directory, for tests that stop and start it (restarts). */
public final class StandaloneApp {

    /** The settings the build gives the tests, which an application in a JVM of its own needs as well. */
    private static final List<String> INHERITED_PROPERTIES = List.of("studioflow.root", "studioflow.model.dir",
            "studioflow.search.node-lib");

    private StandaloneApp() {
    }

    public static ConfigurableApplicationContext start(Path dataDir) {
        return start(dataDir, "--studioflow.engine.port=0");
    }

    /** With more arguments ({@code --name=value}); give {@code --studioflow.engine.port} among them. */
    public static ConfigurableApplicationContext start(Path dataDir, String... arguments) {
        List<String> all = new ArrayList<>(List.of("--server.port=0", "--studioflow.data-dir=" + dataDir));
        all.addAll(List.of(arguments));
        // arguments, not builder properties: those are defaults that application.yaml would override
        return new SpringApplicationBuilder(StudioflowApplication.class).run(all.toArray(String[]::new));
    }

    public static StudioflowApi api(ConfigurableApplicationContext app) {
        return api(((WebServerApplicationContext) app).getWebServer().getPort());
    }

    public static StudioflowApi api(int port) {
        return new StudioflowApi(new TestRestTemplate(new RestTemplateBuilder().rootUri("http://localhost:" + port)));
    }

    /**
     * Starts the application in a JVM of its own (the test's class path and settings, its output appended to
     * {@code log}) and returns once it is ready for traffic: after start-up, deployments and restart recovery. That
     * JVM can then be killed as a crash would kill it.
     *
     * @throws IllegalStateException with the end of its log if it dies or is not ready within {@code timeout}
     */
    public static Process launch(Path dataDir, int port, Path log, Duration timeout) {
        return launch(dataDir, port, log, timeout, List.of());
    }

    /** As {@link #launch(Path, int, Path, Duration)}, with more arguments ({@code --name=value}) after the usual ones. */
    public static Process launch(Path dataDir, int port, Path log, Duration timeout, List<String> arguments) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx2g", "--enable-native-access=ALL-UNNAMED"));
        for (String property : INHERITED_PROPERTIES) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) {
                command.add("-D" + property + "=" + value);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), StudioflowApplication.class.getName(),
                "--server.port=" + port, "--studioflow.engine.port=0", "--studioflow.data-dir=" + dataDir,
                "--management.endpoint.health.probes.enabled=true"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        Process process;
        try {
            Files.createDirectories(log.getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the application's JVM", e);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the application's JVM exited with " + process.exitValue() + ":\n" + tail(log));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return process;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(Duration.ofMillis(500));
        }
        process.destroyForcibly();
        throw new IllegalStateException("the application was not ready within " + timeout + ":\n" + tail(log));
    }

    /**
     * The arguments of a pure worker instance pointed, through the external settings, at another instance's embedded
     * engine (its gRPC port) and Elasticsearch node, sharing its blob and publish folders.
     */
    public static List<String> workerOf(int enginePort, URI searchNode, StudioflowProperties shared) {
        return List.of(
                "--studioflow.roles=worker",
                "--camunda.client.mode=self-managed",
                "--camunda.client.grpc-address=http://127.0.0.1:" + enginePort,
                // the embedded engine has no REST API; Studioflow only uses gRPC
                "--camunda.client.rest-address=http://127.0.0.1:" + freePort(),
                "--camunda.client.prefer-rest-over-grpc=false",
                "--spring.elasticsearch.uris=" + searchNode,
                "--studioflow.blob-dir=" + shared.blobDir(),
                "--studioflow.publish-dir=" + shared.publishDir());
    }

    /** {@code target/<folder>/<name>}, its folder made and an earlier run's file gone: where a launched JVM logs. */
    public static Path freshLog(String folder, String name) throws IOException {
        Path logs = Path.of("target", folder).toAbsolutePath();
        Files.createDirectories(logs);
        Path log = logs.resolve(name);
        Files.deleteIfExists(log);
        return log;
    }

    /** A port nobody listens on now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines of a log, for a failure message. */
    public static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
