package dev.snowcloud.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * How the generator pairs its two clocks: the monotonic one for lease deadlines and
 * elapsed time, the wall clock for timestamps.
 */
class ClockReadingTests {

    private static final int WORKER = 9;

    private final ManualTimeSource clock = new ManualTimeSource();

    @Test
    void hotPathReadsOnlyTheMonotonicClockBetweenResyncs() {
        SnowflakeGenerator generator = generator(Duration.ofMillis(100));
        generator.installLease(WorkerLease.fixed(WORKER));
        generator.nextId();
        long wallReads = clock.wallReads();
        long nanoReads = clock.nanoReads();

        for (int i = 0; i < 99; i++) {
            generator.nextId();
            clock.advance(Duration.ofMillis(1));
        }

        assertThat(clock.wallReads()).isEqualTo(wallReads);
        assertThat(clock.nanoReads() - nanoReads).isEqualTo(99);
    }

    @Test
    void idsFollowTheWallClockThroughTheMonotonicOneNeverAheadAndLessThanAMillisecondBehind() {
        // A wall reading is truncated to the millisecond, so a projection from it may lag
        // the wall clock by a fraction of one; it must never run ahead of it.
        SnowflakeGenerator generator = generator(Duration.ofMillis(100));
        generator.installLease(WorkerLease.fixed(WORKER));

        for (int i = 0; i < 1_000; i++) {
            long id = generator.nextId();
            long wall = clock.peekWallMillis();
            assertThat(generator.layout().decode(id).unixMillis()).isBetween(wall - 1, wall);
            clock.advanceNanos(999_999);
        }
    }

    @Test
    void zeroResyncReadsTheWallClockOnEveryCall() {
        SnowflakeGenerator generator = generator(Duration.ZERO);
        generator.installLease(WorkerLease.fixed(WORKER));
        long wallReads = clock.wallReads();

        for (int i = 0; i < 10; i++) {
            generator.nextId();
        }

        assertThat(clock.wallReads() - wallReads).isEqualTo(10);
    }

    @Test
    void pauseBetweenTheTwoClockReadsNeverStampsAnIdPastTheLeaseDeadline() {
        // With a resync on every call, each call reads the monotonic clock and then the
        // wall clock. A process stopped between the two (SIGSTOP, a long GC pause) past its
        // deadline must not issue an ID stamped with the wall time it wakes up to: the
        // worker ID may belong to someone else by then.
        SnowflakeGenerator generator = generator(Duration.ZERO);
        long deadlineWallMillis = clock.peekWallMillis() + 1_000;
        generator.installLease(WorkerLease.until(WORKER, 0, Long.MAX_VALUE, clock.peekNanos() + Duration.ofSeconds(1).toNanos()));
        generator.nextId();
        clock.advance(Duration.ofMillis(999));
        clock.beforeNextWallRead(() -> clock.advance(Duration.ofSeconds(10)));

        Throwable thrown = catchThrowable(() -> {
            long id = generator.nextId();
            assertThat(generator.layout().decode(id).unixMillis()).isLessThan(deadlineWallMillis);
        });

        assertThat(thrown).satisfiesAnyOf(t -> assertThat(t).isNull(),
                t -> assertThat(t).isInstanceOf(LeaseUnavailableException.class));
    }

    @Test
    void callerDescheduledBetweenTheTwoClockReadsDoesNotPushLaterIdsAheadOfTheWallClock() {
        // On the default path a caller that re-anchors reads the monotonic clock, then the
        // wall clock. On a loaded machine it can lose the CPU in between; the anchor it
        // stores must still pair a wall reading with the monotonic reading of that moment,
        // or every ID until the next resync carries a timestamp from the future.
        SnowflakeGenerator generator = generator(Duration.ofMillis(100));
        generator.installLease(WorkerLease.fixed(WORKER));
        generator.nextId();
        clock.advance(Duration.ofMillis(150));
        clock.beforeNextWallRead(() -> clock.advance(Duration.ofMillis(50)));

        long reanchoring = generator.nextId();
        long next = generator.nextId();
        clock.advance(Duration.ofMillis(100));
        long afterNextResync = generator.nextId();

        SnowflakeLayout layout = generator.layout();
        assertThat(layout.decode(reanchoring).unixMillis()).isLessThanOrEqualTo(clock.peekWallMillis() - 100);
        assertThat(layout.decode(next).unixMillis()).isLessThanOrEqualTo(clock.peekWallMillis() - 100);
        assertThat(layout.decode(afterNextResync).unixMillis()).isEqualTo(clock.peekWallMillis());
        assertThat(generator.clockBackwardsCount()).as("backward steps seen where the wall clock never stepped")
            .isZero();
    }

    @Test
    void callerThatLostTheCpuAfterReadingTheClockIsNotRefusedAsIfTheClockHadMovedBack() throws Exception {
        // A thread can lose the CPU between reading the clock and its compare-and-set while
        // other threads issue IDs in later milliseconds. Its reading then stands behind the
        // last timestamp although the clock never moved back: it must read the clock again,
        // not wait on (or, past maxBackwardWait, refuse over) a stale reading.
        SnowflakeGenerator generator = SnowflakeGenerator.builder()
            .timeSource(clock)
            .maxBackwardWait(Duration.ofMillis(10))
            .build();
        generator.installLease(WorkerLease.fixed(WORKER));
        generator.nextId();
        CountDownLatch holdingReading = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        Thread[] stalled = new Thread[1];
        clock.afterEachNanoRead(read -> {
            if (Thread.currentThread() == stalled[0] && holdingReading.getCount() > 0) {
                holdingReading.countDown();
                awaitQuietly(resume);
            }
        });
        try (BackgroundCaller background = new BackgroundCaller()) {
            Future<Long> late = background.call(() -> {
                stalled[0] = Thread.currentThread();
                return generator.nextId();
            });
            assertThat(holdingReading.await(BackgroundCaller.PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            // Within one resync interval, so the stalled caller's anchor is still current.
            clock.advance(Duration.ofMillis(50));
            long spent = generator.nextIds(4_096)[4_095];
            long reads = clock.nanoReads();

            resume.countDown();
            await().atMost(BackgroundCaller.PATIENCE).until(() -> late.isDone() || clock.nanoReads() - reads >= 2);
            clock.advance(Duration.ofMillis(1));

            long id = BackgroundCaller.result(late);
            assertThat(id).isGreaterThan(spent);
            assertThat(generator.layout().decode(id).unixMillis()).isEqualTo(clock.peekWallMillis());
            assertThat(generator.clockBackwardsRefusedCount()).isZero();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(BackgroundCaller.PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private SnowflakeGenerator generator(Duration resync) {
        return SnowflakeGenerator.builder().timeSource(clock).wallClockResync(resync).build();
    }

}
