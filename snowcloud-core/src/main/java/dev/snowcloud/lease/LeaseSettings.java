package dev.snowcloud.lease;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link LeaseKeeper} registers and renews.
 *
 * @param instanceName the name sent on registration
 * @param host the host sent on registration
 * @param safetyMargin subtracted from each lease's deadline, at most a quarter of its ttl
 * @param backoff the delays between retries of failed calls
 */
public record LeaseSettings(String instanceName, String host, Duration safetyMargin, RetryBackoff backoff) {

    /** The margin when none is given. */
    public static final Duration DEFAULT_SAFETY_MARGIN = Duration.ofMillis(500);

    public LeaseSettings {
        Objects.requireNonNull(instanceName, "instanceName");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(backoff, "backoff");
        if (safetyMargin.isNegative()) {
            throw new IllegalArgumentException("The safety margin must not be negative: " + safetyMargin);
        }
    }

    /**
     * The margin for a lease of {@code ttlNanos}: the configured one, at most a quarter of the ttl.
     */
    public long safetyMarginNanos(long ttlNanos) {
        return Math.min(this.safetyMargin.toNanos(), ttlNanos / 4);
    }

}
