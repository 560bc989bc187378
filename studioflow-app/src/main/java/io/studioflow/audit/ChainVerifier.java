package io.studioflow.audit;

import java.util.List;
import java.util.Objects;

/**
 * Checks one image's hash chain, oldest first: each event's hash recomputed from its canonical form, each
 * {@code previousHash} against the hash of the event before, and sequences 1..n without gaps. The first
 * problem found is named.
 */
public final class ChainVerifier {

    public enum ProblemKind {
        /** The event's content no longer matches its hash (or a re-hashed event no longer matches its successor's link). */
        TAMPERED,
        /** A sequence number is missing: an event was deleted (or never arrived). */
        MISSING,
        /** Sequences repeat or run backwards, or a link points at another event than the one before. */
        REORDERED
    }

    /** Where the chain first breaks. */
    public record Problem(long sequence, String eventId, ProblemKind kind, String detail) {
    }

    /** The verdict: {@code firstProblem} is null when the chain is intact. */
    public record Verification(boolean intact, int events, Problem firstProblem) {
    }

    private ChainVerifier() {
    }

    /**
     * @param events       the image's events in sequence order
     * @param knownHeadSeq the last sequence this process appended for the image, if it knows it (a deleted
     *                     last event leaves no gap behind it; only the known head reveals it)
     */
    public static Verification verify(List<AuditEvent> events, Long knownHeadSeq) {
        long expected = 1;
        AuditEvent previous = null;
        for (AuditEvent event : events) {
            long sequence = event.sequence() == null ? -1 : event.sequence();
            String recomputed = AuditHashes.hash(event);
            if (!recomputed.equals(event.hash())) {
                return broken(events, new Problem(sequence, event.id(), ProblemKind.TAMPERED,
                        "event " + sequence + " (" + event.step() + " " + event.decision() + ") was changed after it was "
                                + "recorded: its content hashes to " + shortHash(recomputed) + ", its stored hash is "
                                + shortHash(event.hash())));
            }
            if (sequence > expected) {
                return broken(events, new Problem(expected, event.id(), ProblemKind.MISSING,
                        (sequence - expected == 1 ? "event " + expected + " is" : "events " + expected + "–" + (sequence - 1) + " are")
                                + " missing: the chain jumps from " + (expected - 1) + " to " + sequence + " (event " + event.id() + ")"));
            }
            if (sequence < expected) {
                return broken(events, new Problem(sequence, event.id(), ProblemKind.REORDERED,
                        "event " + event.id() + " has sequence " + sequence + " where " + expected + " was expected"
                                + " (a sequence is repeated or out of order)"));
            }
            String link = previous == null ? null : previous.hash();
            if (!Objects.equals(link, event.previousHash())) {
                // the event itself is intact, so its predecessor is not the event it was linked to
                return broken(events, previous == null
                        ? new Problem(sequence, event.id(), ProblemKind.REORDERED,
                        "event 1 links to a previous event " + shortHash(event.previousHash()) + ": the chain's start is gone")
                        : new Problem(previous.sequence(), previous.id(), ProblemKind.TAMPERED,
                        "event " + sequence + " links to " + shortHash(event.previousHash()) + " but event "
                                + previous.sequence() + " (" + previous.step() + " " + previous.decision() + ") hashes to "
                                + shortHash(previous.hash()) + ": event " + previous.sequence() + " was replaced or re-hashed"));
            }
            previous = event;
            expected++;
        }
        if (knownHeadSeq != null && knownHeadSeq >= expected) {
            return broken(events, new Problem(expected, null, ProblemKind.MISSING,
                    (knownHeadSeq == expected ? "event " + expected + " is" : "events " + expected + "–" + knownHeadSeq + " are")
                            + " missing at the end: the chain was recorded up to " + knownHeadSeq));
        }
        return new Verification(true, events.size(), null);
    }

    private static Verification broken(List<AuditEvent> events, Problem problem) {
        return new Verification(false, events.size(), problem);
    }

    private static String shortHash(String hash) {
        return hash == null ? "nothing" : hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
    }
}
