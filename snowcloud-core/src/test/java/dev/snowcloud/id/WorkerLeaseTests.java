package dev.snowcloud.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The generator issues only under a valid lease: from its {@code notBefore} until its
 * deadline on the monotonic clock, fenced when it is revoked or replaced.
 */
class WorkerLeaseTests {

    private static final Duration TTL = Duration.ofSeconds(60);

    private final ManualTimeSource clock = new ManualTimeSource();

    private final BackgroundCaller background = new BackgroundCaller();

    private final SnowflakeGenerator generator = SnowflakeGenerator.builder().timeSource(clock).build();

    @AfterEach
    void stopBackgroundCalls() {
        background.close();
    }

    @Test
    void withoutALeaseNothingIsIssued() {
        assertThatExceptionOfType(LeaseUnavailableException.class).isThrownBy(generator::nextId)
            .withMessageContaining("No worker lease");
        assertThatExceptionOfType(LeaseUnavailableException.class).isThrownBy(() -> generator.nextIds(5));
        assertThat(generator.hasValidLease()).isFalse();
        assertThat(generator.leaseRemaining()).isEqualTo(Duration.ZERO);
        assertThat(generator.lease()).isEmpty();
        assertThat(generator.generatedCount()).isZero();
    }

    @Test
    void leaseCoversIssuingUpToTheNanosecondBeforeItsDeadline() {
        WorkerLease lease = leaseFromNow(3, 0);
        generator.installLease(lease);

        clock.advance(TTL.minusNanos(1));
        long last = generator.nextId();
        assertThat(generator.leaseRemaining()).isEqualTo(Duration.ofNanos(1));
        clock.advanceNanos(1);

        assertThatExceptionOfType(LeaseUnavailableException.class).isThrownBy(generator::nextId)
            .withMessageContaining("worker 3 passed its deadline");
        assertThatExceptionOfType(LeaseUnavailableException.class).isThrownBy(() -> generator.nextIds(3));
        assertThat(generator.hasValidLease()).isFalse();
        assertThat(generator.leaseRemaining()).isEqualTo(Duration.ZERO);
        assertThat(generator.lastTimestamp()).isEqualTo(generator.layout().decode(last).unixMillis());
    }

    @Test
    void renewalExtendsTheDeadlineAndIssuingCarriesOnAboveTheLastId() {
        WorkerLease lease = leaseFromNow(3, 0);
        generator.installLease(lease);
        long last = generator.nextId();
        clock.advance(TTL);
        assertThatExceptionOfType(LeaseUnavailableException.class).isThrownBy(generator::nextId);

        generator.renewLease(WorkerLease.until(3, lease.notBeforeUnixMillis(), lease.maxTimestampUnixMillis(),
                clock.peekNanos() + TTL.toNanos()));

        long next = generator.nextId();
        assertThat(next).isGreaterThan(last);
        assertThat(generator.layout().decode(next).workerId()).isEqualTo(3);
        assertThat(generator.leaseRemaining()).isEqualTo(TTL);
        assertThat(generator.hasValidLease()).isTrue();
    }

    @Test
    void renewingAWorkerIdThatIsNotHeldIsRefused() {
        assertThatIllegalStateException().isThrownBy(() -> generator.renewLease(leaseFromNow(3, 0)))
            .withMessageContaining("none");
        generator.installLease(leaseFromNow(3, 0));

        assertThatIllegalStateException().isThrownBy(() -> generator.renewLease(leaseFromNow(4, 0)))
            .withMessageContaining("on worker 3");
        assertThat(generator.lease()).map(WorkerLease::workerId).contains(3);
    }

    @Test
    void deadlineHoldsWhenTheMonotonicClockWrapsAround() {
        ManualTimeSource wrapping = new ManualTimeSource(Long.MAX_VALUE - Duration.ofSeconds(10).toNanos(),
                ManualTimeSource.DEFAULT_START);
        SnowflakeGenerator generator = SnowflakeGenerator.builder().timeSource(wrapping).build();
        generator.installLease(WorkerLease.until(3, 0, Long.MAX_VALUE, wrapping.peekNanos() + TTL.toNanos()));

        wrapping.advance(Duration.ofSeconds(30));
        long afterWrap = generator.nextId();
        wrapping.advance(Duration.ofSeconds(30));

        assertThat(generator.layout().decode(afterWrap).unixMillis())
            .isEqualTo(ManualTimeSource.DEFAULT_START.toEpochMilli() + 30_000);
        assertThatExceptionOfType(LeaseUnavailableException.class).isThrownBy(generator::nextId);
    }

    @Test
    void revokeStopsIssuingAndReportsATimestampAtOrAfterEveryIssuedOne() {
        generator.installLease(leaseFromNow(3, 0));
        long maxTimestamp = 0;
        for (int i = 0; i < 5; i++) {
            for (long id : generator.nextIds(1_000)) {
                maxTimestamp = Math.max(maxTimestamp, generator.layout().decode(id).unixMillis());
            }
            clock.advance(Duration.ofMillis(3));
        }

        long revoked = generator.revokeLease();

        assertThat(revoked).isGreaterThanOrEqualTo(maxTimestamp);
        assertThat(revoked).as("nothing was issued in the 3 ms since the last batch")
            .isLessThan(clock.peekWallMillis());
        assertThatExceptionOfType(LeaseUnavailableException.class).isThrownBy(generator::nextId);
        assertThat(generator.hasValidLease()).isFalse();
        assertThat(generator.lease()).isEmpty();
        assertThat(generator.lastTimestamp()).isEqualTo(revoked);
        assertThat(generator.revokeLease()).as("revoking again").isEqualTo(revoked);
    }

    @Test
    void callCaughtBetweenReadingTheLeaseAndIssuingIssuesNothingOnceRevokeHasReturned() throws Exception {
        generator.installLease(leaseFromNow(3, 0));
        long issued = generator.nextId();
        CountDownLatch caught = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        Thread[] caller = new Thread[1];
        clock.beforeEachNanoRead(() -> {
            if (Thread.currentThread() == caller[0] && caught.getCount() > 0) {
                caught.countDown();
                awaitQuietly(released);
            }
        });
        Future<Long> late = background.call(() -> {
            caller[0] = Thread.currentThread();
            return generator.nextId();
        });
        assertThat(caught.await(BackgroundCaller.PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

        long revoked = generator.revokeLease();
        clock.advance(Duration.ofMillis(1));
        released.countDown();

        assertThatThrownBy(() -> BackgroundCaller.result(late)).isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(LeaseUnavailableException.class);
        assertThat(revoked).isEqualTo(generator.layout().decode(issued).unixMillis());
        assertThat(generator.generatedCount()).isEqualTo(1);
    }

    @Test
    void revokingAnUnusedLeaseReportsJustBelowItsNotBefore() {
        long notBefore = clock.peekWallMillis() - 10;
        generator.installLease(WorkerLease.until(3, notBefore, Long.MAX_VALUE, clock.peekNanos() + TTL.toNanos()));

        assertThat(generator.revokeLease()).isEqualTo(notBefore - 1);
    }

    @Test
    void nextLeaseStartingAfterTheRevokedTimestampIssuesUnderItsWorkerAboveEveryEarlierId() {
        generator.installLease(leaseFromNow(1_000, 0));
        long[] earlier = generator.nextIds(100);
        long revoked = generator.revokeLease();
        clock.advance(Duration.ofMillis(1));

        generator.installLease(WorkerLease.until(3, revoked + 1, Long.MAX_VALUE, clock.peekNanos() + TTL.toNanos()));
        long next = generator.nextId();

        SnowflakeId decoded = generator.layout().decode(next);
        assertThat(decoded.workerId()).isEqualTo(3);
        assertThat(decoded.unixMillis()).isGreaterThan(revoked);
        assertThat(next).isGreaterThan(earlier[99]);
    }

    @Test
    void switchingToALowerWorkerIdWithinOneMillisecondWaitsForTheNextSoIdsStillIncrease() throws Exception {
        generator.installLease(leaseFromNow(1_000, 0));
        long earlier = generator.nextId();

        generator.installLease(leaseFromNow(3, 0));
        Future<Long> next = background.call(generator::nextId);
        BackgroundCaller.awaitReads(clock::nanoReads, clock.nanoReads(), 2);

        assertThat(next).as("an ID under worker 3 in the millisecond worker 1000 issued in").isNotDone();
        clock.advance(Duration.ofMillis(1));
        long id = BackgroundCaller.result(next);
        assertThat(id).isGreaterThan(earlier);
        assertThat(generator.layout().decode(id).workerId()).isEqualTo(3);
    }

    @Test
    void leaseWhoseNotBeforeIsAheadDelaysTheFirstIdUntilThen() throws Exception {
        long notBefore = clock.peekWallMillis() + 300;
        generator.installLease(leaseFromNow(3, notBefore));

        Future<Long> first = background.call(generator::nextId);
        BackgroundCaller.awaitReads(clock::nanoReads, clock.nanoReads(), 2);

        assertThat(first).as("an ID 300 ms before the lease's notBefore").isNotDone();
        assertThat(generator.lastTimestamp()).isEqualTo(notBefore - 1);
        clock.advance(Duration.ofMillis(300));
        SnowflakeId id = generator.layout().decode(BackgroundCaller.result(first));
        assertThat(id.unixMillis()).isEqualTo(notBefore);
        assertThat(id.workerId()).isEqualTo(3);
        assertThat(id.sequence()).isZero();
        assertThat(generator.clockBackwardsCount()).isZero();
        assertThat(generator.clockBackwardsRefusedCount()).isZero();
    }

    @Test
    void leaseWhoseNotBeforeIsFurtherAheadThanTheMaxWaitIsRefusedAsUnavailable() {
        long notBefore = clock.peekWallMillis() + 5_000;
        generator.installLease(leaseFromNow(3, notBefore));

        assertThatExceptionOfType(LeaseUnavailableException.class).isThrownBy(generator::nextId)
            .withMessageContaining("starts at " + Instant.ofEpochMilli(notBefore))
            .withMessageContaining("1000 ms");
        assertThat(generator.clockBackwardsRefusedCount()).isZero();

        clock.advance(Duration.ofMillis(5_000));
        long id = generator.nextId();
        assertThat(generator.layout().decode(id).unixMillis()).isEqualTo(notBefore);
    }

    @Test
    void leaseWhoseNotBeforeHasPassedIssuesAtTheCurrentMillisecond() {
        generator.installLease(leaseFromNow(3, clock.peekWallMillis() - 3_600_000));

        assertThat(generator.layout().decode(generator.nextId()).unixMillis()).isEqualTo(clock.peekWallMillis());
    }

    @Test
    void leaseWhoseNotBeforeLiesPastTheLayoutsRangeIsRefusedAndTheHeldOneKeepsIssuing() {
        generator.installLease(leaseFromNow(3, 0));
        long before = generator.nextId();
        long pastRange = generator.layout().maxUnixMillis() + 1;

        assertThatExceptionOfType(TimestampOutOfRangeException.class)
            .isThrownBy(() -> generator.installLease(leaseFromNow(4, pastRange)));

        long after = generator.nextId();
        assertThat(after).isEqualTo(before + 1);
        assertThat(generator.lease()).map(WorkerLease::workerId).contains(3);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(BackgroundCaller.PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private WorkerLease leaseFromNow(int workerId, long notBeforeUnixMillis) {
        return WorkerLease.until(workerId, notBeforeUnixMillis, Long.MAX_VALUE, clock.peekNanos() + TTL.toNanos());
    }

}
