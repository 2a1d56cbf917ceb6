package dev.snowcloud.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/**
 * No ID carries a timestamp outside the held lease's {@code notBefore..maxTimestamp},
 * whatever the clocks did, and no call that checked one lease issues on the state of
 * another.
 */
class TimestampFenceTests {

    private static final Duration TTL = Duration.ofSeconds(60);
    private static final long SKEW_MILLIS = 1_000;

    private final ManualTimeSource clock = new ManualTimeSource();

    private final SnowflakeGenerator generator = SnowflakeGenerator.builder().timeSource(clock).build();

    @Test
    void noIdCarriesATimestampAboveTheLeasesMaxTimestamp() {
        long start = clock.peekWallMillis();
        generator.installLease(WorkerLease.until(3, start, start + 10, clock.peekNanos() + TTL.toNanos()));

        clock.advance(Duration.ofMillis(10));
        long last = generator.nextId();
        assertThat(generator.layout().decode(last).unixMillis()).isEqualTo(start + 10);
        clock.advance(Duration.ofMillis(1));

        assertThatExceptionOfType(LeaseFenceException.class).isThrownBy(generator::nextId)
            .withMessageContaining("1 ms past the lease on worker 3")
            .satisfies(refusal -> {
                assertThat(refusal.timestampUnixMillis()).isEqualTo(start + 11);
                assertThat(refusal.maxTimestampUnixMillis()).isEqualTo(start + 10);
            });
        assertThatExceptionOfType(LeaseFenceException.class).isThrownBy(() -> generator.nextIds(10));
        assertThat(generator.fenceRefusedCount()).isEqualTo(2);
        assertThat(generator.hasValidLease()).isFalse();
        assertThat(generator.leaseRemaining()).isPositive();
        assertThat(generator.lastTimestamp()).isEqualTo(start + 10);
    }

    @Test
    void theLastMillisecondOfTheFenceIsUsedUpAndNotPassed() {
        long start = clock.peekWallMillis();
        generator.installLease(WorkerLease.until(3, start, start, clock.peekNanos() + TTL.toNanos()));

        long[] ids = generator.nextIds(SnowflakeLayout.MAX_SEQUENCE + 1);

        assertThat(generator.layout().decode(ids[ids.length - 1]).sequence()).isEqualTo(SnowflakeLayout.MAX_SEQUENCE);
        assertThatExceptionOfType(LeaseFenceException.class).isThrownBy(generator::nextId);
    }

    @Test
    void aSuspendedHostIsStoppedByTheFenceThoughItsMonotonicDeadlineLiesAhead() {
        long start = clock.peekWallMillis();
        long expiry = start + TTL.toMillis();
        generator.installLease(WorkerLease.until(3, start, expiry + SKEW_MILLIS, clock.peekNanos() + TTL.toNanos()));
        generator.nextId();

        // Suspended for twice the ttl: the monotonic clock stood still, the wall clock did not.
        clock.stepWallClock(TTL.multipliedBy(2));
        clock.advance(Duration.ofMillis(200));

        assertThatExceptionOfType(LeaseFenceException.class).isThrownBy(generator::nextId);
        assertThat(generator.hasValidLease()).isFalse();
        assertThat(generator.leaseRemaining()).isGreaterThan(TTL.minusSeconds(1));
    }

    @Test
    void aRenewalRaisesTheFenceAndIssuingCarriesOn() {
        long start = clock.peekWallMillis();
        WorkerLease lease = WorkerLease.until(3, start, start + 5, clock.peekNanos() + TTL.toNanos());
        generator.installLease(lease);
        long before = generator.nextId();
        clock.advance(Duration.ofMillis(6));
        assertThatExceptionOfType(LeaseFenceException.class).isThrownBy(generator::nextId);

        generator.renewLease(WorkerLease.until(3, start, start + 1_000, clock.peekNanos() + TTL.toNanos()));

        assertThat(generator.nextId()).isGreaterThan(before);
        assertThat(generator.hasValidLease()).isTrue();
    }

    @Test
    void aNewLeaseBelowTheLastIssuedTimestampIssuesNothing() {
        long start = clock.peekWallMillis();
        generator.installLease(WorkerLease.until(3, start, start + 1_000, clock.peekNanos() + TTL.toNanos()));
        clock.advance(Duration.ofMillis(20));
        generator.nextId();

        // IDs never go back, and this lease covers nothing above what was already issued.
        generator.installLease(WorkerLease.until(4, start, start + 20, clock.peekNanos() + TTL.toNanos()));

        assertThatExceptionOfType(LeaseFenceException.class).isThrownBy(generator::nextId);
    }

    @Test
    void aRenewalThatRaisesNotBeforeMovesIssuingAboveIt() {
        long start = clock.peekWallMillis();
        generator.installLease(WorkerLease.until(3, start, start + 60_000, clock.peekNanos() + TTL.toNanos()));
        generator.nextId();

        // A delegator that re-claimed this lapsed lease after a new Redis run starts it above every lost grant.
        generator.renewLease(WorkerLease.until(3, start + 5_000, start + 60_000, clock.peekNanos() + TTL.toNanos()));
        clock.advance(Duration.ofSeconds(1));
        assertThatExceptionOfType(LeaseUnavailableException.class).isThrownBy(generator::nextId)
            .withMessageContaining("ms ahead of this clock");
        clock.advance(Duration.ofSeconds(4));

        assertThat(generator.layout().decode(generator.nextId()).unixMillis()).isEqualTo(start + 5_000);
    }

    @Test
    void aFixedLeaseHasNoFence() {
        assertThat(WorkerLease.fixed(5).maxTimestampUnixMillis()).isEqualTo(Long.MAX_VALUE);
        generator.installLease(WorkerLease.fixed(5));
        clock.stepWallClock(Duration.ofDays(3_650));
        clock.advance(Duration.ofMillis(200));

        assertThat(generator.nextId()).isPositive();
        assertThat(generator.hasValidLease()).isTrue();
    }

    @Test
    void aLeaseCannotEndBeforeItStarts() {
        assertThatIllegalArgumentException().isThrownBy(() -> WorkerLease.until(3, 100, 99, 0))
            .withMessageContaining("cannot end");
    }

    @Test
    void aCallThatCheckedTheOldLeaseDoesNotIssueUnderANewShorterOne() {
        long start = clock.peekWallMillis();
        generator.installLease(WorkerLease.until(3, start, start + 60_000, clock.peekNanos() + TTL.toNanos()));
        generator.nextId();
        // The next caller is stalled between its reads while the lease moves to worker 4,
        // whose deadline has already passed: it must not issue under worker 4.
        AtomicBoolean switched = new AtomicBoolean();
        clock.beforeEachNanoRead(() -> {
            if (switched.compareAndSet(false, true)) {
                clock.advance(Duration.ofMillis(1));
                generator.installLease(WorkerLease.until(4, start, start + 60_000, clock.peekNanos()));
            }
        });

        assertThatExceptionOfType(LeaseUnavailableException.class).isThrownBy(generator::nextId)
            .withMessageContaining("worker 4 passed its deadline");
        assertThat(switched).isTrue();
    }

    @Test
    void aCallThatCheckedTheOldTermsDoesNotIssueAfterARenewalNarrowsThem() {
        long start = clock.peekWallMillis();
        generator.installLease(WorkerLease.until(3, start, start + 60_000, clock.peekNanos() + TTL.toNanos()));
        long before = generator.nextId();
        AtomicBoolean renewed = new AtomicBoolean();
        clock.beforeEachNanoRead(() -> {
            if (renewed.compareAndSet(false, true)) {
                // A replica with a shorter ttl answered the renewal: the deadline is now.
                generator.renewLease(WorkerLease.until(3, start, start + 60_000, clock.peekNanos()));
            }
        });

        assertThatExceptionOfType(LeaseUnavailableException.class).isThrownBy(generator::nextId)
            .withMessageContaining("worker 3 passed its deadline");
        assertThat(generator.lastTimestamp()).isGreaterThanOrEqualTo(generator.layout().decode(before).unixMillis());
    }

    @Test
    void noIdIsIssuedUnderAnExpiredLeaseWhileLeasesSwitchUnderLoad() throws Exception {
        SnowflakeGenerator shared = SnowflakeGenerator.builder().build();
        long now = System.currentTimeMillis();
        int rounds = 2_000;
        Set<Integer> seenWorkers = ConcurrentHashMap.newKeySet();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean done = new AtomicBoolean();
        shared.installLease(WorkerLease.until(0, now, now + 3_600_000, System.nanoTime() + Duration.ofHours(1).toNanos()));
        CountDownLatch started = new CountDownLatch(4);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                started.countDown();
                while (!done.get()) {
                    try {
                        seenWorkers.add(shared.layout().decode(shared.nextId()).workerId());
                    }
                    catch (LeaseUnavailableException expected) {
                        Thread.onSpinWait();
                    }
                    catch (Throwable unexpected) {
                        failure.compareAndSet(null, unexpected);
                        return;
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        started.await();
        for (int round = 1; round <= rounds; round++) {
            // Odd worker IDs get leases whose deadline has already passed: nothing may carry them.
            long deadline = round % 2 == 1 ? System.nanoTime() - 1 : System.nanoTime() + Duration.ofHours(1).toNanos();
            shared.installLease(WorkerLease.until(round % 1_024, now, now + 3_600_000, deadline));
            Thread.yield();
        }
        done.set(true);
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(failure.get()).isNull();
        assertThat(seenWorkers).allSatisfy(worker -> assertThat(worker % 2).as("worker %d", worker).isZero());
        assertThat(seenWorkers).hasSizeGreaterThan(1);
    }

}
