package io.studioflow.review;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import io.camunda.client.api.response.ActivatedJob;
import io.studioflow.flows.ImageVariables;
import io.studioflow.platform.roles.InstanceRoles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Job-based user tasks reach us as jobs of this type. We keep the job activated (long timeout) and record a
 * task in the inbox; the task's completion completes the job.
 */
@Component
public class UserTaskWorker {

    static final String USER_TASK_JOB_TYPE = InstanceRoles.USER_TASK_JOB_TYPE;
    private static final String CANDIDATE_GROUPS_HEADER = "io.camunda.zeebe:candidateGroups";
    private static final long THIRTY_DAYS_MS = 30L * 24 * 60 * 60 * 1000;

    private final TaskService tasks;
    private final ObjectMapper json;

    UserTaskWorker(TaskService tasks, ObjectMapper json) {
        this.tasks = tasks;
        this.json = json;
    }

    @JobWorker(type = USER_TASK_JOB_TYPE, autoComplete = false, timeout = THIRTY_DAYS_MS, maxJobsActive = 64)
    public void openTask(ActivatedJob job, @VariablesAsType ImageVariables variables) {
        tasks.open(job.getKey(), job.getElementId(), candidateGroups(job), job.getProcessInstanceKey(), variables);
    }

    private List<String> candidateGroups(ActivatedJob job) {
        String header = job.getCustomHeaders().get(CANDIDATE_GROUPS_HEADER);
        if (header == null || header.isBlank()) {
            return List.of();
        }
        try {
            return json.readValue(header, new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable candidate groups header: " + header, e);
        }
    }
}
