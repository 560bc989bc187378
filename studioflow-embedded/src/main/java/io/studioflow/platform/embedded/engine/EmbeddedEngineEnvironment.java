package io.studioflow.platform.embedded.engine;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the in-memory Zeebe engine (development, demo and tests) and points the Camunda client at it,
 * unless a Camunda 8 cluster is configured. It runs before the Camunda client reads its properties, so
 * the client needs no special code path: it talks gRPC to the embedded gateway exactly as it would to a
 * real cluster.
 */
public class EmbeddedEngineEnvironment implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY_SOURCE = "studioflowEmbeddedEngine";

    private final Log log;

    public EmbeddedEngineEnvironment(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(EmbeddedEngineEnvironment.class);
    }

    @Override
    public int getOrder() {
        // before the Camunda starter maps its legacy properties
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (env.getPropertySources().contains(PROPERTY_SOURCE) || !embeddedWanted(env)) {
            return;
        }
        int port = env.getProperty("studioflow.engine.port", Integer.class, 26500);
        if (port == 0) {
            port = freePort();
        }
        ZeebeTestEngine engine = EngineFactory.create(port);
        LogStorageGuard.guard(engine);
        engine.start();
        log.info("Embedded Zeebe engine (Camunda License 1.0: development, testing and demo only) on gRPC port " + port);

        Map<String, Object> props = new HashMap<>();
        props.put("camunda.client.mode", "self-managed");
        // the client may reach the engine through another port: a test of an engine outage puts a proxy it can cut there
        int clientPort = env.getProperty("studioflow.engine.client-port", Integer.class, port);
        props.put("camunda.client.grpc-address", "http://127.0.0.1:" + clientPort);
        // the embedded engine has no REST API: point REST at a port nobody listens on and never prefer it
        props.put("camunda.client.rest-address", "http://127.0.0.1:" + freePort());
        props.put("camunda.client.prefer-rest-over-grpc", "false");
        props.put("studioflow.engine.embedded-port", port);
        env.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, props));

        EngineStopper stopper = new EngineStopper(engine);
        // registered first, so destroyed last: the job workers and the client close before the engine
        application.addInitializers(context -> {
            if (context.getBeanFactory() instanceof DefaultSingletonBeanRegistry registry) {
                registry.registerDisposableBean("studioflowEmbeddedEngine", stopper::stop);
            }
            // for benchmarks that tell the engine's own heap apart from the application's
            context.getBeanFactory().registerSingleton("embeddedEngineFootprint", new EmbeddedEngineFootprint(engine));
        });
        application.addListeners(stopper);
        Runtime.getRuntime().addShutdownHook(new Thread(stopper::stop, "embedded-zeebe-stop"));
    }

    static boolean embeddedWanted(ConfigurableEnvironment env) {
        String explicit = env.getProperty("studioflow.engine.embedded");
        if (explicit != null) {
            return Boolean.parseBoolean(explicit);
        }
        boolean clusterConfigured = env.containsProperty("camunda.client.grpc-address")
                || env.containsProperty("camunda.client.cloud.cluster-id")
                || "saas".equalsIgnoreCase(env.getProperty("camunda.client.mode", ""));
        return !clusterConfigured;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free local port for the embedded engine", e);
        }
    }

    /** Stops the engine after the application context (or on a failed start, or at JVM exit). */
    static final class EngineStopper implements ApplicationListener<org.springframework.context.ApplicationEvent> {
        private final ZeebeTestEngine engine;
        private boolean stopped;

        EngineStopper(ZeebeTestEngine engine) {
            this.engine = engine;
        }

        @Override
        public void onApplicationEvent(org.springframework.context.ApplicationEvent event) {
            if (event instanceof ApplicationFailedEvent) {
                stop();
            }
        }

        synchronized void stop() {
            if (!stopped) {
                stopped = true;
                engine.stop();
            }
        }
    }
}
