package io.studioflow.flows;

import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Which engine this application talks to, and for the embedded engine which run of it. The embedded engine keeps
 * its state in memory: what an earlier run started is gone, and its keys (instance, job) start from the same
 * numbers again, so a key alone does not say which run it belongs to. A Camunda 8 cluster is durable and its keys
 * are unique: with it {@link #embedded()} is false and nothing needs resuming.
 */
@Component
public class EngineRun {

    /** Set by the embedded engine's environment post-processor when it started an engine for this context. */
    static final String EMBEDDED_PORT_PROPERTY = "studioflow.engine.embedded-port";

    private final boolean embedded;
    private final String id;

    @Autowired
    public EngineRun(Environment environment) {
        this(environment.containsProperty(EMBEDDED_PORT_PROPERTY), UUID.randomUUID().toString());
    }

    EngineRun(boolean embedded, String id) {
        this.embedded = embedded;
        this.id = id;
    }

    /** True when the engine is the in-memory one started with this application (its state dies with it). */
    public boolean embedded() {
        return embedded;
    }

    /** This run's id; one per application start. */
    public String id() {
        return id;
    }

    /** Whether something recorded with {@code run} belongs to an engine that still knows it. */
    public boolean owns(String run) {
        return !embedded || id.equals(run);
    }

    /**
     * A task id for a user-task job: the job key, unique on a cluster; on the embedded engine, whose keys repeat
     * after a restart, with this run's id beside it so a new task never takes the id of an old one.
     */
    public String taskId(long jobKey) {
        return embedded ? jobKey + "-" + id.substring(0, 8) : Long.toString(jobKey);
    }
}
