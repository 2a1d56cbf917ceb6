package dev.snowcloud.delegator.lease;

import java.time.Duration;

/** The store cannot be reached or failed to answer. */
public class StoreUnavailableException extends PoolUnavailableException {

    private static final long serialVersionUID = 1L;

    /** How long a client should wait before it tries an unreachable store again. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, RETRY_AFTER, cause);
    }

}
