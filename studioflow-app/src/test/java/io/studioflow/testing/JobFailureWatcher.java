package io.studioflow.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.Collection;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Worker failures (each one a retry, and after the last an incident) as the workers' step recorder and the
 * Camunda client log them, collected while a test runs: a worker that "dies" on an input shows up here.
 */
public final class JobFailureWatcher implements AutoCloseable {

    private static final List<String> WATCHED_LOGGERS = List.of("io.studioflow.flows.StepRecorder", "io.camunda");

    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    private JobFailureWatcher() {
        events.start();
        for (String name : WATCHED_LOGGERS) {
            ((Logger) LoggerFactory.getLogger(name)).addAppender(events);
        }
    }

    /** Starts collecting; {@link #close()} stops. */
    public static JobFailureWatcher start() {
        return new JobFailureWatcher();
    }

    /**
     * Warnings and errors that name one of these process instances, or that say a job could not be handled
     * at all (a worker threw instead of completing or failing its job).
     */
    public List<String> failures(Collection<String> processInstanceKeys) {
        synchronized (events.list) {
            return events.list.stream()
                    .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> processInstanceKeys.stream().anyMatch(m::contains)
                            || m.toLowerCase().contains("failed to handle job"))
                    .toList();
        }
    }

    @Override
    public void close() {
        for (String name : WATCHED_LOGGERS) {
            ((Logger) LoggerFactory.getLogger(name)).detachAppender(events);
        }
        events.stop();
    }
}
