package dev.snowcloud.id;

/**
 * Thrown when the wall clock stands so far behind the last issued timestamp that
 * waiting for it would exceed the configured maximum.
 */
public class ClockMovedBackwardsException extends SnowflakeException {

    private final long behindMillis;

    public ClockMovedBackwardsException(long behindMillis, long maxWaitMillis) {
        super("Clock is " + behindMillis + " ms behind the last issued timestamp, more than the "
                + maxWaitMillis + " ms the generator may wait; refusing to issue an ID");
        this.behindMillis = behindMillis;
    }

    /**
     * How far the clock stood behind the last issued timestamp, in milliseconds.
     */
    public long behindMillis() {
        return behindMillis;
    }

}
