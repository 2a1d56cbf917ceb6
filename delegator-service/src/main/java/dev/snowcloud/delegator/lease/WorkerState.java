package dev.snowcloud.delegator.lease;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One worker ID as the pool listing shows it, without any token.
 *
 * @param workerId the worker ID
 * @param leased whether a live lease holds it
 * @param name the holder's registered name, if leased or lapsed and given
 * @param host the holder's registered host, if leased or lapsed and given
 * @param leasedAt when the current (or lapsed) lease was granted (or re-claimed), if leased or lapsed
 * @param expiresAt when the current lease ends unless renewed, or when the lapsed one ended
 * @param notBefore if leased or lapsed, the holder's {@code notBefore}; if free, the
 * {@code notBefore} the next holder would get
 */
public record WorkerState(int workerId, boolean leased, @Nullable String name, @Nullable String host,
        @Nullable Instant leasedAt, @Nullable Instant expiresAt, long notBefore) {

    /** A worker ID that a live lease holds. */
    public static WorkerState leased(int workerId, @Nullable String name, @Nullable String host, Instant leasedAt,
            Instant expiresAt, long notBefore) {
        return new WorkerState(workerId, true, name, host, leasedAt, expiresAt, notBefore);
    }

    /**
     * A worker ID whose lease expired unreleased and that nobody took since: free to be
     * granted, and still renewable by the lapsed lease's token.
     */
    public static WorkerState lapsed(int workerId, @Nullable String name, @Nullable String host, Instant leasedAt,
            Instant expiredAt, long notBefore) {
        return new WorkerState(workerId, false, name, host, leasedAt, expiredAt, notBefore);
    }

    /** Whether a lease on this ID expired unreleased and nobody took the ID since. */
    public boolean lapsed() {
        return !this.leased && this.expiresAt != null;
    }

    /** A worker ID free to be granted, with the {@code notBefore} its next holder would get. */
    public static WorkerState free(int workerId, long nextNotBefore) {
        return new WorkerState(workerId, false, null, null, null, null, nextNotBefore);
    }

}
