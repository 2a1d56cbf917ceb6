package dev.snowcloud.delegator.lease;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The whole pool at one instant of the store's clock.
 *
 * @param size how many worker IDs the pool holds
 * @param leases the live leases, by worker ID
 * @param recoveryUntil while the store recovers from losing its pool, when that ends;
 * otherwise {@code null}
 */
public record PoolStatus(int size, List<WorkerState> leases, @Nullable Instant recoveryUntil) {

    public PoolStatus {
        leases = List.copyOf(leases);
    }

    /** How many worker IDs live leases hold. */
    public int leased() {
        return this.leases.size();
    }

    /** How many worker IDs are free. */
    public int free() {
        return this.size - this.leases.size();
    }

    /** Whether the store refuses new registrations because it recently lost its pool. */
    public boolean recovering() {
        return this.recoveryUntil != null;
    }

}
