package dev.snowcloud.lease;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.snowcloud.id.LeaseUnavailableException;
import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.id.TimeSource;
import dev.snowcloud.lease.FakeDelegator.Call;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The exact instants at which {@link LeaseKeeper} changes its mind, on a {@link ManualClock}:
 * a renewal due exactly at the deadline, the shortest retry, the {@code notBefore} wait and
 * what is left of the registration timeout for it.
 */
@Timeout(30)
class LeaseKeeperBoundaryTests {

    private static final long TTL = 60_000;

    private static final long DEADLINE_AFTER_GRANT = ms(TTL - 500);

    private final ManualClock clock = new ManualClock();

    private final Set<Thread> clockReaders = ConcurrentHashMap.newKeySet();

    private final SnowflakeGenerator generator = SnowflakeGenerator.builder().timeSource(new TimeSource() {

        @Override
        public long currentTimeMillis() {
            return LeaseKeeperBoundaryTests.this.clock.currentTimeMillis();
        }

        @Override
        public long nanoTime() {
            LeaseKeeperBoundaryTests.this.clockReaders.add(Thread.currentThread());
            return LeaseKeeperBoundaryTests.this.clock.nanoTime();
        }

    }).build();

    private final FakeDelegator delegator = new FakeDelegator(this.clock).ttlMillis(TTL);

    // A backoff far longer than the lease: only the half-way rule and its floor set the retries.
    private final LeaseKeeper keeper = LeaseKeeper.builder(this.generator, this.delegator)
        .instanceName("test-instance")
        .host("127.0.0.1")
        .safetyMargin(Duration.ofMillis(500))
        .backoff(new RetryBackoff(Duration.ofMinutes(10), Duration.ofMinutes(20)))
        .scheduler(this.clock)
        .build();

    @AfterEach
    void stop() {
        this.keeper.stop();
    }

    @Test
    void aFailedRenewalWithLessThanTwentyMillisecondsLeftIsRetriedTenMillisecondsLater() {
        long deadline = startAndFailTheFirstRenewalLeaving(ms(16));
        // Half of what is left would be 8 ms: the floor of 10 ms wins.
        assertThat(this.clock.nanosToNextStep()).isEqualTo(ms(10));
        this.clock.runNext();
        assertThat(this.clock.nanoTime()).isEqualTo(deadline - ms(6));
        assertThat(this.keeper.renewals(RenewalOutcome.SUCCESS)).isEqualTo(1);
    }

    @Test
    void aFailedRenewalWithMoreThanTwentyMillisecondsLeftIsRetriedHalfWay() {
        startAndFailTheFirstRenewalLeaving(ms(30));
        assertThat(this.clock.nanosToNextStep()).isEqualTo(ms(15));
    }

    @Test
    void aRenewalDueExactlyAtTheDeadlineIsNotSent() {
        // Ten milliseconds left: the floor puts the retry exactly on the deadline.
        long deadline = startAndFailTheFirstRenewalLeaving(ms(10));
        assertThat(this.clock.nanosToNextStep()).isEqualTo(ms(10));
        this.clock.runNext();
        assertThat(this.clock.nanoTime()).isEqualTo(deadline);
        assertThat(this.delegator.calls("renew")).hasSize(1);
        assertThat(this.keeper.renewals(RenewalOutcome.LAPSED)).isEqualTo(1);
        // Registered again at once, under another worker ID.
        assertThat(this.delegator.calls("register")).extracting(Call::atNanos).last().isEqualTo(deadline);
        assertThat(this.keeper.workerId()).contains(8);
    }

    @Test
    void aRenewalDueANanosecondBeforeTheDeadlineIsSent() {
        long deadline = startAndFailTheFirstRenewalLeaving(ms(10) + 1);
        this.clock.runNext();
        assertThat(this.clock.nanoTime()).isEqualTo(deadline - 1);
        assertThat(this.delegator.calls("renew")).hasSize(2);
        assertThat(this.keeper.renewals(RenewalOutcome.SUCCESS)).isEqualTo(1);
        assertThat(this.keeper.workerId()).contains(7);
    }

    @Test
    void aRenewalWhenTheWallClockIsExactlyAtTheFenceIsStillSent() {
        start();
        long fence = this.generator.lease().orElseThrow().maxTimestampUnixMillis();
        long renewalWallClock = this.clock.currentTimeMillis() + TTL / 3;
        this.clock.stepWallClock(Duration.ofMillis(fence - renewalWallClock));
        this.clock.runNext();
        assertThat(this.clock.currentTimeMillis()).isEqualTo(fence);
        assertThat(this.delegator.calls("renew")).hasSize(1);
        assertThat(this.keeper.renewals(RenewalOutcome.SUCCESS)).isEqualTo(1);
    }

    @Test
    void aRenewalWhenTheWallClockIsAMillisecondPastTheFenceLapses() {
        start();
        long fence = this.generator.lease().orElseThrow().maxTimestampUnixMillis();
        long renewalWallClock = this.clock.currentTimeMillis() + TTL / 3;
        this.clock.stepWallClock(Duration.ofMillis(fence + 1 - renewalWallClock));
        this.clock.runNext();
        assertThat(this.delegator.calls("renew")).isEmpty();
        assertThat(this.keeper.renewals(RenewalOutcome.LAPSED)).isEqualTo(1);
    }

    @Test
    void theNotBeforeWaitPollsEveryFiftyMillisecondsAndEndsExactlyAtNotBefore() throws Exception {
        long notBefore = this.clock.currentTimeMillis() + 120;
        this.delegator.notBefore(notBefore);
        start();
        int scheduled = this.clock.pending();
        CompletableFuture<Void> waited = CompletableFuture.runAsync(() -> this.keeper.awaitLease(Duration.ofMinutes(1)));
        await().until(() -> this.clock.pending() > scheduled);
        assertThat(this.clock.nanosToNextStep()).isEqualTo(ms(50));
        this.clock.runNext();
        assertThat(this.clock.nanosToNextStep()).isEqualTo(ms(50));
        this.clock.runNext();
        // 20 ms ahead: the last check comes when notBefore is reached, not a whole poll later.
        assertThat(this.clock.nanosToNextStep()).isEqualTo(ms(20));
        assertThat(waited).isNotDone();
        this.clock.runNext();
        waited.get(10, TimeUnit.SECONDS);
        assertThat(this.clock.currentTimeMillis()).isEqualTo(notBefore);
        assertThat(this.generator.layout().decode(this.generator.nextId()).unixMillis()).isEqualTo(notBefore);
    }

    @Test
    void waitingForANotBeforeThatIsReachedReturnsAtOnce() throws Exception {
        this.delegator.notBefore(this.clock.currentTimeMillis());
        start();
        int scheduled = this.clock.pending();
        this.keeper.awaitLease(Duration.ofSeconds(5));
        assertThat(this.clock.pending()).isEqualTo(scheduled);
        assertThat(this.generator.layout().decode(this.generator.nextId()).unixMillis())
            .isEqualTo(this.clock.currentTimeMillis());
    }

    @Test
    void stoppingEndsAWaitForNotBefore() throws Exception {
        this.delegator.notBefore(this.clock.currentTimeMillis() + 60_000);
        start();
        int scheduled = this.clock.pending();
        CompletableFuture<Void> waited = CompletableFuture.runAsync(() -> this.keeper.awaitLease(Duration.ofMinutes(5)));
        await().until(() -> this.clock.pending() > scheduled);
        this.keeper.stop();
        this.clock.runNext();
        // Without the check of the keeper's state the wait would last the whole five minutes.
        waited.get(10, TimeUnit.SECONDS);
        assertThat(this.keeper.isRunning()).isFalse();
    }

    @Test
    void theNotBeforeWaitGetsOnlyWhatIsLeftOfTheTimeout() throws Exception {
        LeaseKeeper waiting = LeaseKeeper.builder(this.generator, this.delegator)
            .scheduler(this.clock)
            .backoff(new RetryBackoff(Duration.ofMillis(1), Duration.ofMillis(1)))
            .build();
        // The lease comes after four minutes and starts half a minute later.
        this.delegator.notBefore(this.clock.currentTimeMillis() + Duration.ofSeconds(270).toMillis());
        this.delegator.onRegister(() -> {
            throw new DelegatorUnavailableException("pool exhausted", 503, Duration.ofMinutes(4));
        });
        try {
            waiting.start();
            this.clock.runDue();
            CompletableFuture<Void> waited = new CompletableFuture<>();
            Thread waiter = new Thread(() -> {
                try {
                    waiting.awaitLease(Duration.ofMinutes(3));
                    waited.complete(null);
                }
                catch (RuntimeException ex) {
                    waited.completeExceptionally(ex);
                }
            }, "waiter");
            waiter.setDaemon(true);
            waiter.start();
            // The wait started (it read the clock) before the four minutes pass.
            await().until(() -> this.clockReaders.contains(waiter));
            this.clock.runNext();
            // Nothing is left of the three minutes for notBefore: the wait ends at once, IDs still refused.
            waited.get(10, TimeUnit.SECONDS);
            assertThat(waiting.workerId()).contains(7);
            assertThatExceptionOfType(LeaseUnavailableException.class).isThrownBy(this.generator::nextId);
        }
        finally {
            waiting.stop();
        }
    }

    @Test
    void keepsRenewingEveryThirdOfTheTtl() {
        start();
        long started = this.clock.nanoTime();
        this.clock.runNext();
        this.clock.runNext();
        this.clock.runNext();
        assertThat(this.delegator.calls("renew")).extracting(Call::atNanos)
            .containsExactly(started + ms(TTL / 3), started + ms(2 * TTL / 3), started + ms(TTL));
        assertThat(this.keeper.renewals(RenewalOutcome.SUCCESS)).isEqualTo(3);
        assertThat(this.clock.nanosToNextStep()).isEqualTo(ms(TTL / 3));
    }

    @Test
    void renewalsThatFailInARowBackOffFurtherEachTime() {
        LeaseKeeper backingOff = LeaseKeeper.builder(this.generator, this.delegator)
            .scheduler(this.clock)
            .backoff(new RetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(10)))
            .build();
        try {
            backingOff.start();
            this.clock.runDue();
            for (int i = 0; i < 3; i++) {
                this.delegator.onRenew(() -> {
                    throw new DelegatorUnavailableException("Redis down", 503, null);
                });
            }
            this.clock.runNext();
            assertThat(this.clock.nanosToNextStep()).isBetween(ms(50), ms(100));
            this.clock.runNext();
            assertThat(this.clock.nanosToNextStep()).isBetween(ms(100), ms(200));
            this.clock.runNext();
            assertThat(this.clock.nanosToNextStep()).isBetween(ms(200), ms(400));
            assertThat(backingOff.renewals(RenewalOutcome.FAILURE)).isEqualTo(3);
            this.clock.runNext();
            assertThat(backingOff.renewals(RenewalOutcome.SUCCESS)).isEqualTo(1);
        }
        finally {
            backingOff.stop();
        }
    }

    @Test
    void anUnexpectedFailureWhileRenewingDropsTheHeldLease() {
        start();
        // A renewal whose notBefore lies past its own fence cannot become a lease: renewing throws.
        this.delegator.notBefore(Long.MAX_VALUE / 2);
        this.clock.runNext();
        assertThat(this.generator.lease()).isEmpty();
        assertThat(this.keeper.workerId()).isEmpty();
        assertThatExceptionOfType(LeaseUnavailableException.class).isThrownBy(this.generator::nextId);
        assertThat(this.keeper.lastProblem()).hasValueSatisfying(
                (problem) -> assertThat(problem).startsWith(IllegalArgumentException.class.getName()));
        // Registered again after the longest backoff.
        assertThat(this.clock.nanosToNextStep()).isEqualTo(Duration.ofMinutes(20).toNanos());
    }

    @Test
    void aLeaseGrantedWhileStoppingIsReleasedJustBelowItsNotBefore() {
        long notBefore = this.clock.currentTimeMillis() + 5_000;
        this.delegator.notBefore(notBefore).onRegister(() -> {
            this.keeper.stop();
            return this.delegator.grant(7, "late-token");
        });
        start();
        // Nothing was issued under it: the delegator may hand worker 7 on from notBefore.
        assertThat(this.delegator.calls("release")).singleElement()
            .extracting(Call::lastTimestamp)
            .isEqualTo(notBefore - 1);
    }

    @Test
    void waitingAfterTheKeeperStoppedSaysItStopped() {
        this.delegator.onRegister(() -> {
            throw new DelegatorUnavailableException("pool exhausted", 503, null);
        });
        start();
        this.keeper.stop();
        assertThatExceptionOfType(LeaseRegistrationException.class)
            .isThrownBy(() -> this.keeper.awaitLease(Duration.ofMinutes(1)))
            .withMessageContaining("The lease keeper was stopped")
            .withCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void anInterruptedWaitEndsAndKeepsTheInterrupt() {
        this.keeper.start();
        Thread.currentThread().interrupt();
        try {
            assertThatExceptionOfType(LeaseRegistrationException.class)
                .isThrownBy(() -> this.keeper.awaitLease(Duration.ofMinutes(1)))
                .withMessageContaining("interrupted")
                .withCauseInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        }
        finally {
            Thread.interrupted();
        }
    }

    /**
     * Starts, then answers the first renewal with a 503 that arrives {@code left} before the
     * lease's deadline; returns the deadline.
     */
    private long startAndFailTheFirstRenewalLeaving(long left) {
        start();
        long deadline = this.clock.nanoTime() + DEADLINE_AFTER_GRANT;
        this.delegator.onRenew(() -> {
            this.clock.advanceNanos(deadline - left - this.clock.nanoTime());
            throw new DelegatorUnavailableException("Redis down", 503, null);
        });
        this.clock.runNext();
        assertThat(this.keeper.renewals(RenewalOutcome.FAILURE)).isEqualTo(1);
        assertThat(this.clock.nanoTime()).isEqualTo(deadline - left);
        return deadline;
    }

    private void start() {
        this.keeper.start();
        this.clock.runDue();
    }

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

}
