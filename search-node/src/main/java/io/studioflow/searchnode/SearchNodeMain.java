package io.studioflow.searchnode;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.PluginsLoader;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Entry point of the embedded Elasticsearch child JVM.
 *
 * <p>Usage: {@code SearchNodeMain <home dir> <config dir> [-Ekey=value ...]}. The home dir is the node's
 * lib/ (server jars, {@code modules/}); the config dir holds {@code log4j2.properties} and an optional
 * {@code elasticsearch.yml}; {@code -E} settings override both.
 *
 * <p>Why not {@code org.elasticsearch.bootstrap.Elasticsearch}: in 8.18 it always bootstraps entitlements,
 * which need an agent jar and a java.base patch that only ship inside the distribution archive (not on
 * Maven Central), and it refuses to run as root, which is how CI runs. This class starts the same
 * {@link Node} without those two steps. There is no security manager either: the node is a local
 * development and test store bound to the loopback interface.
 *
 * <p>Lifecycle contract with the launcher: the node runs until its standard input reaches end of stream
 * (the parent closed it or died), then closes cleanly and exits 0. A failed start exits 1 with the cause
 * on standard error.
 */
public final class SearchNodeMain {

    private static final long CLOSE_TIMEOUT_SECONDS = 20;

    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile Node node;

    private SearchNodeMain() {
    }

    public static void main(String[] args) {
        // grabbed before log4j replaces System.err, so start failures reach the launcher's log verbatim
        PrintStream err = System.err;
        InputStream parentPipe = System.in;
        SearchNodeMain main = new SearchNodeMain();
        try {
            main.start(parseArguments(args));
        } catch (Throwable startFailure) {
            err.println("Search node failed to start: " + startFailure);
            startFailure.printStackTrace(err);
            err.flush();
            Runtime.getRuntime().halt(1);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(main::stop, "search-node-shutdown"));
        awaitEndOfStream(parentPipe);
        main.stop();
        System.exit(0);
    }

    record Arguments(Path home, Path configDir, Map<String, String> settings) {
    }

    static Arguments parseArguments(String[] args) {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: SearchNodeMain <home dir> <config dir> [-Ekey=value ...]");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            String arg = args[i];
            int equals = arg.indexOf('=');
            if (!arg.startsWith("-E") || equals < 3) {
                throw new IllegalArgumentException("expected -Ekey=value but got [" + arg + "]");
            }
            settings.put(arg.substring(2, equals), arg.substring(equals + 1));
        }
        return new Arguments(Path.of(args[0]).toAbsolutePath(), Path.of(args[1]).toAbsolutePath(), settings);
    }

    private void start(Arguments arguments) throws Exception {
        if (!Files.isDirectory(arguments.home().resolve("modules"))) {
            throw new IllegalStateException("not a search node home (no modules/ directory): " + arguments.home());
        }
        LogConfigurator.registerErrorListener();
        Settings homeSetting = Settings.builder().put(Environment.PATH_HOME_SETTING.getKey(), arguments.home().toString()).build();
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            homeSetting,
            arguments.settings(),
            arguments.configDir(),
            () -> "studioflow-search"
        );
        Files.createDirectories(environment.logsDir());
        LogConfigurator.setNodeName(Node.NODE_NAME_SETTING.get(environment.settings()));
        LogConfigurator.configure(environment, true);

        PluginsLoader plugins = PluginsLoader.createPluginsLoader(
            PluginsLoader.loadModulesBundles(environment.modulesDir()),
            PluginsLoader.loadPluginsBundles(environment.pluginsDir()),
            Map.of(),
            false // qualified exports of the server module: there is none, the server is on the class path
        );
        Node created = new Node(environment, plugins);
        node = created;
        created.start();
    }

    private static void awaitEndOfStream(InputStream in) {
        byte[] discard = new byte[256];
        try {
            while (in.read(discard) != -1) {
                // nothing is sent on purpose; only the end of the stream means "stop"
            }
        } catch (IOException brokenPipe) {
            // the parent is gone: stop just the same
        }
    }

    private void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        Node running = node;
        if (running == null) {
            return;
        }
        try {
            running.prepareForClose();
            running.close();
            if (!running.awaitClose(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LogManager.getLogger(SearchNodeMain.class).warn("node did not close within {}s", CLOSE_TIMEOUT_SECONDS);
            }
        } catch (Exception | AssertionError closeFailure) {
            LogManager.getLogger(SearchNodeMain.class).warn("closing the node failed", closeFailure);
        } finally {
            Configurator.shutdown((LoggerContext) LogManager.getContext(false));
        }
    }
}
