package io.studioflow.audit;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The outbox on {@code /actuator/health} (component {@code audit}): how many events wait for Elasticsearch,
 * how many it refused for good, and the last delivery failure. Waiting events are not an outage of the app
 * (processing goes on), so the status stays UP; refused events make it DOWN, because they need a person.
 */
@Component("audit")
class AuditHealth implements HealthIndicator {

    private final AuditOutbox outbox;
    private final AuditDeliverer deliverer;

    AuditHealth(AuditOutbox outbox, AuditDeliverer deliverer) {
        this.outbox = outbox;
        this.deliverer = deliverer;
    }

    @Override
    public Health health() {
        Health.Builder health = outbox.rejectedCount() > 0 ? Health.down() : Health.up();
        health.withDetail("outboxDepth", outbox.depth())
                .withDetail("rejected", outbox.rejectedCount())
                .withDetail("delivered", deliverer.deliveredCount());
        if (deliverer.lastError() != null) {
            health.withDetail("lastDeliveryError", deliverer.lastError());
        }
        return health.build();
    }
}
