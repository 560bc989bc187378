package io.studioflow.platform.roles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.annotation.value.JobWorkerValue;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstanceRolesTest {

    @Test
    void bothRolesByDefaultTakeEveryJob() {
        InstanceRoles roles = new InstanceRoles(List.of("ui", "worker"), List.of());
        assertThat(roles.ui()).isTrue();
        assertThat(roles.worker()).isTrue();
        assertThat(roles.takesJobsOf("remove-background")).isTrue();
        assertThat(roles.takesJobsOf(InstanceRoles.USER_TASK_JOB_TYPE)).isTrue();
    }

    @Test
    void aWorkerLeavesTheInboxToTheUiAndAUiLeavesTheMachineStepsToTheWorkers() {
        InstanceRoles worker = new InstanceRoles(List.of(" Worker "), List.of());
        assertThat(worker.ui()).isFalse();
        assertThat(worker.takesJobsOf("compose")).isTrue();
        assertThat(worker.takesJobsOf(InstanceRoles.USER_TASK_JOB_TYPE)).isFalse();

        InstanceRoles ui = new InstanceRoles(List.of("ui"), List.of());
        assertThat(ui.takesJobsOf("compose")).isFalse();
        assertThat(ui.takesJobsOf(InstanceRoles.USER_TASK_JOB_TYPE)).isTrue();
    }

    @Test
    void aDedicatedPoolTakesOnlyItsNamedSteps() {
        InstanceRoles pool = new InstanceRoles(List.of("worker"), List.of("remove-background", " "));
        assertThat(pool.onlyWorkers()).containsExactly("remove-background");
        assertThat(pool.takesJobsOf("remove-background")).isTrue();
        assertThat(pool.takesJobsOf("compose")).isFalse();
        assertThat(pool).hasToString("[worker] (workers [remove-background])");
    }

    @Test
    void mistakesInTheSettingsStopTheStartWithTheReason() {
        assertThatThrownBy(() -> new InstanceRoles(List.of("ui", "gpu"), List.of()))
                .hasMessageContaining("unknown role 'gpu'").hasMessageContaining("ui and worker");
        assertThatThrownBy(() -> new InstanceRoles(List.of(" "), List.of())).hasMessageContaining("is empty");
        assertThatThrownBy(() -> new InstanceRoles(List.of("ui"), List.of("compose")))
                .hasMessageContaining("no worker role");
    }

    @Test
    void theWorkersOfOtherRolesStayClosed() {
        RoleJobWorkers workers = new RoleJobWorkers(new InstanceRoles(List.of("worker"), List.of("compose")));
        JobWorkerValue compose = worker("compose");
        JobWorkerValue publish = worker("publish");
        JobWorkerValue inbox = worker(InstanceRoles.USER_TASK_JOB_TYPE);
        JobWorkerValue switchedOff = worker("compose");
        switchedOff.setEnabled(false);
        for (JobWorkerValue value : List.of(compose, publish, inbox, switchedOff)) {
            workers.customize(value);
        }
        assertThat(compose.getEnabled()).isNotEqualTo(Boolean.FALSE);
        assertThat(publish.getEnabled()).isFalse();
        assertThat(inbox.getEnabled()).isFalse();
        assertThat(switchedOff.getEnabled()).as("a worker switched off in its own settings stays off").isFalse();
        assertThat(workers.openedTypes()).containsExactly("compose");
    }

    private static JobWorkerValue worker(String type) {
        JobWorkerValue value = new JobWorkerValue();
        value.setType(type);
        return value;
    }
}
