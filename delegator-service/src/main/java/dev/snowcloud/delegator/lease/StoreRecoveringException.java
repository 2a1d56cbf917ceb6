package dev.snowcloud.delegator.lease;

import java.time.Duration;

/**
 * The store re-created a lost pool and, until its recovery period ends in
 * {@link #retryAfter()}, leaves worker IDs to the generators that still hold them.
 */
public class StoreRecoveringException extends PoolUnavailableException {

    private static final long serialVersionUID = 1L;

    public StoreRecoveringException(Duration untilRecovered) {
        super("The lease store is recovering from losing its pool; live holders re-claim their worker IDs first",
                untilRecovered, null);
    }

}
