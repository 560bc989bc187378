package io.studioflow.flows;

import io.camunda.client.annotation.JobWorker;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.context.ApplicationContext;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

/**
 * The job types this application really has a worker for, read from the {@code @JobWorker} methods of
 * its beans, so a flow can only be deployed with service tasks that something will pick up.
 */
@Component
public class KnownJobTypes {

    private static final String ENGINE_NAMESPACE = "io.camunda.zeebe:";

    private final ApplicationContext context;
    private volatile Set<String> types;

    public KnownJobTypes(ApplicationContext context) {
        this.context = context;
    }

    public Set<String> all() {
        Set<String> known = types;
        if (known == null) {
            known = scan();
            types = known;
        }
        return known;
    }

    public boolean contains(String jobType) {
        return all().contains(jobType);
    }

    /**
     * The job types a service task may name: ours, without those in the engine's own namespace
     * ({@code io.camunda.zeebe:userTask} is what job-based user tasks run on, never a service task's work).
     */
    public Set<String> forServiceTasks() {
        Set<String> types = new TreeSet<>(all());
        types.removeIf(type -> type.startsWith(ENGINE_NAMESPACE));
        return java.util.Collections.unmodifiableSet(types);
    }

    private Set<String> scan() {
        Set<String> found = new TreeSet<>();
        for (String name : context.getBeanDefinitionNames()) {
            Class<?> type = context.getType(name, false);
            if (type == null || !type.getName().startsWith("io.studioflow")) {
                continue;
            }
            Map<Method, JobWorker> workers = MethodIntrospector.selectMethods(ClassUtils.getUserClass(type),
                    (MethodIntrospector.MetadataLookup<JobWorker>) method ->
                            AnnotatedElementUtils.findMergedAnnotation(method, JobWorker.class));
            // an unnamed worker's job type is its method's name, as the Camunda Spring SDK does it
            workers.forEach((method, worker) -> found.add(worker.type().isBlank() ? method.getName() : worker.type()));
        }
        return java.util.Collections.unmodifiableSet(found); // sorted, for messages people read
    }
}
