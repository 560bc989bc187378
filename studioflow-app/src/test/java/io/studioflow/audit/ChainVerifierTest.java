package io.studioflow.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.studioflow.audit.ChainVerifier.ProblemKind;
import io.studioflow.audit.ChainVerifier.Verification;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainVerifierTest {

    @Test
    void intactChainVerifies() {
        Verification verification = ChainVerifier.verify(AuditEvents.chain("img", 5), 5L);
        assertThat(verification.intact()).isTrue();
        assertThat(verification.events()).isEqualTo(5);
        assertThat(verification.firstProblem()).isNull();
        assertThat(ChainVerifier.verify(List.of(), null).intact()).isTrue();
    }

    @Test
    void changedDecisionIsTamperingAtThatEvent() {
        List<AuditEvent> events = new ArrayList<>(AuditEvents.chain("img", 5));
        AuditEvent third = events.get(2);
        events.set(2, new AuditEvent(third.id(), third.imageId(), third.sku(), third.brand(), third.batch(), third.step(),
                third.elementId(), third.processInstanceKey(), third.processDefinitionVersion(), third.actor(), "APPROVE",
                third.comment(), third.reasons(), third.scores(), third.inputHashes(), third.outputHashes(),
                third.durationMs(), third.time(), third.sequence(), third.previousHash(), third.hash()));
        Verification verification = ChainVerifier.verify(events, null);
        assertThat(verification.intact()).isFalse();
        assertThat(verification.firstProblem().kind()).isEqualTo(ProblemKind.TAMPERED);
        assertThat(verification.firstProblem().sequence()).isEqualTo(3);
        assertThat(verification.firstProblem().eventId()).isEqualTo("img:3");
        assertThat(verification.firstProblem().detail()).contains("event 3").contains("changed");
    }

    @Test
    void rehashedEventIsCaughtByItsSuccessorsLink() {
        List<AuditEvent> events = new ArrayList<>(AuditEvents.chain("img", 4));
        AuditEvent second = events.get(1);
        AuditEvent forged = new AuditEvent(second.id(), second.imageId(), second.sku(), second.brand(), second.batch(),
                second.step(), second.elementId(), second.processInstanceKey(), second.processDefinitionVersion(),
                second.actor(), "REJECT", second.comment(), second.reasons(), second.scores(), second.inputHashes(),
                second.outputHashes(), second.durationMs(), second.time(), null, null, null)
                .chained(2, second.previousHash());
        events.set(1, forged);
        Verification verification = ChainVerifier.verify(events, null);
        assertThat(verification.firstProblem().kind()).isEqualTo(ProblemKind.TAMPERED);
        assertThat(verification.firstProblem().sequence()).isEqualTo(2);
        assertThat(verification.firstProblem().detail()).contains("event 3 links to");
    }

    @Test
    void deletedEventIsAGapNamedBySequence() {
        List<AuditEvent> events = new ArrayList<>(AuditEvents.chain("img", 5));
        events.remove(1);
        Verification verification = ChainVerifier.verify(events, null);
        assertThat(verification.firstProblem().kind()).isEqualTo(ProblemKind.MISSING);
        assertThat(verification.firstProblem().sequence()).isEqualTo(2);
        assertThat(verification.firstProblem().eventId()).isEqualTo("img:3");
        assertThat(verification.firstProblem().detail()).contains("event 2 is missing");
    }

    @Test
    void deletedLastEventIsMissingWhenTheHeadIsKnown() {
        List<AuditEvent> events = new ArrayList<>(AuditEvents.chain("img", 5));
        events.removeLast();
        assertThat(ChainVerifier.verify(events, null).intact()).as("no gap behind it").isTrue();
        Verification verification = ChainVerifier.verify(events, 5L);
        assertThat(verification.firstProblem().kind()).isEqualTo(ProblemKind.MISSING);
        assertThat(verification.firstProblem().sequence()).isEqualTo(5);
    }

    @Test
    void repeatedSequenceIsReordering() {
        List<AuditEvent> events = new ArrayList<>(AuditEvents.chain("img", 3));
        events.add(AuditEvents.step("img", "img:x", "other", "APPROVE", events.getLast().time()).chained(3, events.get(1).hash()));
        Verification verification = ChainVerifier.verify(events, null);
        assertThat(verification.firstProblem().kind()).isEqualTo(ProblemKind.REORDERED);
        assertThat(verification.firstProblem().eventId()).isEqualTo("img:x");
    }
}
