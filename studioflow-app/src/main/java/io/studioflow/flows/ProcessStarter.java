package io.studioflow.flows;

import io.camunda.client.CamundaClient;
import io.studioflow.ingest.AssetRepository;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Starts a product-image instance on the latest deployed version and records on the asset which instance of which
 * engine run carries it, so that {@link FlowRecovery} can tell after a restart whose flow the embedded engine forgot.
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

    /** Returns the process instance key. Throws if the engine cannot be reached. */
    public long start(ImageVariables variables) {
        long key = camunda.newCreateInstanceCommand()
                .bpmnProcessId(ProductImageProcess.PROCESS_ID)
                .latestVersion()
                .variables(variables)
                .requestTimeout(Duration.ofSeconds(20))
                .send()
                .join()
                .getProcessInstanceKey();
        assets.update(variables.assetId(), Map.of("processInstanceKey", key, "engineRun", run.id()));
        return key;
    }
}
