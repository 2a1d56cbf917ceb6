package dev.snowcloud.id;

import static dev.snowcloud.id.SnowflakeLayout.MAX_SEQUENCE;
import static dev.snowcloud.id.SnowflakeLayout.sequenceOf;
import static dev.snowcloud.id.SnowflakeLayout.timestampOf;
import static dev.snowcloud.id.SnowflakeLayout.workerIdOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A generator built with {@code workers(n)} issues from up to {@code n} leases: in the
 * process's current millisecond from the slot with the lowest worker ID that has sequence
 * numbers left, skipping slots it cannot issue from, refusing only when none can.
 */
@Timeout(60)
class SeveralWorkersTests {

    private static final int PER_MILLI = MAX_SEQUENCE + 1;
    private static final Duration TTL = Duration.ofSeconds(60);

    private final ManualTimeSource clock = new ManualTimeSource();

    private final SnowflakeGenerator generator = SnowflakeGenerator.builder().timeSource(clock).workers(4).build();

    private WorkerLease lease(int workerId) {
        long now = clock.peekWallMillis();
        return WorkerLease.until(workerId, now, now + TTL.toMillis(), clock.peekNanos() + TTL.toNanos());
    }

    @Test
    void issuesFromTheLowestWorkerIdFirstAndMovesUpWhenItsSequenceRunsOut() {
        generator.installLease(0, lease(9));
        generator.installLease(1, lease(2));
        generator.installLease(2, lease(5));
        clock.advance(Duration.ofMillis(1));

        long[] ids = generator.nextIds(3 * PER_MILLI);

        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(workerIdOf(ids[0])).isEqualTo(2);
        assertThat(workerIdOf(ids[PER_MILLI - 1])).isEqualTo(2);
        assertThat(workerIdOf(ids[PER_MILLI])).isEqualTo(5);
        assertThat(workerIdOf(ids[2 * PER_MILLI])).isEqualTo(9);
        assertThat(sequenceOf(ids[2 * PER_MILLI])).isZero();
        assertThat(timestampOf(ids[0])).isEqualTo(timestampOf(ids[3 * PER_MILLI - 1]));
        assertThat(generator.generatedCount()).isEqualTo(3 * PER_MILLI);
        assertThat(generator.generatedCount(1)).isEqualTo(PER_MILLI);
        assertThat(generator.generatedCount(3)).isZero();
        assertThat(generator.sequenceExhaustedCount()).isZero();
    }

    @Test
    void waitsForTheNextMillisecondOnlyOnceEverySlotRanOut() {
        generator.installLease(0, lease(1));
        generator.installLease(1, lease(2));
        clock.advance(Duration.ofMillis(1));
        long millisecond = timestampOf(generator.nextIds(2 * PER_MILLI)[0]);
        clock.autoAdvancePerRead(Duration.ofNanos(200_000));

        long next = generator.nextId();

        assertThat(timestampOf(next)).isGreaterThan(millisecond);
        assertThat(workerIdOf(next)).isEqualTo(1);
        assertThat(generator.sequenceExhaustedCount()).isEqualTo(1);
    }

    @Test
    void aBatchLargerThanOneWorkersMillisecondSpansSlotsInOrder() {
        for (int slot = 0; slot < 4; slot++) {
            generator.installLease(slot, lease(100 + slot));
        }
        clock.advance(Duration.ofMillis(1));

        long[] ids = generator.nextIds(10_000);

        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(timestampOf(ids[0])).isEqualTo(timestampOf(ids[9_999]));
        assertThat(workerIdOf(ids[9_999])).isEqualTo(102);
        assertThat(sequenceOf(ids[9_999])).isEqualTo(10_000 - 2 * PER_MILLI - 1);
    }

    @Test
    void skipsALapsedSlotAndRefusesOnlyWhenNoneIsLeft() {
        long now = clock.peekWallMillis();
        generator.installLease(0, WorkerLease.until(1, now, now + 60_000, clock.peekNanos() + 5_000_000));
        generator.installLease(1, WorkerLease.until(2, now, now + 60_000, clock.peekNanos() + 10_000_000));
        clock.advance(Duration.ofMillis(6));

        assertThat(workerIdOf(generator.nextId())).isEqualTo(2);
        assertThat(generator.hasValidLease(0)).isFalse();
        assertThat(generator.hasValidLease()).isTrue();
        assertThat(generator.leaseRemaining()).isEqualTo(Duration.ofMillis(4));

        clock.advance(Duration.ofMillis(5));
        assertThatExceptionOfType(LeaseUnavailableException.class).isThrownBy(generator::nextId)
            .withMessageContaining("passed its deadline");
        assertThat(generator.hasValidLease()).isFalse();
        assertThat(generator.leaseRemaining()).isZero();
    }

    @Test
    void skipsASlotPastItsFenceAndRefusesWithTheFenceWhenNoneIsLeft() {
        long now = clock.peekWallMillis();
        long deadline = clock.peekNanos() + TTL.toNanos();
        generator.installLease(0, WorkerLease.until(1, now, now + 2, deadline));
        generator.installLease(1, WorkerLease.until(2, now, now + 4, deadline));
        clock.advance(Duration.ofMillis(3));

        assertThat(workerIdOf(generator.nextId())).isEqualTo(2);

        clock.advance(Duration.ofMillis(2));
        assertThatExceptionOfType(LeaseFenceException.class).isThrownBy(generator::nextId)
            .satisfies(refusal -> assertThat(refusal.timestampUnixMillis()).isEqualTo(now + 5));
        assertThat(generator.fenceRefusedCount()).isEqualTo(1);
    }

    @Test
    void refusesAtOnceWhenTheOnlySlotsLeftRanOutInTheirLastMillisecond() {
        long now = clock.peekWallMillis();
        long deadline = clock.peekNanos() + TTL.toNanos();
        generator.installLease(0, WorkerLease.until(1, now, now + 1, deadline));
        clock.advance(Duration.ofMillis(1));
        generator.nextIds(PER_MILLI);

        assertThatExceptionOfType(LeaseFenceException.class).isThrownBy(generator::nextId);
    }

    @Test
    void withoutAnyLeaseItRefuses() {
        assertThatExceptionOfType(LeaseUnavailableException.class).isThrownBy(generator::nextId)
            .withMessageContaining("No worker lease is held");
        generator.installLease(2, lease(4));
        generator.revokeLease(2);
        assertThatExceptionOfType(LeaseUnavailableException.class).isThrownBy(generator::nextId)
            .withMessageContaining("No worker lease is held");
    }

    @Test
    void aSlotInstalledDuringAMillisecondIssuesOnlyFromTheNext() {
        generator.installLease(0, lease(9));
        clock.advance(Duration.ofMillis(1));
        long before = generator.nextId();

        generator.installLease(1, lease(2));
        long sameMillisecond = generator.nextId();
        clock.advance(Duration.ofMillis(1));
        long nextMillisecond = generator.nextId();

        assertThat(workerIdOf(sameMillisecond)).isEqualTo(9);
        assertThat(sameMillisecond).isGreaterThan(before);
        assertThat(workerIdOf(nextMillisecond)).isEqualTo(2);
        assertThat(timestampOf(nextMillisecond)).isEqualTo(timestampOf(before) + 1);
    }

    @Test
    void aRenewedSlotIssuesOnlyFromTheNextMillisecond() {
        long now = clock.peekWallMillis();
        generator.installLease(0, WorkerLease.until(2, now, now + 1, clock.peekNanos() + TTL.toNanos()));
        generator.installLease(1, lease(9));
        clock.advance(Duration.ofMillis(2));
        long fromNine = generator.nextId();
        assertThat(workerIdOf(fromNine)).isEqualTo(9);

        generator.renewLease(0, WorkerLease.until(2, now, now + 60_000, clock.peekNanos() + TTL.toNanos()));
        long sameMillisecond = generator.nextId();
        clock.advance(Duration.ofMillis(1));
        long nextMillisecond = generator.nextId();

        assertThat(sameMillisecond).isGreaterThan(fromNine);
        assertThat(workerIdOf(sameMillisecond)).isEqualTo(9);
        assertThat(workerIdOf(nextMillisecond)).isEqualTo(2);
    }

    @Test
    void aSlotWhoseLeaseStartsLaterIsWaitedForOnlyWhenNoOtherCanIssue() {
        long now = clock.peekWallMillis();
        generator.installLease(0, WorkerLease.until(1, now + 5, now + 60_000, clock.peekNanos() + TTL.toNanos()));
        generator.installLease(1, lease(7));
        clock.advance(Duration.ofMillis(1));

        assertThat(workerIdOf(generator.nextId())).isEqualTo(7);

        generator.revokeLease(1);
        clock.autoAdvancePerRead(Duration.ofMillis(1));
        long first = generator.nextId();
        assertThat(workerIdOf(first)).isEqualTo(1);
        assertThat(generator.layout().decode(first).unixMillis()).isEqualTo(now + 5);
    }

    @Test
    void aSlotThatRanOutIsWaitedForRatherThanOneStartingBeyondTheWait() {
        long now = clock.peekWallMillis();
        long deadline = clock.peekNanos() + TTL.toNanos();
        // Both orders: the later-starting slot tried first, and tried last.
        generator.installLease(0, WorkerLease.until(1, now + 5_000, now + 60_000, deadline));
        generator.installLease(1, WorkerLease.until(2, now, now + 60_000, deadline));
        generator.installLease(2, WorkerLease.until(3, now + 5_000, now + 60_000, deadline));
        clock.advance(Duration.ofMillis(1));
        long millisecond = timestampOf(generator.nextIds(PER_MILLI)[0]);
        clock.autoAdvancePerRead(Duration.ofNanos(200_000));

        long next = generator.nextId();

        assertThat(workerIdOf(next)).isEqualTo(2);
        assertThat(timestampOf(next)).isEqualTo(millisecond + 1);
    }

    @Test
    void pastTheLayoutsLastMillisecondItRefuses() {
        ManualTimeSource clock = new ManualTimeSource(ManualTimeSource.DEFAULT_START_NANOS, java.time.Instant
            .ofEpochMilli(SnowflakeLayout.DEFAULT_EPOCH.toEpochMilli() + SnowflakeLayout.MAX_TIMESTAMP));
        SnowflakeGenerator generator = SnowflakeGenerator.builder().timeSource(clock).workers(2).build();
        generator.installLease(0, WorkerLease.fixed(1));
        generator.installLease(1, WorkerLease.fixed(2));
        assertThat(timestampOf(generator.nextId())).isEqualTo(SnowflakeLayout.MAX_TIMESTAMP);
        clock.advance(Duration.ofMillis(1));
        assertThatExceptionOfType(TimestampOutOfRangeException.class).isThrownBy(generator::nextId);
    }

    @Test
    void aRefusedCallLeavesTheProcessesMillisecondWhereItWas() {
        generator.installLease(0, lease(3));
        clock.advance(Duration.ofMillis(1));
        long before = generator.nextId();
        // The wall clock jumps far past every fence, then is put right: the refusals during the jump
        // must not hold every slot at the jumped millisecond once the clock reads true again.
        clock.stepWallClock(Duration.ofMinutes(10)).advance(Duration.ofMillis(200));
        assertThatExceptionOfType(LeaseFenceException.class).isThrownBy(generator::nextId);
        clock.stepWallClock(Duration.ofMinutes(-10)).advance(Duration.ofMillis(200));

        long after = generator.nextId();

        assertThat(after).isGreaterThan(before);
        assertThat(timestampOf(after) + SnowflakeLayout.DEFAULT_EPOCH.toEpochMilli()).isEqualTo(clock.peekWallMillis());
    }

    @Test
    void aLapsedSlotIsReportedWithHowLongAgoItsDeadlinePassed() {
        long now = clock.peekWallMillis();
        generator.installLease(0, WorkerLease.until(1, now, now + 60_000, clock.peekNanos() + 5_000_000));
        clock.advance(Duration.ofMillis(12));
        assertThatExceptionOfType(LeaseUnavailableException.class).isThrownBy(generator::nextId)
            .withMessage("The lease on worker 1 passed its deadline 7 ms ago; not issuing IDs until it is renewed"
                    + " or replaced");
    }

    @Test
    void aLeaseStartingBeyondTheWaitIsRefusedWithItsStart() {
        long now = clock.peekWallMillis();
        generator.installLease(0, WorkerLease.until(1, now + 5_000, now + 60_000, clock.peekNanos() + TTL.toNanos()));

        assertThatExceptionOfType(LeaseUnavailableException.class).isThrownBy(generator::nextId)
            .withMessageContaining("starts at");
    }

    @Test
    void aWallClockThatSteppedBackIsOutwaitedInTheProcessesMillisecond() {
        SnowflakeGenerator generator = SnowflakeGenerator.builder()
            .timeSource(clock)
            .workers(2)
            .wallClockResync(Duration.ZERO)
            .build();
        long now = clock.peekWallMillis();
        long deadline = clock.peekNanos() + TTL.toNanos();
        generator.installLease(0, WorkerLease.until(1, now - 10_000, now + 60_000, deadline));
        generator.installLease(1, WorkerLease.until(2, now - 10_000, now + 60_000, deadline));
        clock.advance(Duration.ofMillis(5));
        long before = generator.nextId();
        clock.stepWallClock(Duration.ofMillis(-3));
        clock.advance(Duration.ofMillis(1));

        long after = generator.nextId();
        assertThat(after).isGreaterThan(before);
        assertThat(timestampOf(after)).isEqualTo(timestampOf(before));

        clock.stepWallClock(Duration.ofMillis(-1_500));
        clock.advance(Duration.ofMillis(200));
        generator.nextIds(2 * PER_MILLI - 2);
        assertThatExceptionOfType(ClockMovedBackwardsException.class).isThrownBy(generator::nextId);
        assertThat(generator.clockBackwardsRefusedCount()).isEqualTo(1);
    }

    @Test
    void revokingOneSlotLeavesTheOthersIssuingAndReportsItsOwnWatermark() {
        generator.installLease(0, lease(1));
        generator.installLease(1, lease(2));
        clock.advance(Duration.ofMillis(1));
        long fromOne = generator.nextId();
        clock.advance(Duration.ofMillis(1));
        generator.nextIds(PER_MILLI + 1);

        long watermark = generator.revokeLease(1);
        assertThat(watermark).isEqualTo(generator.layout().decode(fromOne).unixMillis() + 1);
        assertThat(generator.lease(1)).isEmpty();
        assertThat(generator.lastTimestamp(0)).isEqualTo(watermark);
        clock.advance(Duration.ofMillis(1));
        assertThat(workerIdOf(generator.nextId())).isEqualTo(1);
    }

    @Test
    void twoSlotsNeverHoldOneWorkerIdOverTheSameTimestamps() {
        long now = clock.peekWallMillis();
        long deadline = clock.peekNanos() + TTL.toNanos();
        generator.installLease(0, WorkerLease.until(5, now, now + 100, deadline));

        assertThatIllegalStateException()
            .isThrownBy(() -> generator.installLease(1, WorkerLease.until(5, now + 100, now + 200, deadline)))
            .withMessageContaining("Worker 5 is already held by another slot");
        assertThat(generator.lease(1)).isEmpty();
        assertThatIllegalStateException()
            .isThrownBy(() -> generator.installLease(1, WorkerLease.until(5, now - 100, now, deadline)));
        // The delegator hands a lapsed ID on above its old fence: then the two never meet.
        generator.installLease(1, WorkerLease.until(5, now + 101, now + 200, deadline));
        // Reinstalling a slot's own worker ID is a replacement, not a second holder.
        generator.installLease(0, WorkerLease.until(5, now, now + 100, deadline));
    }

    @Test
    void theSlotArgumentIsChecked() {
        assertThat(generator.workers()).isEqualTo(4);
        assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> generator.installLease(4, lease(1)));
        assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> generator.revokeLease(-1));
        assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> generator.lease(4));
        assertThatIllegalStateException().isThrownBy(() -> generator.renewLease(3, lease(1)))
            .withMessageContaining("the held lease is none");
    }

    @Test
    void theNumberOfWorkersIsBounded() {
        assertThatIllegalArgumentException().isThrownBy(() -> SnowflakeGenerator.builder().workers(0))
            .withMessage("workers must be 1..64: 0");
        assertThatIllegalArgumentException().isThrownBy(() -> SnowflakeGenerator.builder().workers(65));
        assertThat(SnowflakeGenerator.builder().workers(64).build().workers()).isEqualTo(64);
        assertThatIllegalArgumentException().isThrownBy(SnowflakeGenerator::withFixedWorkerIds);
        assertThatIllegalArgumentException().isThrownBy(() -> SnowflakeGenerator.withFixedWorkerIds(3, 3))
            .withMessageContaining("Worker 3 is already held");
        SnowflakeGenerator fixed = SnowflakeGenerator.withFixedWorkerIds(3, 1);
        assertThat(workerIdOf(fixed.nextId())).isEqualTo(1);
        assertThat(fixed.leaseRemaining()).isEqualTo(SnowflakeGenerator.FOREVER);
    }

    /**
     * Threads issuing from four slots while their leases are renewed, replaced by others and
     * revoked: no ID repeats, and each thread's IDs strictly increase.
     */
    @Test
    void eachThreadsIdsStrictlyIncreaseWhileLeasesChange() throws Exception {
        SnowflakeGenerator live = SnowflakeGenerator.builder().workers(4).build();
        TimeSource system = TimeSource.system();
        for (int slot = 0; slot < 4; slot++) {
            live.installLease(slot, WorkerLease.until(slot * 10, 0, Long.MAX_VALUE, system.nanoTime() + TTL.toNanos()));
        }
        int threads = 4;
        int perThread = 300_000;
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        AtomicLong total = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean done = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            boolean batches = t % 2 == 0;
            workers.add(started(() -> {
                try {
                    start.await();
                    long previous = -1;
                    int issued = 0;
                    long[] batch = new long[ThreadLocalRandom.current().nextInt(1, 9_000)];
                    while (issued < perThread) {
                        if (batches) {
                            live.nextIds(batch, 0, batch.length);
                            for (long id : batch) {
                                check(previous, id, seen);
                                previous = id;
                            }
                            issued += batch.length;
                        }
                        else {
                            long id = live.nextId();
                            check(previous, id, seen);
                            previous = id;
                            issued++;
                        }
                    }
                    total.addAndGet(issued);
                }
                catch (Throwable ex) {
                    failure.compareAndSet(null, ex);
                }
            }));
        }
        Thread churn = started(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            int round = 0;
            while (!done.get()) {
                int slot = random.nextInt(1, 4);
                WorkerLease held = live.lease(slot).orElseThrow();
                long deadline = system.nanoTime() + TTL.toNanos();
                switch (round++ % 3) {
                    case 0 -> live.renewLease(slot, WorkerLease.until(held.workerId(), 0, Long.MAX_VALUE, deadline));
                    case 1 -> live.installLease(slot,
                            WorkerLease.until(held.workerId() ^ 1, 0, Long.MAX_VALUE, deadline));
                    default -> {
                        live.revokeLease(slot);
                        live.installLease(slot, WorkerLease.until(held.workerId(), 0, Long.MAX_VALUE, deadline));
                    }
                }
                Thread.onSpinWait();
            }
        });
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        done.set(true);
        churn.join();
        assertThat(failure.get()).isNull();
        assertThat(seen).hasSize((int) total.get());
        Set<Integer> workerIds = new HashSet<>();
        seen.forEach(id -> workerIds.add(workerIdOf(id)));
        assertThat(workerIds.size()).isGreaterThan(1);
    }

    /**
     * A thread that finds a lower slot locked while its lease is replaced must wait for it, not
     * issue from a higher worker ID: the replaced slot may start in the millisecond the thread
     * has just moved the process to, and the thread's next ID would then be the lower one.
     */
    @Test
    void aThreadWaitsForALowerSlotBeingReplacedRatherThanIssueAboveIt() throws Exception {
        SnowflakeGenerator live = SnowflakeGenerator.builder().workers(2).build();
        TimeSource system = TimeSource.system();
        live.installLease(1, WorkerLease.until(5, 0, Long.MAX_VALUE, system.nanoTime() + TTL.toNanos()));
        live.installLease(0, WorkerLease.until(2, 0, Long.MAX_VALUE, system.nanoTime() + TTL.toNanos()));
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            threads.add(started(() -> {
                long previous = -1;
                try {
                    while (!done.get()) {
                        long id = live.nextId();
                        if (id <= previous) {
                            throw new AssertionError("ID " + id + " (worker " + workerIdOf(id) + ") after " + previous
                                    + " (worker " + workerIdOf(previous) + ") on one thread");
                        }
                        previous = id;
                    }
                }
                catch (Throwable ex) {
                    failure.compareAndSet(null, ex);
                    done.set(true);
                }
            }));
        }
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        int round = 0;
        while (!done.get() && System.nanoTime() - until < 0) {
            // Worker 2 and 3 in turn, both below slot 1's worker 5 and over disjoint timestamps from slot 1.
            live.installLease(0, WorkerLease.until(2 + (round++ & 1), 0, Long.MAX_VALUE,
                    system.nanoTime() + TTL.toNanos()));
        }
        done.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failure.get()).isNull();
        assertThat(round).isGreaterThan(1_000);
    }

    private static Thread started(Runnable task) {
        Thread thread = new Thread(task);
        thread.start();
        return thread;
    }

    private static void check(long previous, long id, Set<Long> seen) {
        if (id <= previous) {
            throw new AssertionError("ID " + id + " after " + previous + " on one thread");
        }
        if (!seen.add(id)) {
            throw new AssertionError("ID " + id + " issued twice");
        }
    }

}
