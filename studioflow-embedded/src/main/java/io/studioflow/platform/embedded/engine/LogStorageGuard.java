package io.studioflow.platform.embedded.engine;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the embedded engine's in-memory log safe to read while it is written.
 *
 * <p>zeebe-process-test's {@code InMemoryLogStorage} keeps the log in a plain {@code ArrayList} that the
 * writer appends to on one actor thread while the stream processor reads it on another. When the list
 * grows, the reader can see the new size before the new element and crash on a null entry ("Actor
 * StreamProcessor-1 failed ... buffer is null"), after which the engine processes nothing. Seen here in
 * a long test run. Swapping in a synchronized list before the engine starts gives reads and appends a
 * happens-before edge; the cost is an uncontended lock per record.
 */
final class LogStorageGuard {

    private static final Logger log = LoggerFactory.getLogger(LogStorageGuard.class);

    private LogStorageGuard() {
    }

    /** Call before {@code engine.start()}. Returns whether the log was made safe. */
    static boolean guard(ZeebeTestEngine engine) {
        try {
            Object logStream = field(engine, "logStream");
            Object storage = field(logStream, "logStorage");
            Field entries = storage.getClass().getDeclaredField("logEntries");
            entries.setAccessible(true);
            List<?> current = (List<?>) entries.get(storage);
            synchronized (current) {
                entries.set(storage, Collections.synchronizedList(new ArrayList<>(current)));
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            // another engine version: run without the guard rather than not at all
            log.warn("Could not make the embedded engine's log thread-safe ({}); it may fail under load", e.toString());
            return false;
        }
    }

    /** A private field's value, never null. */
    static Object field(Object owner, String name) throws ReflectiveOperationException {
        Field field = owner.getClass().getDeclaredField(name);
        field.setAccessible(true);
        Object value = field.get(owner);
        if (value == null) {
            throw new NoSuchFieldException(name + " is null in " + owner.getClass().getName());
        }
        return value;
    }
}
