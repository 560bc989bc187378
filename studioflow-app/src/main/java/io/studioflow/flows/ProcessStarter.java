package io.studioflow.flows;

import io.camunda.client.CamundaClient;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** Starts a product-image instance on the latest deployed version. */
@Component
public class ProcessStarter {

    private final CamundaClient camunda;

    public ProcessStarter(CamundaClient camunda) {
        this.camunda = camunda;
    }

    /** Returns the process instance key. Throws if the engine cannot be reached. */
    public long start(ImageVariables variables) {
        return camunda.newCreateInstanceCommand()
                .bpmnProcessId(ProductImageProcess.PROCESS_ID)
                .latestVersion()
                .variables(variables)
                .requestTimeout(Duration.ofSeconds(20))
                .send()
                .join()
                .getProcessInstanceKey();
    }
}
