package io.studioflow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void chargesBusyThreadsToTheirGroup() throws Exception {
        ThreadCpu before = ThreadCpu.of(ProcessHandle.current().pid());
        CountDownLatch spun = new CountDownLatch(2);
        CountDownLatch read = new CountDownLatch(1);
        for (int i = 1; i <= 2; i++) {
            // a thread that has ended is gone from /proc: each stays until the second snapshot is taken
            Thread.ofPlatform().name("cpu-probe-" + i).start(() -> {
                spin300Ms();
                spun.countDown();
                awaitQuietly(read);
            });
        }
        spun.await();
        Map<String, Double> spent = ThreadCpu.of(ProcessHandle.current().pid()).secondsSince(before);
        read.countDown();
        assertThat(spent).containsKey("cpu-probe");
        assertThat(spent.keySet()).noneMatch(group -> group.matches("cpu-probe-\\d"));
        assertThat(spent.get("cpu-probe")).isGreaterThan(0.0);
    }

    private static void spin300Ms() {
        long until = System.nanoTime() + 300_000_000L;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
