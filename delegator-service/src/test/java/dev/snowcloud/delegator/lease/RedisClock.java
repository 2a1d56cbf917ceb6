package dev.snowcloud.delegator.lease;

import java.time.Duration;
import java.util.function.LongSupplier;

/** Waits for a Redis server's own clock, the only clock its scripts read. */
final class RedisClock {

    private RedisClock() {
    }

    static void await(LongSupplier redisMillis, Duration duration) {
        long until = redisMillis.getAsLong() + duration.toMillis();
        while (redisMillis.getAsLong() < until) {
            try {
                Thread.sleep(Math.min(25, Math.max(1, duration.toMillis() / 10)));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
    }

}
