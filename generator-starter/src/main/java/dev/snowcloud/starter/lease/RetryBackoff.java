package dev.snowcloud.starter.lease;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: each delay doubles up to the maximum and is
 * drawn from its upper half, so many generators that lost the delegator together
 * do not come back in lockstep.
 *
 * @param initial the first delay
 * @param max the longest delay
 */
public record RetryBackoff(Duration initial, Duration max) {

    public RetryBackoff {
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("The initial backoff must be positive: " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException(
                    "The maximum backoff " + max + " must not be shorter than the initial one " + initial);
        }
    }

    /**
     * The delay before retry number {@code attempt} (1 for the first retry).
     */
    public Duration delay(int attempt) {
        long initialNanos = this.initial.toNanos();
        long maxNanos = this.max.toNanos();
        int doublings = Math.min(Math.max(attempt - 1, 0), 62);
        long ceiling = (initialNanos > (maxNanos >> doublings)) ? maxNanos : Math.min(initialNanos << doublings, maxNanos);
        long half = ceiling / 2;
        return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
    }

}
