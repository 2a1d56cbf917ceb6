package dev.snowcloud.delegator.lease;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One worker ID as the pool listing shows it, without any token.
 *
 * @param workerId the worker ID
 * @param leased whether a live lease holds it
 * @param name the holder's registered name, if leased and given
 * @param host the holder's registered host, if leased and given
 * @param leasedAt when the current lease was granted (or re-claimed), if leased
 * @param expiresAt when the current lease ends unless renewed, if leased
 * @param notBefore if leased, the holder's {@code notBefore}; if free, the {@code notBefore}
 * the next holder would get
 */
public record WorkerState(int workerId, boolean leased, @Nullable String name, @Nullable String host,
        @Nullable Instant leasedAt, @Nullable Instant expiresAt, long notBefore) {

    /** A worker ID that a live lease holds. */
    public static WorkerState leased(int workerId, @Nullable String name, @Nullable String host, Instant leasedAt,
            Instant expiresAt, long notBefore) {
        return new WorkerState(workerId, true, name, host, leasedAt, expiresAt, notBefore);
    }

    /** A worker ID free to be granted, with the {@code notBefore} its next holder would get. */
    public static WorkerState free(int workerId, long nextNotBefore) {
        return new WorkerState(workerId, false, null, null, null, null, nextNotBefore);
    }

}
