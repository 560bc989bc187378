package io.studioflow.platform.embedded.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.client.ZeebeClient;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EmbeddedEngineFootprintTest {

    @Test
    void theLogGrowsWithEveryInstanceWhileTheStateOfFinishedOnesIsGone() throws Exception {
        int port = EmbeddedEngineEnvironment.freePort();
        ZeebeTestEngine engine = EngineFactory.create(port);
        LogStorageGuard.guard(engine);
        engine.start();
        try (ZeebeClient client = ZeebeClient.newClientBuilder().grpcAddress(URI.create("http://127.0.0.1:" + port))
                .usePlaintext().defaultRequestTimeout(Duration.ofSeconds(10)).build()) {
            EmbeddedEngineFootprint footprint = new EmbeddedEngineFootprint(engine);
            client.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess("straight-through")
                    .startEvent().endEvent().done(), "straight-through.bpmn").send().join();
            engine.waitForIdleState(Duration.ofSeconds(10));
            EmbeddedEngineFootprint.Footprint before = footprint.measure().orElseThrow();

            for (int i = 0; i < 50; i++) {
                client.newCreateInstanceCommand().bpmnProcessId("straight-through").latestVersion().send().join();
            }
            engine.waitForIdleState(Duration.ofSeconds(10));
            EmbeddedEngineFootprint.Footprint after = footprint.measure().orElseThrow();

            assertThat(after.logEntries()).as("every instance's records stay in the log").isGreaterThan(before.logEntries() + 50);
            assertThat(after.logBytes() - before.logBytes()).as("bytes per instance in the log")
                    .isBetween(50 * 200L, 50 * 20_000L);
            assertThat(before.stateEntries()).as("the deployed process is in the state").isPositive();
            // finished instances leave (almost) nothing in the state: far less than in the log
            assertThat(after.stateBytes() - before.stateBytes()).isLessThan((after.logBytes() - before.logBytes()) / 4);
            assertThat(after.totalBytes()).isEqualTo(after.logBytes() + after.stateBytes());
        } finally {
            engine.stop();
        }
    }
}
