package io.studioflow.flows;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import io.studioflow.ingest.AssetRepository;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Starts an image's instance on the latest deployed version of its process and records on the asset which instance
 * of which engine run carries it, so that {@link FlowRecovery} can tell after a restart whose flow the embedded engine forgot.
 */
@Component
public class ProcessStarter {

    private final CamundaClient camunda;
    private final AssetRepository assets;
    private final EngineRun run;

    public ProcessStarter(CamundaClient camunda, AssetRepository assets, EngineRun run) {
        this.camunda = camunda;
        this.assets = assets;
        this.run = run;
    }

    /** Starts the product flow; returns the process instance key. Throws if the engine cannot be reached. */
    public long start(ImageVariables variables) {
        return start(variables, null);
    }

    /**
     * Starts the newest version of {@code processId} (null: the product flow), the process a flow template names;
     * returns the process instance key. Throws if the engine cannot be reached.
     */
    public long start(ImageVariables variables, String processId) {
        long key = camunda.newCreateInstanceCommand()
                .bpmnProcessId(processId == null ? ProductImageProcess.PROCESS_ID : processId)
                .latestVersion()
                .variables(variables)
                .requestTimeout(Duration.ofSeconds(20))
                .send()
                .join()
                .getProcessInstanceKey();
        assets.update(variables.assetId(), Map.of("processInstanceKey", key, "engineRun", run.id()));
        return key;
    }

    /**
     * Cancels an instance, to start its image again from the beginning; an instance the engine no longer has (ended,
     * or forgotten by an embedded engine's restart) is fine. Throws if the engine cannot be reached.
     */
    public void cancel(long processInstanceKey) {
        try {
            camunda.newCancelInstanceCommand(processInstanceKey).requestTimeout(Duration.ofSeconds(20)).send().join();
        } catch (ClientStatusException e) {
            if (e.getStatusCode() != Status.Code.NOT_FOUND) {
                throw e;
            }
        }
    }
}
