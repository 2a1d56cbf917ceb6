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
 * @param lapsed leases that expired unreleased and whose IDs nobody took since, by worker ID:
 * free to be granted, yet still renewable by their own token
 */
public record PoolStatus(int size, List<WorkerState> leases, @Nullable Instant recoveryUntil,
        List<WorkerState> lapsed) {

    public PoolStatus {
        leases = List.copyOf(leases);
        lapsed = List.copyOf(lapsed);
    }

    /** A pool without lapsed leases. */
    public PoolStatus(int size, List<WorkerState> leases, @Nullable Instant recoveryUntil) {
        this(size, leases, recoveryUntil, List.of());
    }

    /** How many worker IDs live leases hold. */
    public int leased() {
        return this.leases.size();
    }

    /** How many worker IDs are free to be granted, lapsed ones included. */
    public int free() {
        return this.size - this.leases.size();
    }

    /** How many worker IDs are free and were never leased or were released: neither leased nor lapsed. */
    public int unclaimed() {
        return this.size - this.leases.size() - this.lapsed.size();
    }

    /** The live leases this holder registered, by worker ID. */
    public List<WorkerState> leasesOf(Holder holder) {
        return this.leases.stream().filter(holder::holds).toList();
    }

    /** The lapsed leases this holder registered, by worker ID. */
    public List<WorkerState> lapsedOf(Holder holder) {
        return this.lapsed.stream().filter(holder::holds).toList();
    }

    /** Whether the store refuses new registrations because it recently lost its pool. */
    public boolean recovering() {
        return this.recoveryUntil != null;
    }

}
