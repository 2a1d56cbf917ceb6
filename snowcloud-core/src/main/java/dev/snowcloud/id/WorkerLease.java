package dev.snowcloud.id;

/**
 * The generator's right to issue IDs under one worker ID: from {@code notBefore}
 * (Unix epoch milliseconds, inclusive) until a deadline on the monotonic clock.
 *
 * @param workerId the leased worker ID, 0..1023
 * @param notBeforeUnixMillis the first timestamp IDs under this lease may carry
 * @param deadlineNanos the monotonic instant ({@link TimeSource#nanoTime()}) from which
 *        the lease no longer covers issuing; ignored when {@code expires} is false
 * @param expires false for a fixed worker ID that never expires
 */
public record WorkerLease(int workerId, long notBeforeUnixMillis, long deadlineNanos, boolean expires) {

    public WorkerLease {
        SnowflakeLayout.checkWorkerId(workerId);
    }

    /**
     * A lease valid until {@code deadlineNanos} on the monotonic clock.
     */
    public static WorkerLease until(int workerId, long notBeforeUnixMillis, long deadlineNanos) {
        return new WorkerLease(workerId, notBeforeUnixMillis, deadlineNanos, true);
    }

    /**
     * A lease that never expires, for a worker ID the operator assigns by hand.
     * Uniqueness across processes is then the operator's duty.
     */
    public static WorkerLease fixed(int workerId) {
        return new WorkerLease(workerId, 0, 0, false);
    }

    /**
     * Whether the lease covers issuing at monotonic instant {@code nanos}.
     */
    public boolean isValidAt(long nanos) {
        return !expires || nanos - deadlineNanos < 0;
    }

    /**
     * Nanoseconds left at monotonic instant {@code nanos}; {@link Long#MAX_VALUE} for a fixed lease.
     */
    public long remainingNanos(long nanos) {
        return expires ? Math.max(0, deadlineNanos - nanos) : Long.MAX_VALUE;
    }

    /**
     * The same lease with a later deadline, as a renewal gives.
     */
    public WorkerLease withDeadline(long newDeadlineNanos) {
        return new WorkerLease(workerId, notBeforeUnixMillis, newDeadlineNanos, expires);
    }

}
