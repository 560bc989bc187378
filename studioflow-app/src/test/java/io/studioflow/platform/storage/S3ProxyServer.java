package io.studioflow.platform.storage;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real S3-compatible server for the tests: s3proxy with its in-memory backend, run as a child JVM so that its
 * Jetty and Jakarta versions never meet Spring Boot's. The build copies its self-contained jar to
 * {@code target/s3proxy/s3proxy.jar} and names it in the system property {@code studioflow.s3proxy.jar}.
 */
final class S3ProxyServer implements AutoCloseable {

    static final String IDENTITY = "studioflow-test";
    static final String CREDENTIAL = "studioflow-test-secret";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path log;
    private final URI endpoint;
    private final Thread killOnExit;

    private S3ProxyServer(Process process, Path log, URI endpoint) {
        this.process = process;
        this.log = log;
        this.endpoint = endpoint;
        // a test JVM that ends without closing it must not leave the server behind
        this.killOnExit = new Thread(process::destroyForcibly, "s3proxy-kill");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    static S3ProxyServer start(Path workDir) throws IOException, InterruptedException {
        Path jar = s3proxyJar();
        int port = freePort();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        Path properties = workDir.resolve("s3proxy.properties");
        Files.write(properties, List.of(
                "s3proxy.endpoint=" + endpoint,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + IDENTITY,
                "s3proxy.credential=" + CREDENTIAL,
                "jclouds.provider=transient-nio2",
                "jclouds.identity=unused",
                "jclouds.credential=unused"));
        Path log = workDir.resolve("s3proxy.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString(),
                "--properties", properties.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("LOG_LEVEL", "warn");
        S3ProxyServer server = new S3ProxyServer(builder.start(), log, endpoint);
        try {
            server.awaitAnswering(port);
        } catch (IOException | RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static Path s3proxyJar() {
        String configured = System.getProperty("studioflow.s3proxy.jar");
        Path jar = configured == null ? Path.of("target", "s3proxy", "s3proxy.jar") : Path.of(configured);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("s3proxy is not at " + jar.toAbsolutePath()
                    + ": run the tests through Maven (its process-test-resources phase copies it there)");
        }
        return jar;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Any HTTP answer counts: an unsigned request gets 403, which means Jetty and the S3 handler are up. */
    private void awaitAnswering(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3proxy exited with " + process.exitValue() + ":\n" + logTail());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                socket.setSoTimeout(2000);
                socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                byte[] start = socket.getInputStream().readNBytes(8);
                if (new String(start, StandardCharsets.US_ASCII).startsWith("HTTP/1.")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("s3proxy did not answer on port " + port + " within " + START_TIMEOUT + ":\n"
                + logTail());
    }

    URI endpoint() {
        return endpoint;
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway, harmlessly
        }
    }
}
