package dev.snowcloud.delegator.lease;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/** The pool cannot grant or renew right now; trying again after {@link #retryAfter()} may work. */
public abstract class PoolUnavailableException extends LeaseException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    protected PoolUnavailableException(String message, Duration retryAfter, @Nullable Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** How long to wait before trying again. */
    public Duration retryAfter() {
        return this.retryAfter;
    }

}
