package io.studioflow.review;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;

@Component
class CamundaTaskCompleter implements TaskService.TaskCompleter {

    private final CamundaClient camunda;

    CamundaTaskCompleter(CamundaClient camunda) {
        this.camunda = camunda;
    }

    /**
     * Completes the job. An engine too slow to answer in time may still take the command: the same command is sent
     * again, and "not found" after an unanswered attempt means an earlier attempt was taken.
     */
    @Override
    public void complete(long jobKey, Map<String, Object> variables) {
        boolean unanswered = false;
        for (int attempt = 1; ; attempt++) {
            try {
                camunda.newCompleteCommand(jobKey).variables(variables).requestTimeout(Duration.ofSeconds(20)).send().join();
                return;
            } catch (ClientStatusException e) {
                if (e.getStatusCode() == io.grpc.Status.Code.NOT_FOUND) {
                    if (unanswered) {
                        return; // an attempt whose answer did not come in time was taken
                    }
                    throw new TaskConflictException("the flow no longer waits for this task (job " + jobKey + " not found)");
                }
                if (e.getStatusCode() != io.grpc.Status.Code.DEADLINE_EXCEEDED || attempt == ATTEMPTS) {
                    throw e;
                }
                unanswered = true;
            }
        }
    }

    private static final int ATTEMPTS = 3;
}
