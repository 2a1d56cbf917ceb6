package dev.snowcloud.delegator.lease;

import java.time.Duration;

/** Every worker ID is leased; the earliest lease ends after {@link #retryAfter()}. */
public class PoolExhaustedException extends PoolUnavailableException {

    private static final long serialVersionUID = 1L;

    public PoolExhaustedException(Duration untilEarliestExpiry) {
        super("Every worker ID is leased", untilEarliestExpiry, null);
    }

}
