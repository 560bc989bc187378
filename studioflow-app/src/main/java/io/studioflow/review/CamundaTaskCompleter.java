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

    @Override
    public void complete(long jobKey, Map<String, Object> variables) {
        try {
            camunda.newCompleteCommand(jobKey).variables(variables).requestTimeout(Duration.ofSeconds(20)).send().join();
        } catch (ClientStatusException e) {
            if (e.getStatusCode() == io.grpc.Status.Code.NOT_FOUND) {
                throw new TaskConflictException("the flow no longer waits for this task (job " + jobKey + " not found)");
            }
            throw e;
        }
    }
}
