package dev.snowcloud.id;

/**
 * Thrown instead of an ID whose timestamp would pass the held lease's
 * {@code maxTimestamp}: this host's clock runs ahead of the delegator's by more than
 * the allowed skew, or stood still (a suspended host) while the lease ran out. The
 * generator issues again once a renewal raises the fence or a new lease is installed.
 */
public class LeaseFenceException extends LeaseUnavailableException {

    private final long timestampUnixMillis;

    private final long maxTimestampUnixMillis;

    public LeaseFenceException(int workerId, long timestampUnixMillis, long maxTimestampUnixMillis) {
        super("The clock reads " + timestampUnixMillis + " (Unix ms), " + (timestampUnixMillis - maxTimestampUnixMillis)
                + " ms past the lease on worker " + workerId + ", which covers timestamps up to " + maxTimestampUnixMillis
                + "; not issuing IDs until a renewal raises that fence. This clock runs ahead of the delegator's by more"
                + " than the allowed skew, or the host was suspended.");
        this.timestampUnixMillis = timestampUnixMillis;
        this.maxTimestampUnixMillis = maxTimestampUnixMillis;
    }

    /** The timestamp the generator would have issued, in Unix epoch milliseconds. */
    public long timestampUnixMillis() {
        return timestampUnixMillis;
    }

    /** The highest timestamp the held lease covers, in Unix epoch milliseconds. */
    public long maxTimestampUnixMillis() {
        return maxTimestampUnixMillis;
    }

}
