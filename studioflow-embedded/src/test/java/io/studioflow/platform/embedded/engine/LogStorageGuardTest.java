package io.studioflow.platform.embedded.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.client.ZeebeClient;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LogStorageGuardTest {

    @Test
    void theEnginesLogBecomesASynchronizedListAndTheEngineStillProcesses() throws Exception {
        ZeebeTestEngine engine = EngineFactory.create(EmbeddedEngineEnvironment.freePort());
        assertThat(LogStorageGuard.guard(engine)).isTrue();
        assertThat(logEntries(engine).getClass().getName()).contains("Synchronized");

        engine.start();
        try (ZeebeClient client = engine.createClient()) {
            client.newDeployResourceCommand()
                    .addProcessModel(Bpmn.createExecutableProcess("guarded").startEvent().endEvent().done(), "guarded.bpmn")
                    .send().join(10, java.util.concurrent.TimeUnit.SECONDS);
            // many appends from several threads while the stream processor reads: the case that crashed it
            try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
                List<Future<?>> starts = new ArrayList<>();
                for (int i = 0; i < 400; i++) {
                    starts.add(pool.submit(() -> client.newCreateInstanceCommand().bpmnProcessId("guarded")
                            .latestVersion().withResult().requestTimeout(Duration.ofSeconds(30)).send().join()));
                }
                for (Future<?> start : starts) {
                    start.get();
                }
            }
            assertThat(logEntries(engine).size()).as("one log entry per command at least").isGreaterThanOrEqualTo(400);
        } finally {
            engine.stop();
        }
    }

    private static List<?> logEntries(ZeebeTestEngine engine) throws ReflectiveOperationException {
        Object logStream = read(engine, "logStream");
        Object storage = read(logStream, "logStorage");
        return (List<?>) read(storage, "logEntries");
    }

    private static Object read(Object owner, String name) throws ReflectiveOperationException {
        Field field = owner.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(owner);
    }
}
