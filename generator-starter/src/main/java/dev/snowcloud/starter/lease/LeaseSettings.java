package dev.snowcloud.starter.lease;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link WorkerLeaseLifecycle} registers and renews.
 *
 * @param instanceName the name sent on registration
 * @param host the host sent on registration
 * @param safetyMargin subtracted from each lease's deadline, at most a quarter of its ttl
 * @param registrationTimeout how long start-up waits for the first lease
 * @param failOnMissingLease whether start-up fails without a lease after {@code registrationTimeout}
 * @param backoff the delays between retries of failed calls
 * @param stopTimeout how long stopping waits for a call in flight before it releases the lease
 */
public record LeaseSettings(String instanceName, String host, Duration safetyMargin, Duration registrationTimeout,
        boolean failOnMissingLease, RetryBackoff backoff, Duration stopTimeout) {

    public LeaseSettings {
        Objects.requireNonNull(instanceName, "instanceName");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(backoff, "backoff");
        if (safetyMargin.isNegative()) {
            throw new IllegalArgumentException("The safety margin must not be negative: " + safetyMargin);
        }
        if (registrationTimeout.isNegative() || registrationTimeout.isZero()) {
            throw new IllegalArgumentException("The registration timeout must be positive: " + registrationTimeout);
        }
        if (stopTimeout.isNegative()) {
            throw new IllegalArgumentException("The stop timeout must not be negative: " + stopTimeout);
        }
    }

    /**
     * The margin for a lease of {@code ttlNanos}: the configured one, at most a quarter of the ttl.
     */
    public long safetyMarginNanos(long ttlNanos) {
        return Math.min(this.safetyMargin.toNanos(), ttlNanos / 4);
    }

}
