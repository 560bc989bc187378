package io.studioflow.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.studioflow.testing.IntegrationTest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Two Studioflow instances append to the same images' audit chains: this test's application ("here") and a
 * second audit log with its own outbox and deliverer ("there"), as a worker instance has, both against the real
 * Elasticsearch node. Each one's cached chain head goes stale whenever the other appends; the chains must stay
 * whole anyway: every event once, sequences 1..n, every link right.
 */
class AuditChainInstancesIntegrationTest extends IntegrationTest {

    @Autowired
    private AuditLog here;

    @Autowired
    private ElasticsearchClient client;

    @Autowired
    private AuditIndices indices;

    @Autowired
    private ChainLinks links;

    @Autowired
    private ObjectMapper mapper;

    @TempDir
    Path thereData;

    private AuditDeliverer thereDeliverer;
    private AuditLog there;

    @BeforeEach
    void secondInstance() {
        AuditOutbox outbox = new AuditOutbox(thereData.resolve("audit"), mapper);
        thereDeliverer = new AuditDeliverer(client, indices, outbox, links, Duration.ofSeconds(1));
        there = new AuditLog(client, indices, outbox, thereDeliverer, Duration.ofSeconds(2));
    }

    @AfterEach
    void stopSecondInstance() {
        thereDeliverer.stop();
    }

    @Test
    void stepsTakenInTurnByTwoInstancesMakeOneChain() {
        thereDeliverer.start();
        String imageId = UUID.randomUUID().toString();
        here.recordFirst(event(imageId, 1));
        for (int i = 2; i <= 12; i++) {
            // each instance's cached head is behind by the other's last event
            assertThat((i % 2 == 0 ? there : here).record(event(imageId, i))).isTrue();
        }
        awaitIntact(imageId, 12);
        assertThat(here.history(imageId)).extracting(AuditEvent::step)
                .as("chain order is the order the steps were taken in")
                .containsExactly("step1", "step2", "step3", "step4", "step5", "step6", "step7", "step8", "step9",
                        "step10", "step11", "step12");
    }

    @Test
    void instancesAppendingAtTheSameMomentLoseNothing() throws Exception {
        thereDeliverer.start();
        String imageId = UUID.randomUUID().toString();
        here.recordFirst(event(imageId, 0));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Void>> appends = new ArrayList<>();
            for (int writer = 0; writer < 4; writer++) {
                AuditLog log = writer % 2 == 0 ? here : there;
                int first = 1 + writer * 15;
                appends.add(CompletableFuture.runAsync(() -> {
                    for (int i = first; i < first + 15; i++) {
                        log.record(event(imageId, i));
                    }
                }, pool));
            }
            CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).get();
        } finally {
            pool.shutdown();
        }
        awaitIntact(imageId, 61);
        assertThat(here.history(imageId)).extracting(AuditEvent::id).doesNotHaveDuplicates();
    }

    @Test
    void eventsHeldBackByAnOutageGoAfterWhatOthersAppendedMeanwhile() {
        String imageId = UUID.randomUUID().toString();
        here.recordFirst(event(imageId, 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> here.outboxDepth() == 0);
        // "there" cannot deliver (its deliverer is not running, as while Elasticsearch is away from it)
        there.record(event(imageId, 2));
        there.record(event(imageId, 3));
        here.record(event(imageId, 4));
        here.record(event(imageId, 5));
        await().atMost(Duration.ofSeconds(30)).until(() -> here.outboxDepth() == 0);
        thereDeliverer.start();
        awaitIntact(imageId, 5);
        assertThat(here.history(imageId)).extracting(AuditEvent::step)
                .as("the held-back events are relinked after the chain's end, in their own order")
                .containsExactly("step1", "step4", "step5", "step2", "step3");
    }

    @Test
    void aStepDoneTwiceOnTwoInstancesIsInTheChainOnce() {
        thereDeliverer.start();
        String imageId = UUID.randomUUID().toString();
        here.recordFirst(event(imageId, 1));
        AuditEvent first = event(imageId, 2);
        // the same job's event, recorded again by an instance that redid the job: same id, other timing
        AuditEvent again = new AuditEvent(first.id(), imageId, first.sku(), first.step(), first.elementId(),
                first.processInstanceKey(), first.actor(), first.decision(), first.comment(), first.reasons(),
                first.scores(), first.inputHashes(), first.outputHashes(), 99L, first.time().plusSeconds(5));
        there.record(first);
        here.record(again);
        here.record(event(imageId, 3));
        awaitIntact(imageId, 3);
        assertThat(here.history(imageId)).extracting(AuditEvent::id).doesNotHaveDuplicates();
    }

    private void awaitIntact(String imageId, int events) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            ChainVerifier.Verification verification = here.verify(imageId);
            assertThat(verification.firstProblem()).isNull();
            assertThat(verification.events()).isEqualTo(events);
            assertThat(here.outboxDepth()).isZero();
        });
        assertThat(there.verify(imageId).intact()).as("the other instance sees the same whole chain").isTrue();
    }

    private static AuditEvent event(String imageId, int n) {
        return AuditEvents.step(imageId, imageId + ":event-" + n, "step" + n, "DONE", Instant.now());
    }
}
