package dev.snowcloud.id;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * A {@link TimeSource} that tests move by hand. The monotonic clock only moves when
 * told to (or by a fixed amount per read); the wall clock follows it and can also be
 * stepped on its own, as NTP or an operator would step it.
 */
final class ManualTimeSource implements TimeSource {

    /** An arbitrary origin for the monotonic clock, as {@link System#nanoTime()} has. */
    static final long DEFAULT_START_NANOS = 7_000_000_000_000L;

    /** A wall-clock start on a millisecond boundary, well inside the default layout. */
    static final Instant DEFAULT_START = Instant.parse("2026-11-28T07:00:00Z");

    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final Runnable NOTHING = () -> {
    };

    private final long startNanos;
    private final AtomicLong nanos;
    private final AtomicLong wallAtStartMillis;
    private final AtomicLong nanoReads = new AtomicLong();
    private final AtomicLong wallReads = new AtomicLong();
    private volatile long autoAdvanceNanos;
    private volatile Runnable beforeEachNanoRead = NOTHING;
    private volatile LongConsumer afterEachNanoRead = nanos -> {
    };
    private final AtomicReference<Runnable> beforeNextWallRead = new AtomicReference<>();

    ManualTimeSource() {
        this(DEFAULT_START_NANOS, DEFAULT_START);
    }

    ManualTimeSource(long startNanos, Instant wallClockStart) {
        this.startNanos = startNanos;
        this.nanos = new AtomicLong(startNanos);
        this.wallAtStartMillis = new AtomicLong(wallClockStart.toEpochMilli());
    }

    @Override
    public long currentTimeMillis() {
        Runnable hook = beforeNextWallRead.getAndSet(null);
        if (hook != null) {
            hook.run();
        }
        wallReads.incrementAndGet();
        return wallMillisAt(nanos.get());
    }

    @Override
    public long nanoTime() {
        beforeEachNanoRead.run();
        nanoReads.incrementAndGet();
        long read = nanos.addAndGet(autoAdvanceNanos);
        afterEachNanoRead.accept(read);
        return read;
    }

    /** Moves both clocks forward, as time passing does. */
    ManualTimeSource advance(Duration duration) {
        return advanceNanos(duration.toNanos());
    }

    ManualTimeSource advanceNanos(long delta) {
        if (delta < 0) {
            throw new IllegalArgumentException("The monotonic clock never goes back: " + delta);
        }
        nanos.addAndGet(delta);
        return this;
    }

    /** Steps only the wall clock, backwards for a negative duration; the monotonic clock stays. */
    ManualTimeSource stepWallClock(Duration step) {
        wallAtStartMillis.addAndGet(step.toMillis());
        return this;
    }

    /** Moves both clocks forward by this much on every {@link #nanoTime()} read. */
    ManualTimeSource autoAdvancePerRead(Duration perRead) {
        this.autoAdvanceNanos = perRead.toNanos();
        return this;
    }

    /** Runs {@code hook} before every monotonic read, for a test that moves time as a caller waits. */
    ManualTimeSource beforeEachNanoRead(Runnable hook) {
        this.beforeEachNanoRead = hook;
        return this;
    }

    /**
     * Runs {@code hook} after every monotonic read, with the value read, for a test that
     * stalls a caller holding a reading that is about to go stale.
     */
    ManualTimeSource afterEachNanoRead(LongConsumer hook) {
        this.afterEachNanoRead = hook;
        return this;
    }

    /** Runs {@code hook} once, just before the next wall-clock read. */
    ManualTimeSource beforeNextWallRead(Runnable hook) {
        this.beforeNextWallRead.set(hook);
        return this;
    }

    /** The monotonic reading now, without counting it as a read or advancing. */
    long peekNanos() {
        return nanos.get();
    }

    /** The wall-clock reading now, without counting it as a read. */
    long peekWallMillis() {
        return wallMillisAt(nanos.get());
    }

    long nanoReads() {
        return nanoReads.get();
    }

    long wallReads() {
        return wallReads.get();
    }

    private long wallMillisAt(long nanosNow) {
        return wallAtStartMillis.get() + Math.floorDiv(nanosNow - startNanos, NANOS_PER_MILLI);
    }

}
