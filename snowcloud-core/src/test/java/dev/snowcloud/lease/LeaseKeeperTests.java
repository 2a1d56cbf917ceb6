package dev.snowcloud.lease;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.snowcloud.id.LeaseUnavailableException;
import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.id.SnowflakeLayout;
import dev.snowcloud.id.WorkerLease;
import dev.snowcloud.lease.FakeDelegator.Call;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link LeaseKeeper} on a {@link ManualClock} and a {@link FakeDelegator}: every step
 * runs on the test's thread at the instant it was scheduled for, so each rule of the
 * lease protocol is pinned to the nanosecond.
 */
@Timeout(30)
class LeaseKeeperTests {

    private static final Duration MARGIN = Duration.ofMillis(500);

    private static final long TTL = 60_000;

    private final ManualClock clock = new ManualClock();

    private final SnowflakeGenerator generator = SnowflakeGenerator.builder().timeSource(this.clock).build();

    private final FakeDelegator delegator = new FakeDelegator(this.clock).ttlMillis(TTL);

    private LeaseKeeper keeper = keeper(MARGIN, new RetryBackoff(Duration.ofMillis(20), Duration.ofMillis(200)));

    @AfterEach
    void stop() {
        this.keeper.stop();
    }

    @Test
    void registersOnStartAndIssuesUnderTheGrantedWorkerId() {
        start();
        assertThat(this.keeper.workerId()).contains(7);
        assertThat(this.generator.layout().decode(this.generator.nextId()).workerId()).isEqualTo(7);
        assertThat(this.delegator.calls("register")).hasSize(1);
        assertThat(this.keeper.lastProblem()).isEmpty();
    }

    @Test
    void deadlineIsTheTtlLessTheMarginCountedFromWhenTheRequestWasSent() {
        this.delegator.latency(Duration.ofMillis(400));
        start();
        // Sent at 0, answered at 400 ms: the deadline is 60 s - 500 ms after sending.
        assertThat(this.generator.leaseRemaining()).isEqualTo(Duration.ofMillis(TTL - 500 - 400));
    }

    @Test
    void marginIsAtMostAQuarterOfTheTtl() {
        this.keeper = keeper(Duration.ofSeconds(10), new RetryBackoff(Duration.ofMillis(20), Duration.ofMillis(200)));
        this.delegator.ttlMillis(4_000);
        start();
        assertThat(this.generator.leaseRemaining()).isEqualTo(Duration.ofMillis(3_000));
    }

    @Test
    void marginBelowAQuarterOfTheTtlIsTakenWhole() {
        this.keeper = keeper(Duration.ofMillis(999), new RetryBackoff(Duration.ofMillis(20), Duration.ofMillis(200)));
        this.delegator.ttlMillis(4_000);
        start();
        assertThat(this.generator.leaseRemaining()).isEqualTo(Duration.ofMillis(3_001));
    }

    @Test
    void renewsAfterAThirdOfTheTtlReportingTheLastTimestampAndLosesTheMarginAgain() {
        start();
        long id = this.generator.nextId();
        assertThat(this.clock.nanosToNextStep()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(TTL / 3));
        this.delegator.latency(Duration.ofMillis(300));
        this.clock.runNext();
        List<Call> renewals = this.delegator.calls("renew");
        assertThat(renewals).hasSize(1);
        assertThat(renewals.get(0).workerId()).isEqualTo(7);
        assertThat(renewals.get(0).lastTimestamp()).isEqualTo(this.generator.layout().decode(id).unixMillis());
        assertThat(this.keeper.renewals(RenewalOutcome.SUCCESS)).isEqualTo(1);
        // Renewed from when the renewal was sent, less the margin: not from the answer, not without the margin.
        assertThat(this.generator.leaseRemaining()).isEqualTo(Duration.ofMillis(TTL - 500 - 300));
        assertThat(this.keeper.lastRenewal()).contains(java.time.Instant.ofEpochMilli(this.clock.currentTimeMillis()));
        assertThat(this.generator.lease()).get().extracting(WorkerLease::notBeforeUnixMillis).isEqualTo(1L);
    }

    @Test
    void renewalComesNoLaterThanHalfWayToTheDeadline() {
        // A margin of a quarter leaves 3/4 of the ttl; a third of the ttl comes before half of that.
        this.keeper = keeper(Duration.ofSeconds(30), new RetryBackoff(Duration.ofMillis(20), Duration.ofMillis(200)));
        this.delegator.latency(Duration.ofMillis(30_000));
        start();
        // Deadline 45 s after sending, answered 30 s after: 15 s left, renewed after 7.5 s, not 20 s.
        assertThat(this.clock.nanosToNextStep()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(7_500));
    }

    @Test
    void aRegistrationAnsweredExactlyAtItsDeadlineIsNotUsed() {
        this.delegator.latency(Duration.ofMillis(TTL - 500));
        start();
        assertThat(this.generator.lease()).isEmpty();
        assertThat(this.keeper.workerId()).isEmpty();
        assertThat(this.keeper.lastProblem()).hasValueSatisfying(
                (problem) -> assertThat(problem).contains("arrived after its deadline"));
        this.delegator.latency(Duration.ZERO);
        this.clock.runNext();
        assertThat(this.keeper.workerId()).contains(8);
    }

    @Test
    void aRegistrationAnsweredANanosecondBeforeItsDeadlineIsUsed() {
        this.delegator.latency(Duration.ofMillis(TTL - 500).minusNanos(1));
        this.keeper.start();
        this.clock.runNext();
        assertThat(this.keeper.workerId()).contains(7);
        assertThat(this.generator.leaseRemaining()).isEqualTo(Duration.ofNanos(1));
    }

    @Test
    void aRenewalAnsweredExactlyAtTheDeadlineIsNotUsed() {
        start();
        long deadlineIn = this.generator.leaseRemaining().toNanos();
        this.clock.advanceNanos(this.clock.nanosToNextStep());
        long left = deadlineIn - TimeUnit.MILLISECONDS.toNanos(TTL / 3);
        this.delegator.latency(Duration.ofNanos(left));
        this.clock.runDue();
        assertThat(this.keeper.renewals(RenewalOutcome.LAPSED)).isEqualTo(1);
        assertThat(this.keeper.renewals(RenewalOutcome.SUCCESS)).isZero();
        // Registered again at once, under another worker ID; the renewed token was never used.
        assertThat(this.delegator.calls("register")).hasSize(2);
        assertThat(this.keeper.workerId()).contains(8);
    }

    @Test
    void aRenewalAnsweredANanosecondBeforeTheDeadlineIsUsed() {
        start();
        long deadlineIn = this.generator.leaseRemaining().toNanos();
        this.clock.advanceNanos(this.clock.nanosToNextStep());
        this.delegator.latency(Duration.ofNanos(deadlineIn - TimeUnit.MILLISECONDS.toNanos(TTL / 3) - 1));
        this.clock.runDue();
        assertThat(this.keeper.renewals(RenewalOutcome.SUCCESS)).isEqualTo(1);
        assertThat(this.keeper.workerId()).contains(7);
    }

    @Test
    void aConflictOnRenewalRegistersAgainUnderAnotherWorkerId() {
        start();
        long before = this.generator.nextId();
        this.delegator.giveToSomeoneElse(7);
        this.clock.runNext();
        assertThat(this.keeper.renewals(RenewalOutcome.CONFLICT)).isEqualTo(1);
        assertThat(this.keeper.workerId()).contains(8);
        long after = this.generator.nextId();
        assertThat(this.generator.layout().decode(after).workerId()).isEqualTo(8);
        assertThat(after).isGreaterThan(before);
    }

    @Test
    void aConflictWhoseReRegistrationFailsLeavesNoWorkerIdInstalled() {
        start();
        this.delegator.giveToSomeoneElse(7);
        this.delegator.onRegister(() -> {
            throw new DelegatorUnavailableException("pool exhausted", 503, null);
        });
        this.clock.runNext();
        assertThat(this.keeper.renewals(RenewalOutcome.CONFLICT)).isEqualTo(1);
        assertThat(this.generator.lease()).isEmpty();
        assertThat(this.keeper.workerId()).isEmpty();
        assertThatExceptionOfType(LeaseUnavailableException.class).isThrownBy(this.generator::nextId);
    }

    @Test
    void aNotFoundOnRenewalLosesTheLeaseLikeAConflict() {
        start();
        this.delegator.onRenew(() -> {
            throw new DelegatorRefusedException("no worker 7", 404);
        });
        this.clock.runNext();
        assertThat(this.keeper.renewals(RenewalOutcome.CONFLICT)).isEqualTo(1);
        assertThat(this.keeper.workerId()).contains(8);
    }

    @Test
    void aRenewalOfAnotherWorkerIdIsAConflict() {
        start();
        this.delegator.onRenew(() -> this.delegator.grant(99, "token-1"));
        this.clock.runNext();
        assertThat(this.keeper.renewals(RenewalOutcome.CONFLICT)).isEqualTo(1);
        assertThat(this.keeper.lastProblem()).isEmpty();
        assertThat(this.keeper.workerId()).contains(8);
    }

    @Test
    void aFailedRenewalIsRetriedByHalfWayToTheDeadline() {
        // Backoff far longer than the lease: only the half-way rule brings the retry in time.
        this.keeper = keeper(MARGIN, new RetryBackoff(Duration.ofMinutes(10), Duration.ofMinutes(20)));
        start();
        this.delegator.onRenew(() -> {
            throw new DelegatorUnavailableException("Redis down", 503, null);
        });
        this.clock.runNext();
        assertThat(this.keeper.renewals(RenewalOutcome.FAILURE)).isEqualTo(1);
        long remaining = this.generator.leaseRemaining().toNanos();
        assertThat(this.clock.nanosToNextStep()).isEqualTo(remaining / 2);
        this.clock.runNext();
        assertThat(this.keeper.renewals(RenewalOutcome.SUCCESS)).isEqualTo(1);
        assertThat(this.keeper.workerId()).contains(7);
        assertThat(this.delegator.calls("register")).hasSize(1);
    }

    @Test
    void aFailedRenewalIsRetriedAfterTheBackoffWhenThatComesFirst() {
        this.keeper = keeper(MARGIN, new RetryBackoff(Duration.ofMillis(100), Duration.ofMillis(100)));
        start();
        this.delegator.onRenew(() -> {
            throw new DelegatorRefusedException("key revoked", 401);
        });
        this.clock.runNext();
        assertThat(this.keeper.renewals(RenewalOutcome.FAILURE)).isEqualTo(1);
        assertThat(this.keeper.lastProblem()).contains("key revoked");
        assertThat(this.clock.nanosToNextStep()).isBetween(TimeUnit.MILLISECONDS.toNanos(50),
                TimeUnit.MILLISECONDS.toNanos(100));
    }

    @Test
    void renewalsThatKeepFailingLapseAtTheDeadlineAndRegisterAgain() {
        this.keeper = keeper(MARGIN, new RetryBackoff(Duration.ofMinutes(10), Duration.ofMinutes(20)));
        start();
        for (int i = 0; i < 100; i++) {
            this.delegator.onRenew(() -> {
                throw new DelegatorUnavailableException("delegator down", 0, null);
            });
        }
        long deadline = this.clock.nanoTime() + this.generator.leaseRemaining().toNanos();
        this.delegator.onRegister(() -> {
            throw new DelegatorUnavailableException("delegator down", 0, null);
        });
        while (this.keeper.renewals(RenewalOutcome.LAPSED) == 0) {
            assertThat(this.generator.hasValidLease()).isTrue();
            this.clock.runNext();
        }
        // No renewal was sent at or after the deadline; the lease was dropped at it.
        assertThat(this.delegator.calls("renew")).allSatisfy((call) -> assertThat(call.atNanos()).isLessThan(deadline));
        assertThat(this.clock.nanoTime()).isGreaterThanOrEqualTo(deadline);
        assertThat(this.generator.lease()).isEmpty();
        assertThat(this.keeper.lastProblem()).hasValueSatisfying(
                (problem) -> assertThat(problem).contains("delegator down"));
        this.clock.runNext();
        assertThat(this.keeper.workerId()).contains(8);
        assertThat(this.generator.hasValidLease()).isTrue();
    }

    @Test
    void registrationWaitsAtLeastTheRetryAfterTheDelegatorAsksFor() {
        this.delegator.onRegister(() -> {
            throw new DelegatorUnavailableException("pool exhausted", 503, Duration.ofSeconds(7));
        });
        this.keeper.start();
        this.clock.runDue();
        assertThat(this.clock.nanosToNextStep()).isEqualTo(Duration.ofSeconds(7).toNanos());
        this.clock.runNext();
        assertThat(this.keeper.workerId()).contains(7);
    }

    @Test
    void failedRegistrationsBackOff() {
        this.keeper = keeper(MARGIN, new RetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)));
        for (int i = 0; i < 3; i++) {
            this.delegator.onRegister(() -> {
                throw new IllegalStateException("unreadable answer");
            });
        }
        this.keeper.start();
        this.clock.runDue();
        assertThat(this.clock.nanosToNextStep()).isBetween(ms(50), ms(100));
        this.clock.runNext();
        assertThat(this.clock.nanosToNextStep()).isBetween(ms(100), ms(200));
        this.clock.runNext();
        assertThat(this.clock.nanosToNextStep()).isBetween(ms(200), ms(400));
        this.clock.runNext();
        assertThat(this.keeper.workerId()).contains(7);
    }

    @Test
    void aRefusedRegistrationFailsTheWaitAtOnceAndKeepsTryingSlowly() {
        this.keeper = keeper(MARGIN, new RetryBackoff(Duration.ofMillis(10), Duration.ofSeconds(9)));
        this.delegator.onRegister(() -> {
            throw new DelegatorRefusedException("The delegator answered 401 to register", 401);
        });
        this.keeper.start();
        this.clock.runDue();
        assertThatExceptionOfType(LeaseRegistrationException.class)
            .isThrownBy(() -> this.keeper.awaitLease(Duration.ofMinutes(1)))
            .withMessageContaining("No worker lease from the fake delegator")
            .withMessageContaining("401")
            .withCauseInstanceOf(DelegatorRefusedException.class);
        assertThat(this.clock.nanosToNextStep()).isEqualTo(Duration.ofSeconds(9).toNanos());
    }

    @Test
    void waitingForALeaseThatDoesNotComeEndsWithTheLastProblem() {
        this.delegator.onRegister(() -> {
            throw new DelegatorUnavailableException("The delegator answered 503 to register", 503, null);
        });
        this.keeper.start();
        this.clock.runDue();
        assertThatExceptionOfType(LeaseRegistrationException.class)
            .isThrownBy(() -> this.keeper.awaitLease(Duration.ZERO))
            .withMessage("No worker lease from the fake delegator within PT0S; last problem: The delegator answered"
                    + " 503 to register")
            .satisfies((ex) -> assertThat(ex.delegator()).isEqualTo("the fake delegator"));
    }

    @Test
    void waitingForALeaseReturnsOnceItIsHeldAndItsNotBeforeReached() throws Exception {
        long notBefore = this.clock.currentTimeMillis() + 300;
        this.delegator.notBefore(notBefore);
        start();
        CompletableFuture<Void> waited = CompletableFuture.runAsync(() -> this.keeper.awaitLease(Duration.ofMinutes(1)));
        while (!waited.isDone()) {
            this.clock.runFor(Duration.ofMillis(10));
            Thread.onSpinWait();
        }
        waited.get();
        assertThat(this.clock.currentTimeMillis()).isGreaterThanOrEqualTo(notBefore);
        assertThat(this.generator.layout().decode(this.generator.nextId()).unixMillis())
            .isGreaterThanOrEqualTo(notBefore);
    }

    @Test
    void waitingForANotBeforeBeyondTheTimeoutReturnsWithoutIt() {
        this.delegator.notBefore(this.clock.currentTimeMillis() + 60_000);
        start();
        this.keeper.awaitLease(Duration.ZERO);
        assertThat(this.keeper.workerId()).contains(7);
        assertThatExceptionOfType(LeaseUnavailableException.class).isThrownBy(this.generator::nextId);
    }

    @Test
    void stopRevokesAndReleasesWithTheLastIssuedTimestamp() {
        start();
        long last = 0;
        for (int i = 0; i < 4_000; i++) {
            last = this.generator.nextId();
        }
        this.keeper.stop();
        assertThat(this.keeper.isRunning()).isFalse();
        assertThatExceptionOfType(LeaseUnavailableException.class).isThrownBy(this.generator::nextId);
        List<Call> releases = this.delegator.calls("release");
        assertThat(releases).hasSize(1);
        assertThat(releases.get(0).workerId()).isEqualTo(7);
        assertThat(releases.get(0).token()).isEqualTo("token-1");
        assertThat(releases.get(0).lastTimestamp()).isEqualTo(this.generator.layout().decode(last).unixMillis());
        this.clock.runFor(Duration.ofMinutes(5));
        assertThat(this.delegator.calls("renew")).isEmpty();
    }

    @Test
    void aLeaseGrantedWhileStoppingIsReleasedAndNeverInstalled() {
        this.delegator.onRegister(() -> {
            this.keeper.stop();
            return this.delegator.grant(7, "late-token");
        });
        start();
        assertThat(this.generator.lease()).isEmpty();
        List<Call> releases = this.delegator.calls("release");
        assertThat(releases).hasSize(1);
        assertThat(releases.get(0).token()).isEqualTo("late-token");
        // Nothing was issued under it: the watermark reported is the generator's, below its notBefore.
        assertThat(releases.get(0).lastTimestamp()).isEqualTo(this.generator.lastTimestamp());
    }

    @Test
    void aFailedReleaseStillStops() {
        FakeDelegator fake = this.delegator;
        Delegator releaseFails = new Delegator() {
            @Override
            public LeaseGrant register(String name, String host) {
                return fake.register(name, host);
            }

            @Override
            public LeaseGrant renew(int workerId, String leaseToken, long lastTimestamp) {
                return fake.renew(workerId, leaseToken, lastTimestamp);
            }

            @Override
            public void release(int workerId, String leaseToken, long lastTimestamp) {
                throw new DelegatorUnavailableException("down", 0, null);
            }
        };
        this.keeper = LeaseKeeper.builder(this.generator, releaseFails).scheduler(this.clock).build();
        start();
        assertThat(this.keeper.workerId()).contains(7);
        this.keeper.close();
        assertThat(this.keeper.isRunning()).isFalse();
        assertThat(this.keeper.workerId()).isEmpty();
        assertThat(this.generator.lease()).isEmpty();
    }

    @Test
    void anUnexpectedFailureDropsTheLeaseAndRegistersAgainAfterTheLongestBackoff() {
        // The first lease starts past what the layout can encode: installing it throws.
        this.delegator.onRegister(() -> this.delegator.grant(5, "bad"));
        this.delegator.notBefore(Long.MAX_VALUE / 2);
        this.keeper.start();
        this.clock.runDue();
        assertThat(this.generator.lease()).isEmpty();
        assertThat(this.keeper.lastProblem()).isPresent();
        assertThat(this.clock.nanosToNextStep()).isEqualTo(ms(200));
        this.delegator.notBefore(1);
        this.clock.runNext();
        assertThat(this.keeper.workerId()).contains(7);
    }

    @Test
    void aLeaseStartingAtTheLastEncodableMillisecondIsInstalled() {
        long last = SnowflakeLayout.DEFAULT_EPOCH.toEpochMilli() + SnowflakeLayout.MAX_TIMESTAMP;
        this.delegator.notBefore(last).maxTimestampAfterExpiry(last - (ManualClock.START.toEpochMilli() + TTL));
        start();
        assertThat(this.keeper.workerId()).contains(7);
        assertThat(this.generator.lease()).get().extracting(WorkerLease::notBeforeUnixMillis).isEqualTo(last);
    }

    @Test
    void eachLeaseCarriesTheDelegatorsTimestampFenceAndARenewalRaisesIt() {
        long expiry = ManualClock.START.toEpochMilli() + TTL;
        start();
        assertThat(this.generator.lease()).get()
            .extracting(WorkerLease::maxTimestampUnixMillis)
            .isEqualTo(expiry + 2_000);
        this.clock.runNext();
        assertThat(this.keeper.renewals(RenewalOutcome.SUCCESS)).isEqualTo(1);
        assertThat(this.generator.lease()).get()
            .extracting(WorkerLease::maxTimestampUnixMillis)
            .isEqualTo(expiry + TTL / 3 + 2_000);
    }

    @Test
    void aHolderWokenPastItsFenceRegistersAnewInsteadOfRenewing() {
        start();
        // The host slept through the lease: the wall clock moved on, the monotonic clock did not.
        this.clock.stepWallClock(Duration.ofMillis(2 * TTL));
        this.clock.runNext();
        assertThat(this.delegator.calls("renew")).isEmpty();
        assertThat(this.keeper.renewals(RenewalOutcome.LAPSED)).isEqualTo(1);
        this.clock.runDue();
        assertThat(this.delegator.calls("register")).hasSize(2);
    }

    @Test
    void aLeaseFromADelegatorOlderThanTheFenceIsFencedAtItsExpiry() {
        this.delegator.maxTimestampAfterExpiry(null);
        start();
        assertThat(this.generator.lease()).get()
            .extracting(WorkerLease::maxTimestampUnixMillis)
            .isEqualTo(ManualClock.START.toEpochMilli() + TTL);
    }

    @Test
    void measuresHowFarThisClockRunsAheadOfTheDelegators() {
        assertThat(this.keeper.clockOffset()).isEmpty();
        this.delegator.delegatorBehind(Duration.ofMillis(1_500)).latency(Duration.ofMillis(200));
        start();
        // The grant happened mid-way through the round trip, 100 ms after sending.
        assertThat(this.keeper.clockOffset()).contains(Duration.ofMillis(1_500));
        this.delegator.delegatorBehind(Duration.ofMillis(-700)).latency(Duration.ZERO);
        this.clock.runNext();
        assertThat(this.keeper.clockOffset()).contains(Duration.ofMillis(700).negated());
    }

    @Test
    void startingTwiceRegistersOnce() {
        start();
        this.keeper.start();
        this.clock.runDue();
        assertThat(this.delegator.calls("register")).hasSize(1);
        assertThat(this.keeper.isRunning()).isTrue();
    }

    @Test
    void aStoppedKeeperCanStartAgain() {
        start();
        this.keeper.stop();
        this.keeper.stop();
        start();
        assertThat(this.keeper.workerId()).contains(8);
        assertThat(this.delegator.calls("release")).hasSize(1);
    }

    @Test
    void stepsScheduledBeforeStoppingDoNothing() {
        AtomicInteger registrations = new AtomicInteger();
        this.delegator.onRegister(() -> {
            registrations.incrementAndGet();
            throw new DelegatorUnavailableException("down", 0, null);
        });
        this.keeper.start();
        this.clock.runDue();
        this.keeper.stop();
        this.clock.runFor(Duration.ofMinutes(1));
        assertThat(registrations.get()).isEqualTo(1);
        assertThat(this.delegator.calls("register")).hasSize(1);
    }

    @Test
    void aShutDownSchedulerEndsTheChainQuietly() {
        this.clock.shutDown();
        this.keeper.start();
        this.clock.runFor(Duration.ofMinutes(1));
        assertThat(this.keeper.isRunning()).isTrue();
        assertThat(this.delegator.calls()).isEmpty();
    }

    private void start() {
        this.keeper.start();
        this.clock.runDue();
    }

    private LeaseKeeper keeper(Duration margin, RetryBackoff backoff) {
        return LeaseKeeper.builder(this.generator, this.delegator)
            .instanceName("test-instance")
            .host("127.0.0.1")
            .safetyMargin(margin)
            .backoff(backoff)
            .scheduler(this.clock)
            .build();
    }

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

}
