package dev.snowcloud.lease;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: each delay doubles up to the maximum and is
 * drawn from its upper half, so many generators that lost the delegator together
 * do not come back in lockstep.
 *
 * @param initial the first delay
 * @param max the longest delay
 */
public record RetryBackoff(Duration initial, Duration max) {

    /** The delays when none are given: 200 ms doubling up to 5 s. */
    public static final RetryBackoff DEFAULT = new RetryBackoff(Duration.ofMillis(200), Duration.ofSeconds(5));

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
        return delay(attempt, ThreadLocalRandom.current());
    }

    /**
     * The delay before retry number {@code attempt}, its jitter drawn from {@code random}.
     */
    public Duration delay(int attempt, RandomGenerator random) {
        long ceiling = ceilingNanos(attempt);
        long half = ceiling / 2;
        return Duration.ofNanos(half + random.nextLong(ceiling - half + 1));
    }

    /**
     * The longest delay before retry number {@code attempt}: the initial one doubled
     * {@code attempt - 1} times, at most the maximum. The shift is checked before it is
     * made, so a large attempt number can neither overflow nor wrap around.
     */
    long ceilingNanos(int attempt) {
        long initialNanos = this.initial.toNanos();
        long maxNanos = this.max.toNanos();
        int doublings = Math.min(Math.max(attempt - 1, 0), 62);
        return (initialNanos > (maxNanos >> doublings)) ? maxNanos : initialNanos << doublings;
    }

}
