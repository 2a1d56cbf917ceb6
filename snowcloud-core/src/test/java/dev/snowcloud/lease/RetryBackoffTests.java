package dev.snowcloud.lease;

import java.time.Duration;

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

}
