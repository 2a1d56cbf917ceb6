package dev.snowcloud.lease;

import java.time.Duration;
import java.util.function.LongUnaryOperator;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RetryBackoffTests {

    private final RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(200), Duration.ofSeconds(5));

    @Test
    void delaysDoubleWithJitterFromTheUpperHalf() {
        for (int i = 0; i < 100; i++) {
            assertThat(this.backoff.delay(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
            assertThat(this.backoff.delay(2)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
            assertThat(this.backoff.delay(3)).isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
        }
    }

    @Test
    void delaysStopGrowingAtTheMaximum() {
        for (int attempt : new int[] { 6, 10, 63, 64, 1000, Integer.MAX_VALUE }) {
            assertThat(this.backoff.delay(attempt)).isBetween(Duration.ofMillis(2500), Duration.ofSeconds(5));
        }
    }

    @Test
    void maximumShorterThanInitialIsRefused() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new RetryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
            .withMessageContaining("must not be shorter");
    }

    @Test
    void theCeilingIsTheMaximumOnlyOnceDoublingWouldPassIt() {
        RetryBackoff odd = new RetryBackoff(Duration.ofNanos(3), Duration.ofNanos(7));
        assertThat(odd.ceilingNanos(0)).isEqualTo(3);
        assertThat(odd.ceilingNanos(1)).isEqualTo(3);
        // 7 >> 1 == 3: doubled once, 6 still lies below the maximum.
        assertThat(odd.ceilingNanos(2)).isEqualTo(6);
        assertThat(odd.ceilingNanos(3)).isEqualTo(7);
    }

    @Test
    void theJitterReachesBothEndsOfTheUpperHalf() {
        assertThat(this.backoff.delay(2, drawing((bound) -> 0))).isEqualTo(Duration.ofMillis(200));
        assertThat(this.backoff.delay(2, drawing((bound) -> bound - 1))).isEqualTo(Duration.ofMillis(400));
    }

    private static RandomGenerator drawing(LongUnaryOperator draw) {
        return new RandomGenerator() {

            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public long nextLong(long bound) {
                return draw.applyAsLong(bound);
            }

        };
    }

}
