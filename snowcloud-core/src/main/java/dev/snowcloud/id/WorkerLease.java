package dev.snowcloud.id;

/**
 * The generator's right to issue IDs under one worker ID, fenced twice: in time, until a
 * deadline on the monotonic clock, and in timestamp space, from {@code notBefore} up to
 * {@code maxTimestamp} (Unix epoch milliseconds, both inclusive).
 * <p>
 * The two fences guard different failures. The monotonic deadline stops a holder whose
 * renewals fail before the delegator could hand its worker ID on. The timestamp fence holds
 * whatever the clocks' rates: the delegator sets the next holder's {@code notBefore} above
 * every {@code maxTimestamp} it granted, so two holders never stamp the same millisecond
 * even if this host was suspended (its monotonic clock stood still) or the delegator's
 * clock ran fast.
 *
 * @param workerId the leased worker ID, 0..1023
 * @param notBeforeUnixMillis the first timestamp IDs under this lease may carry
 * @param maxTimestampUnixMillis the last timestamp IDs under this lease may carry
 * @param deadlineNanos the monotonic instant ({@link TimeSource#nanoTime()}) from which
 *        the lease no longer covers issuing; ignored when {@code expires} is false
 * @param expires false for a fixed worker ID that never expires
 */
public record WorkerLease(int workerId, long notBeforeUnixMillis, long maxTimestampUnixMillis, long deadlineNanos,
        boolean expires) {

    public WorkerLease {
        SnowflakeLayout.checkWorkerId(workerId);
        if (maxTimestampUnixMillis < notBeforeUnixMillis) {
            throw new IllegalArgumentException("A lease on worker " + workerId + " cannot end (maxTimestamp "
                    + maxTimestampUnixMillis + ") before it starts (notBefore " + notBeforeUnixMillis + ")");
        }
    }

    /**
     * A lease that covers timestamps {@code notBeforeUnixMillis..maxTimestampUnixMillis}
     * until {@code deadlineNanos} on the monotonic clock.
     */
    public static WorkerLease until(int workerId, long notBeforeUnixMillis, long maxTimestampUnixMillis,
            long deadlineNanos) {
        return new WorkerLease(workerId, notBeforeUnixMillis, maxTimestampUnixMillis, deadlineNanos, true);
    }

    /**
     * A lease that never expires, for a worker ID the operator assigns by hand.
     * Uniqueness across processes is then the operator's duty.
     */
    public static WorkerLease fixed(int workerId) {
        return new WorkerLease(workerId, 0, Long.MAX_VALUE, 0, false);
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
     * Whether this lease, taking over from {@code held}, narrows what may be issued: a later
     * {@code notBefore}, a lower timestamp fence or an earlier deadline.
     */
    boolean narrows(WorkerLease held) {
        return notBeforeUnixMillis > held.notBeforeUnixMillis || maxTimestampUnixMillis < held.maxTimestampUnixMillis
                || expires && (!held.expires || deadlineNanos - held.deadlineNanos < 0);
    }

}
