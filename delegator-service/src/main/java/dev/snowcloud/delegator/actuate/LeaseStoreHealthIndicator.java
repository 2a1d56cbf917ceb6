package dev.snowcloud.delegator.actuate;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.snowcloud.delegator.lease.LeaseStore;
import dev.snowcloud.delegator.lease.PoolStatus;

/**
 * Health of the lease store ({@code leaseStore}): UP with the pool counts when a real pool
 * read succeeds, DOWN when the store cannot be reached.
 */
public final class LeaseStoreHealthIndicator extends AbstractHealthIndicator {

    private final LeaseStore store;

    public LeaseStoreHealthIndicator(LeaseStore store) {
        super("Lease store health check failed");
        this.store = store;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        PoolStatus pool = this.store.pool();
        builder.up()
            .withDetail("size", pool.size())
            .withDetail("leased", pool.leased())
            .withDetail("free", pool.free())
            .withDetail("recovering", pool.recovering());
    }

}
