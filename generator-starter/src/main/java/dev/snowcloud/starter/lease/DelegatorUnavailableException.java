package dev.snowcloud.starter.lease;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The delegator could not be reached, timed out, or answered 503 (pool
 * exhausted, store recovering or down) or another 5xx: worth retrying later.
 */
public class DelegatorUnavailableException extends DelegatorException {

    private final @Nullable Duration retryAfter;

    public DelegatorUnavailableException(String message, int status, @Nullable Duration retryAfter) {
        super(message, status);
        this.retryAfter = retryAfter;
    }

    public DelegatorUnavailableException(String message, Throwable cause) {
        super(message, cause);
        this.retryAfter = null;
    }

    /**
     * How long the delegator asked callers to wait, from its {@code Retry-After} header.
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(this.retryAfter);
    }

}
