package dev.snowcloud.delegator.web;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import dev.snowcloud.delegator.lease.WorkerState;

/**
 * One worker ID in a listing, never with its token.
 *
 * @param workerId the worker ID
 * @param state {@code leased}, {@code lapsed} (in a pool listing's lapsedLeases) or {@code free}
 * @param name the holder's registered name (leased or lapsed, if given)
 * @param host the holder's registered host (leased or lapsed, if given)
 * @param leasedAt when the lease was granted (leased or lapsed)
 * @param expiresAt when the lease ends unless renewed, or when the lapsed one ended
 * @param notBefore leased or lapsed: the holder's notBefore; free: the notBefore the next holder gets
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "One worker ID, leased or free; never carries a token")
record WorkerResponse(@Schema(example = "17") int workerId,
        @Schema(allowableValues = { "leased", "lapsed", "free" }) String state,
        @Schema(example = "orders-7f9c") @Nullable String name, @Schema(example = "10.0.0.12") @Nullable String host,
        @Nullable Instant leasedAt, @Nullable Instant expiresAt,
        @Schema(example = "1764300000124") long notBefore) {

    static WorkerResponse of(WorkerState worker) {
        return new WorkerResponse(worker.workerId(), worker.leased() ? "leased" : worker.lapsed() ? "lapsed" : "free", worker.name(),
                worker.host(), worker.leasedAt(), worker.expiresAt(), worker.notBefore());
    }

}
