package io.studioflow.platform.roles;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What this instance of the one Studioflow artefact does ({@code studioflow.roles}, both by default):
 * <ul>
 *   <li>{@code ui}: the web app and REST API, the review inbox (it holds the engine's user-task jobs for as long as a
 *       task is open, so it must live where people work), and intake that starts flows: the batch feeder, the hot
 *       folder, the retry of uploads that found the engine away;</li>
 *   <li>{@code worker}: the machine steps' job workers, all of them or only those named in {@code studioflow.workers}
 *       (e.g. {@code remove-background} for a dedicated segmentation pool).</li>
 * </ul>
 * Every role writes the audit trail and the search index of the work it does.
 */
@Component
public class InstanceRoles {

    public enum Role { UI, WORKER }

    /** The engine's job type of job-based user tasks: the review inbox, never a machine step. */
    public static final String USER_TASK_JOB_TYPE = "io.camunda.zeebe:userTask";

    private final Set<Role> roles;
    private final Set<String> workers;

    public InstanceRoles(@Value("${studioflow.roles:ui,worker}") List<String> roles,
                         @Value("${studioflow.workers:}") List<String> workers) {
        this.roles = parse(roles);
        this.workers = new TreeSet<>();
        for (String worker : workers) {
            if (!worker.isBlank()) {
                this.workers.add(worker.strip());
            }
        }
        if (!this.workers.isEmpty() && !this.roles.contains(Role.WORKER)) {
            throw new IllegalStateException("studioflow.workers names " + this.workers + " but studioflow.roles "
                    + this.roles + " has no worker role: add 'worker' to the roles or leave studioflow.workers empty");
        }
    }

    private static Set<Role> parse(List<String> names) {
        Set<Role> parsed = EnumSet.noneOf(Role.class);
        for (String name : names) {
            if (name.isBlank()) {
                continue;
            }
            try {
                parsed.add(Role.valueOf(name.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("studioflow.roles: unknown role '" + name.strip()
                        + "'; the roles are ui and worker (both by default)", e);
            }
        }
        if (parsed.isEmpty()) {
            throw new IllegalStateException("studioflow.roles is empty: an instance must be ui, worker or both");
        }
        return parsed;
    }

    public boolean ui() {
        return roles.contains(Role.UI);
    }

    public boolean worker() {
        return roles.contains(Role.WORKER);
    }

    /** The machine steps' job types this instance is limited to; empty: all of them (if it has the worker role). */
    public Set<String> onlyWorkers() {
        return Set.copyOf(workers);
    }

    /** Whether this instance takes jobs of {@code jobType}. */
    public boolean takesJobsOf(String jobType) {
        if (USER_TASK_JOB_TYPE.equals(jobType)) {
            return ui();
        }
        return worker() && (workers.isEmpty() || workers.contains(jobType));
    }

    @Override
    public String toString() {
        return roles.stream().map(role -> role.name().toLowerCase(Locale.ROOT)).toList()
                + (workers.isEmpty() ? "" : " (workers " + workers + ")");
    }
}
