package dev.snowcloud.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.snowcloud.id.SnowflakeGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LeaseKeeper} on its own thread and the system clocks, stopped while a call to the
 * delegator is in flight.
 */
@Timeout(30)
class LeaseKeeperStopTests {

    private final SnowflakeGenerator generator = SnowflakeGenerator.builder().build();

    private final SlowDelegator delegator = new SlowDelegator();

    private final LeaseKeeper keeper = LeaseKeeper.builder(this.generator, this.delegator).build();

    @Test
    void aRegistrationInFlightWhenTheKeeperStopsIsReleasedOnceAnswered() throws Exception {
        this.keeper.start();
        assertThat(this.delegator.registering.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> stopped = CompletableFuture.runAsync(this.keeper::stop);
        while (this.keeper.isRunning()) {
            Thread.onSpinWait();
        }
        // stop() has begun, and waits for the call rather than interrupt it, which would drop the grant
        Thread.sleep(200);
        assertThat(stopped).isNotDone();
        this.delegator.answer.countDown();
        stopped.get(10, TimeUnit.SECONDS);

        assertThat(this.delegator.interrupted).isFalse();
        assertThat(this.delegator.released).containsExactly("token-3");
        assertThat(this.generator.lease()).isEmpty();
    }

    /** Answers a registration only when told to, as a slow delegator would; gives up when interrupted. */
    private static final class SlowDelegator implements Delegator {

        final CountDownLatch registering = new CountDownLatch(1);

        final CountDownLatch answer = new CountDownLatch(1);

        final List<String> released = new CopyOnWriteArrayList<>();

        volatile boolean interrupted;

        @Override
        public LeaseGrant register(String name, String host) {
            this.registering.countDown();
            try {
                this.answer.await();
            }
            catch (InterruptedException ex) {
                this.interrupted = true;
                Thread.currentThread().interrupt();
                throw new DelegatorUnavailableException("interrupted", 0, null);
            }
            long now = System.currentTimeMillis();
            return new LeaseGrant(3, "token-3", 60_000, Instant.ofEpochMilli(now + 60_000), now,
                    now + Duration.ofSeconds(61).toMillis());
        }

        @Override
        public LeaseGrant renew(int workerId, String leaseToken, long lastTimestamp) {
            throw new DelegatorUnavailableException("not expected", 0, null);
        }

        @Override
        public void release(int workerId, String leaseToken, long lastTimestamp) {
            this.released.add(leaseToken);
        }

    }

}
