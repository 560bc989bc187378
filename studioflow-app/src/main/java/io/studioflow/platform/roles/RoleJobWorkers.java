package io.studioflow.platform.roles;

import io.camunda.client.annotation.customizer.JobWorkerValueCustomizer;
import io.camunda.client.annotation.value.JobWorkerValue;
import io.studioflow.flows.KnownJobTypes;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Opens only the job workers of this instance's roles: the others stay closed, so their jobs go to the instances
 * that have them. The worker beans exist everywhere, so every instance still knows every job type a flow may name.
 */
@Component
class RoleJobWorkers implements JobWorkerValueCustomizer {

    private static final Logger log = LoggerFactory.getLogger(RoleJobWorkers.class);

    private final InstanceRoles roles;
    private final Set<String> opened = new TreeSet<>();

    RoleJobWorkers(InstanceRoles roles) {
        this.roles = roles;
    }

    @Override
    public synchronized void customize(JobWorkerValue worker) {
        if (roles.takesJobsOf(worker.getType())) {
            if (!Boolean.FALSE.equals(worker.getEnabled())) {
                opened.add(worker.getType());
            }
        } else {
            worker.setEnabled(false);
        }
    }

    /** A worker named in studioflow.workers that does not exist is a typo that would leave its steps unworked. */
    @EventListener(ApplicationStartedEvent.class)
    void checkAndReport(ApplicationStartedEvent event) {
        KnownJobTypes known = event.getApplicationContext().getBean(KnownJobTypes.class);
        Set<String> unknown = new TreeSet<>(roles.onlyWorkers());
        unknown.removeAll(known.forServiceTasks());
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("studioflow.workers names no job worker this application has: " + unknown
                    + "; the workers are " + known.forServiceTasks());
        }
        log.info("Instance roles {}: job workers open for {}", roles, openedTypes());
    }

    synchronized Set<String> openedTypes() {
        return java.util.Collections.unmodifiableSet(new TreeSet<>(opened));
    }
}
