package dev.snowcloud.lease;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The delegator could not be reached, timed out, or answered 503 (pool exhausted,
 * store recovering or down), another 5xx or 429: worth retrying later.
 */
public class DelegatorUnavailableException extends DelegatorException {

    private final @Nullable Duration retryAfter;

    public DelegatorUnavailableException(String message, int status, @Nullable Duration retryAfter) {
        super(message, status);
        this.retryAfter = retryAfter;
    }

    public DelegatorUnavailableException(String message, Throwable cause) {
        super(message, 0, cause);
        this.retryAfter = null;
    }

    /**
     * How long the delegator asked callers to wait, from its {@code Retry-After} header.
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(this.retryAfter);
    }

}
