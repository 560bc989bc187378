package io.studioflow.platform.search;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The search-write journal on {@code /actuator/health} (component {@code deferredWrites}): how many writes wait for
 * Elasticsearch and how many it refused for good. Waiting writes keep the status UP (processing goes on); refused
 * ones make it DOWN, because a person must look at them.
 */
@Component("deferredWrites")
class SearchWritesHealth implements HealthIndicator {

    private final SearchWrites writes;

    SearchWritesHealth(SearchWrites writes) {
        this.writes = writes;
    }

    @Override
    public Health health() {
        Health.Builder health = writes.rejectedCount() > 0 ? Health.down() : Health.up();
        health.withDetail("waiting", writes.depth()).withDetail("rejected", writes.rejectedCount());
        if (writes.lastError() != null) {
            health.withDetail("lastDeliveryError", writes.lastError());
        }
        return health.build();
    }
}
