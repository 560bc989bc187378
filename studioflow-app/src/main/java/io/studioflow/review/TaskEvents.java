package io.studioflow.review;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells open inboxes in this instance that a task changed, so they refresh themselves instead of being
 * polled. A listener must return quickly (a view hands the work to its UI thread).
 */
@Component
public class TaskEvents {

    private static final Logger log = LoggerFactory.getLogger(TaskEvents.class);

    /** What happened to a task: OPENED, CLAIMED, UNCLAIMED, ASSIGNED, VERSION_ADDED, COMMENTED or COMPLETED. */
    public record TaskChanged(String taskId, String change, List<String> candidateGroups, String assignee, String by) {
    }

    /** Stops a subscription. */
    public interface Subscription {
        void cancel();
    }

    private final List<Consumer<TaskChanged>> listeners = new CopyOnWriteArrayList<>();

    public Subscription subscribe(Consumer<TaskChanged> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    void publish(TaskChanged event) {
        for (Consumer<TaskChanged> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                // one broken inbox (e.g. a closed browser tab) must not stop the others or the caller
                log.debug("task listener failed on {}", event, e);
            }
        }
    }
}
