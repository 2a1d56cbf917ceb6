package dev.snowcloud.delegator.web;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import dev.snowcloud.delegator.lease.Holder;
import dev.snowcloud.delegator.lease.PoolStatus;
import dev.snowcloud.delegator.lease.WorkerState;

/**
 * The pool: counts and live leases; or, filtered by holder, that holder's leases.
 * <p>
 * In a filtered answer {@code leased}, {@code leases}, {@code lapsed} and {@code lapsedLeases}
 * count and list only the holder's leases, while {@code size}, {@code free} and
 * {@code recovering} stay the whole pool's: {@code free} is how many more IDs this holder (or
 * anyone) could be granted now, so {@code leased + free} equals {@code size} only unfiltered.
 *
 * @param size worker IDs in the pool
 * @param leased worker IDs held by a live lease
 * @param free worker IDs free to register, lapsed ones included
 * @param recovering whether the store is in its recovery period
 * @param recoveryUntil when the recovery period ends (only while recovering)
 * @param leases the live leases, by worker ID
 * @param lapsed worker IDs whose lease expired unreleased and that nobody took since
 * @param lapsedLeases those lapsed leases, by worker ID: free to register, yet still renewable
 * by their own token
 * @param holder the holder filter that picked the leases (only in a filtered answer)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "The worker ID pool")
record PoolResponse(@Schema(example = "1024") int size, int leased, int free, boolean recovering,
        @Nullable Instant recoveryUntil, List<WorkerResponse> leases, int lapsed, List<WorkerResponse> lapsedLeases,
        @Schema(description = "The holder filter of a filtered answer") @Nullable HolderResponse holder) {

    static PoolResponse of(PoolStatus pool) {
        return of(pool, pool.leases(), pool.lapsed(), null);
    }

    static PoolResponse of(PoolStatus pool, Holder holder) {
        return of(pool, pool.leasesOf(holder), pool.lapsedOf(holder),
                new HolderResponse(holder.name(), holder.host()));
    }

    private static PoolResponse of(PoolStatus pool, List<WorkerState> leases, List<WorkerState> lapsed,
            @Nullable HolderResponse holder) {
        return new PoolResponse(pool.size(), leases.size(), pool.free(), pool.recovering(), pool.recoveryUntil(),
                leases.stream().map(WorkerResponse::of).toList(), lapsed.size(),
                lapsed.stream().map(WorkerResponse::of).toList(), holder);
    }

    /**
     * The filter of a filtered pool answer, as given.
     *
     * @param name the registered name matched, if filtered by name
     * @param host the registered host matched, if filtered by host
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record HolderResponse(@Schema(example = "orders-7f9c") @Nullable String name,
            @Schema(example = "10.0.0.12") @Nullable String host) {
    }

}
