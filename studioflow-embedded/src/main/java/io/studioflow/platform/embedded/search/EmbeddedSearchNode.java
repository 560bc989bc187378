package io.studioflow.platform.embedded.search;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Elasticsearch 8.18 server running in a child JVM, for development, demos and tests.
 *
 * <p>The server jars live in the node's lib dir (built by the {@code search-node} module into
 * {@code search-node/target/lib}) and never on this JVM's class path. The child runs on the same JDK as
 * this process, listens on 127.0.0.1 only (HTTP and transport on free ports), keeps its data, logs and
 * config under {@code <data dir>/elasticsearch/} so documents survive restarts, and stops cleanly when
 * its standard input is closed (which also happens if this JVM dies).
 *
 * <p>Knows nothing of Spring: {@link EmbeddedSearchAutoConfiguration} adapts it.
 */
public final class EmbeddedSearchNode implements AutoCloseable {

    /** System property naming the node's lib dir; by default {@code search-node/target/lib} is searched upward. */
    public static final String LIB_DIR_PROPERTY = "studioflow.search.node-lib";

    static final String MAIN_CLASS = "io.studioflow.searchnode.SearchNodeMain";
    static final String TRANSPORT_MODULE = "modules/transport-netty4";
    private static final String LIB_DIR_IN_REPOSITORY = "search-node/target/lib";
    private static final String LAUNCHER_LOCK = "launcher.lock";
    private static final String CONSOLE_LOG = "console.log";
    private static final String HTTP_PORTS_FILE = "http.ports";
    /** Written by Elasticsearch's NodeEnvironment when another process holds the data dir. */
    private static final String ES_LOCK_FAILURE = "failed to obtain node locks";
    private static final int LOG_TAIL_LINES = 40;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSearchNode.class);

    private final Path home;
    private final NodeDirectories directories;
    private final LauncherLock lock;
    private final int httpPort;
    private final Thread shutdownHook;
    // replaced by restart(): stop() and restart() let a test take the node away and bring it back
    private volatile Process process;
    private volatile OutputStream stdin;
    private volatile Duration startupTime;
    private boolean closed;

    private EmbeddedSearchNode(Path home, Process process, NodeDirectories directories, LauncherLock lock, int httpPort,
                               Duration startupTime) {
        this.home = home;
        this.process = process;
        this.stdin = process.getOutputStream();
        this.directories = directories;
        this.lock = lock;
        this.httpPort = httpPort;
        this.startupTime = startupTime;
        this.shutdownHook = new Thread(this::close, "embedded-search-node-stop");
    }

    /** Starts a node with the lib dir from {@link #defaultLibDir()}. */
    public static EmbeddedSearchNode start(Path dataDir, Duration timeout) {
        return start(defaultLibDir(), dataDir, timeout);
    }

    /**
     * Starts a node and waits until its cluster health is yellow or green.
     *
     * @param libDir  the node's home, as built by the {@code search-node} module
     * @param dataDir Studioflow's data dir; the node keeps everything under {@code dataDir/elasticsearch}
     * @param timeout how long to wait for the node to become ready before it is stopped again
     * @throws EmbeddedSearchNodeException if the lib dir is missing, another node uses the data dir, or the
     *                                     node fails or times out (the message holds the end of its log)
     */
    public static EmbeddedSearchNode start(Path libDir, Path dataDir, Duration timeout) {
        Path home = checkLibDir(libDir);
        NodeDirectories directories = NodeDirectories.create(dataDir);
        LauncherLock lock = LauncherLock.acquire(directories);
        try {
            directories.prepareForStart(home);
            long startedAt = System.nanoTime();
            Process process = launch(home, directories, 0);
            try {
                int port = awaitReady(process, directories, timeout);
                Duration startupTime = Duration.ofNanos(System.nanoTime() - startedAt);
                applySingleNodeDefaults(port);
                EmbeddedSearchNode node = new EmbeddedSearchNode(home, process, directories, lock, port, startupTime);
                Runtime.getRuntime().addShutdownHook(node.shutdownHook);
                log.info("Embedded Elasticsearch node ready at {} in {} ms (pid {}, data {}, log {})",
                        node.uri(), startupTime.toMillis(), process.pid(), directories.data(), node.logFile());
                return node;
            } catch (RuntimeException | Error startFailure) {
                stopProcess(process);
                throw startFailure;
            }
        } catch (RuntimeException | Error startFailure) {
            lock.release();
            throw startFailure;
        }
    }

    /**
     * The lib dir from system property {@value #LIB_DIR_PROPERTY}, else the first
     * {@code search-node/target/lib} found in the working directory or one of its parents.
     */
    public static Path defaultLibDir() {
        String configured = System.getProperty(LIB_DIR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path workingDir = Path.of("").toAbsolutePath();
        for (Path dir = workingDir; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(LIB_DIR_IN_REPOSITORY);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new EmbeddedSearchNodeException("The embedded Elasticsearch node is not built: found no "
                + LIB_DIR_IN_REPOSITORY + " in " + workingDir + " or its parents, and system property "
                + LIB_DIR_PROPERTY + " is not set. " + buildHint());
    }

    /** {@code http://127.0.0.1:PORT}, the node's REST endpoint. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    public int httpPort() {
        return httpPort;
    }

    public long pid() {
        return process.pid();
    }

    /** From launching the child JVM until the cluster health was yellow or green. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Resident memory of the child JVM (Linux: {@code /proc/PID/status}); empty where unknown. */
    public OptionalLong residentMemoryBytes() {
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    String kilobytes = line.substring("VmRSS:".length()).replace("kB", "").trim();
                    return OptionalLong.of(Long.parseLong(kilobytes) * 1024);
                }
            }
        } catch (IOException | NumberFormatException unavailable) {
            // not Linux, or the process is gone
        }
        return OptionalLong.empty();
    }

    /** {@code <data dir>/elasticsearch}: data, logs, config and temp files of this node. */
    public Path nodeDir() {
        return directories.root();
    }

    /** The child's standard output and error. */
    public Path logFile() {
        return directories.logs().resolve(CONSOLE_LOG);
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /**
     * Stops the child JVM cleanly but keeps the node's data dir, its lock and its HTTP port, so that
     * {@link #restart} brings the same node back where clients expect it: for tests of what the application
     * does while Elasticsearch is away. Does nothing if the child is not running.
     */
    public synchronized void stop() {
        if (closed) {
            throw new EmbeddedSearchNodeException("The embedded Elasticsearch node is closed; it cannot be stopped");
        }
        if (process.isAlive()) {
            stopChild();
        }
    }

    /**
     * Starts the child JVM again after {@link #stop}, on the same data dir and HTTP port, and waits until
     * it is ready. Does nothing if it is running.
     *
     * @throws EmbeddedSearchNodeException if the node is closed, or does not become ready in time
     */
    public synchronized void restart(Duration timeout) {
        if (closed) {
            throw new EmbeddedSearchNodeException("The embedded Elasticsearch node is closed; start a new one");
        }
        if (process.isAlive()) {
            return;
        }
        directories.prepareForStart(home);
        long startedAt = System.nanoTime();
        Process restarted = launch(home, directories, httpPort);
        try {
            awaitReady(restarted, directories, timeout);
        } catch (RuntimeException | Error startFailure) {
            stopProcess(restarted);
            throw startFailure;
        }
        process = restarted;
        stdin = restarted.getOutputStream();
        startupTime = Duration.ofNanos(System.nanoTime() - startedAt);
        log.info("Embedded Elasticsearch node restarted at {} in {} ms (pid {})", uri(), startupTime.toMillis(),
                restarted.pid());
    }

    /**
     * Stops the node: closes its standard input (a clean shutdown, flushing the indices), waits, and kills
     * it only if it does not exit in time. Idempotent; also runs from a JVM shutdown hook.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // called from the hook itself
        }
        try {
            stopChild();
        } finally {
            lock.release();
        }
    }

    /** Closes the child's standard input (a clean shutdown), waits, kills it only if it does not exit in time. */
    private void stopChild() {
        try {
            stdin.close();
        } catch (IOException alreadyClosed) {
            // the child is gone already
        }
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Embedded Elasticsearch node (pid {}) did not stop within {} s, killing it",
                        process.pid(), STOP_TIMEOUT.toSeconds());
                stopProcess(process);
            } else {
                log.info("Embedded Elasticsearch node (pid {}) stopped", process.pid());
            }
        } catch (InterruptedException interrupted) {
            stopProcess(process);
            Thread.currentThread().interrupt();
        }
    }

    private static Path checkLibDir(Path libDir) {
        Path home = libDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(home)) {
            throw new EmbeddedSearchNodeException(
                    "The embedded Elasticsearch node is not built: lib dir " + home + " does not exist. " + buildHint());
        }
        if (!Files.isDirectory(home.resolve(TRANSPORT_MODULE)) || !containsNodeMain(home)) {
            throw new EmbeddedSearchNodeException("The embedded Elasticsearch node is incomplete: " + home
                    + " lacks " + TRANSPORT_MODULE + " or the search-node jar. " + buildHint());
        }
        return home;
    }

    private static boolean containsNodeMain(Path home) {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(home, "search-node-*.jar")) {
            return jars.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    private static String buildHint() {
        return "Build it with `mvn package` (or `mvn install`) in the Studioflow repository root, point "
                + LIB_DIR_PROPERTY + " at a built lib dir, or set spring.elasticsearch.uris to use an existing "
                + "Elasticsearch.";
    }

    /** {@code httpPort} 0 lets the node take any free port. */
    private static Process launch(Path home, NodeDirectories directories, int httpPort) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(
                "-Xms256m", "-Xmx512m",
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:-OmitStackTraceInFastThrow",
                "-XX:ErrorFile=" + directories.logs().resolve("hs_err_pid%p.log"),
                "-Djava.io.tmpdir=" + directories.tmp(),
                "-Dfile.encoding=UTF-8",
                "-Djava.locale.providers=CLDR",
                // log4j: the node closes it itself, and lookups in messages stay off
                "-Dlog4j.shutdownHookEnabled=false",
                "-Dlog4j2.disable.jmx=true",
                "-Dlog4j2.formatMsgNoLookups=true",
                // the netty settings Elasticsearch's own launcher uses
                "-Dio.netty.noUnsafe=true",
                "-Dio.netty.noKeySetOptimization=true",
                "-Dio.netty.recycler.maxCapacityPerThread=0",
                // Elasticsearch calls libc through the FFM API; without this JDK 22+ warns on every start
                "--enable-native-access=ALL-UNNAMED",
                "-cp", home.resolve("*").toString(),
                MAIN_CLASS,
                home.toString(),
                directories.config().toString()));
        for (Map.Entry<String, String> setting : nodeSettings(directories, httpPort).entrySet()) {
            command.add("-E" + setting.getKey() + "=" + setting.getValue());
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directories.root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(directories.logs().resolve(CONSOLE_LOG).toFile()));
        // options meant for this JVM (agents, debuggers) must not leak into the node
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("_JAVA_OPTIONS");
        try {
            return builder.start();
        } catch (IOException e) {
            throw new EmbeddedSearchNodeException("Could not launch the Elasticsearch child JVM: " + command.get(0), e);
        }
    }

    private static Map<String, String> nodeSettings(NodeDirectories directories, int httpPort) {
        return Map.ofEntries(
                Map.entry("cluster.name", "studioflow"),
                Map.entry("node.name", "studioflow-search"),
                Map.entry("path.data", directories.data().toString()),
                Map.entry("path.logs", directories.logs().toString()),
                Map.entry("discovery.type", "single-node"),
                Map.entry("network.host", "127.0.0.1"),
                // port 0 = any free port, no race with other processes; restart() asks for the port it got first
                Map.entry("http.port", Integer.toString(httpPort)),
                Map.entry("transport.port", "0"),
                Map.entry("node.portsfile", "true"),
                // a full developer disk must not turn indices read-only behind the user's back
                Map.entry("cluster.routing.allocation.disk.threshold_enabled", "false"));
    }

    private static int awaitReady(Process process, NodeDirectories directories, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path portsFile = directories.logs().resolve(HTTP_PORTS_FILE);
        Integer port = null;
        while (true) {
            if (!process.isAlive()) {
                throw startFailure(directories, process.exitValue());
            }
            if (port == null && Files.exists(portsFile)) {
                port = readPort(portsFile);
            }
            if (port != null && clusterIsUsable(port)) {
                return port;
            }
            if (System.nanoTime() > deadline) {
                throw new EmbeddedSearchNodeException("The embedded Elasticsearch node did not become ready within "
                        + timeout.toSeconds() + " s (data dir " + directories.root() + ")."
                        + logTail(directories));
            }
            sleep(POLL_INTERVAL);
        }
    }

    private static EmbeddedSearchNodeException startFailure(NodeDirectories directories, int exitCode) {
        String tail = logTail(directories);
        if (tail.contains(ES_LOCK_FAILURE)) {
            return new EmbeddedSearchNodeException("Another Elasticsearch node is already using data dir "
                    + directories.data() + " (its node lock is held). Stop that node, or give this one another "
                    + "studioflow.data-dir." + tail);
        }
        return new EmbeddedSearchNodeException(
                "The embedded Elasticsearch node exited with code " + exitCode + " while starting." + tail);
    }

    private static int readPort(Path portsFile) {
        try {
            // one "host:port" per bound address; all of them are 127.0.0.1 here
            String first = Files.readAllLines(portsFile).get(0).trim();
            return Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
        } catch (IOException | RuntimeException e) {
            throw new EmbeddedSearchNodeException("Unreadable ports file of the embedded Elasticsearch node: " + portsFile, e);
        }
    }

    /** GET / answers 405 on this server build: readiness is a yellow or green cluster health. */
    private static boolean clusterIsUsable(int port) {
        String path = "/_cluster/health?wait_for_status=yellow&timeout=1s&master_timeout=1s";
        try {
            HttpURLConnection connection = request(port, "GET", path);
            try {
                if (connection.getResponseCode() != 200) {
                    return false;
                }
                String body = readBody(connection.getInputStream());
                return body.contains("\"status\":\"green\"") || body.contains("\"status\":\"yellow\"");
            } finally {
                connection.disconnect();
            }
        } catch (IOException notYet) {
            return false;
        }
    }

    /**
     * One node cannot hold replicas: new indices get none unless they say otherwise, so they are green.
     * A legacy template because a composable one on {@code *} would clash with templates the app adds.
     */
    private static void applySingleNodeDefaults(int port) {
        String template = """
                {"index_patterns":["*"],"order":-1000,"settings":{"index.number_of_replicas":0}}""";
        try {
            HttpURLConnection connection = request(port, "PUT", "/_template/studioflow-single-node");
            try {
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", "application/json");
                try (OutputStream body = connection.getOutputStream()) {
                    body.write(template.getBytes(StandardCharsets.UTF_8));
                }
                int status = connection.getResponseCode();
                if (status != 200) {
                    throw new EmbeddedSearchNodeException("The embedded Elasticsearch node refused its default "
                            + "index template (HTTP " + status + "): " + readBody(connection.getErrorStream()));
                }
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            throw new EmbeddedSearchNodeException("Could not configure the embedded Elasticsearch node", e);
        }
    }

    private static HttpURLConnection request(int port, String method, String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(2_000);
        connection.setReadTimeout(10_000);
        return connection;
    }

    private static String readBody(InputStream in) throws IOException {
        if (in == null) {
            return "";
        }
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String logTail(NodeDirectories directories) {
        Path logFile = directories.logs().resolve(CONSOLE_LOG);
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
            return "\nLast lines of " + logFile + ":\n" + String.join("\n", tail);
        } catch (IOException | UncheckedIOException e) {
            return "\n(no node log at " + logFile + ")";
        }
    }

    /** SIGTERM first (the child's shutdown hook closes the node), then SIGKILL. */
    private static void stopProcess(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new EmbeddedSearchNodeException("Interrupted while waiting for the embedded Elasticsearch node");
        }
    }

    /** The node's directories under {@code <data dir>/elasticsearch}. */
    record NodeDirectories(Path root) {

        static NodeDirectories create(Path dataDir) {
            NodeDirectories directories = new NodeDirectories(dataDir.toAbsolutePath().normalize().resolve("elasticsearch"));
            try {
                for (Path dir : List.of(directories.data(), directories.logs(), directories.config(), directories.tmp())) {
                    Files.createDirectories(dir);
                }
            } catch (IOException e) {
                throw new EmbeddedSearchNodeException("Cannot create the Elasticsearch directories under " + dataDir, e);
            }
            return directories;
        }

        Path data() {
            return root.resolve("data");
        }

        Path logs() {
            return root.resolve("logs");
        }

        Path config() {
            return root.resolve("config");
        }

        Path tmp() {
            return root.resolve("tmp");
        }

        /** Fresh config from the lib dir's templates, last run's log kept, stale ports file gone. */
        void prepareForStart(Path home) {
            try {
                try (DirectoryStream<Path> templates = Files.newDirectoryStream(home.resolve("config"))) {
                    for (Path template : templates) {
                        Files.copy(template, config().resolve(template.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                Path consoleLog = logs().resolve(CONSOLE_LOG);
                if (Files.exists(consoleLog)) {
                    Files.move(consoleLog, logs().resolve("console-previous.log"), StandardCopyOption.REPLACE_EXISTING);
                }
                Files.deleteIfExists(logs().resolve(HTTP_PORTS_FILE));
                Files.deleteIfExists(logs().resolve("transport.ports"));
            } catch (IOException e) {
                throw new EmbeddedSearchNodeException("Cannot prepare the Elasticsearch directories under " + root, e);
            }
        }
    }

    /**
     * Held by the launching JVM for the node's lifetime, so a second launcher fails at once and leaves the
     * running node's log and ports file alone. Elasticsearch's own node lock still guards against any
     * other process (reported as a clear error too).
     */
    record LauncherLock(FileChannel channel, FileLock lock) {

        static LauncherLock acquire(NodeDirectories directories) {
            Path lockFile = directories.root().resolve(LAUNCHER_LOCK);
            FileChannel channel = null;
            try {
                channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return new LauncherLock(channel, lock);
                }
            } catch (OverlappingFileLockException heldInThisJvm) {
                // falls through to the same message as a lock held by another process
            } catch (IOException e) {
                closeQuietly(channel);
                throw new EmbeddedSearchNodeException("Cannot lock " + lockFile, e);
            }
            closeQuietly(channel);
            throw new EmbeddedSearchNodeException("Another embedded Elasticsearch node is already running on data dir "
                    + directories.root() + " (lock " + lockFile + " is held). Stop it first, or give this one another "
                    + "studioflow.data-dir.");
        }

        void release() {
            try {
                if (lock.isValid()) {
                    lock.release();
                }
            } catch (IOException ignored) {
                // closing the channel releases it anyway
            } finally {
                closeQuietly(channel);
            }
        }

        private static void closeQuietly(FileChannel channel) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // nothing left to release
                }
            }
        }
    }
}
