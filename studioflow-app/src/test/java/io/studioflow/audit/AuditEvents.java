package io.studioflow.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Audit events for tests that need no application: chained as {@link AuditLog} chains them. */
final class AuditEvents {

    private AuditEvents() {
    }

    static AuditEvent step(String imageId, String id, String step, String decision, Instant time) {
        Map<String, Object> scores = new LinkedHashMap<>();
        scores.put("confidence", 0.93);
        scores.put("inferenceMs", 1712);
        scores.put("ratio", 1.0);
        scores.put("tiny", 1.0e-7);
        scores.put("nested", Map.of("b", 2, "a", List.of(0.5, 3)));
        return new AuditEvent(id, imageId, "SKU-1", step, step + "-element", 2251799813685249L,
                Actor.model("isnet-medium", "1.4.5", "a".repeat(64)), decision, "comment, with \"quotes\"\nand a line",
                List.of("Background removal unsure"), scores, List.of("in-hash"), List.of("out-hash"), 12L, time)
                .withContext("acme", "shoot-7", 3);
    }

    /** {@code n} events of one image, linked 1..n. */
    static List<AuditEvent> chain(String imageId, int n) {
        List<AuditEvent> events = new ArrayList<>();
        String previous = null;
        Instant time = Instant.parse("2026-11-30T08:00:00.123456789Z");
        for (int i = 1; i <= n; i++) {
            AuditEvent linked = step(imageId, imageId + ":" + i, "step" + i, i % 2 == 0 ? "APPROVE" : "SEGMENTED",
                    time.plusSeconds(i)).chained(i, previous);
            events.add(linked);
            previous = linked.hash();
        }
        return events;
    }
}
