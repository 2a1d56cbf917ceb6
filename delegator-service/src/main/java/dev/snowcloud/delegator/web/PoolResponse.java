package dev.snowcloud.delegator.web;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import dev.snowcloud.delegator.lease.PoolStatus;

/**
 * The pool: counts and live leases.
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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "The worker ID pool")
record PoolResponse(@Schema(example = "1024") int size, int leased, int free, boolean recovering,
        @Nullable Instant recoveryUntil, List<WorkerResponse> leases, int lapsed, List<WorkerResponse> lapsedLeases) {

    static PoolResponse of(PoolStatus pool) {
        return new PoolResponse(pool.size(), pool.leased(), pool.free(), pool.recovering(), pool.recoveryUntil(),
                pool.leases().stream().map(WorkerResponse::of).toList(), pool.lapsed().size(),
                pool.lapsed().stream().map(WorkerResponse::of).toList());
    }

}
