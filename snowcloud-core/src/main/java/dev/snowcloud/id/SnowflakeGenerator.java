package dev.snowcloud.id;

import static dev.snowcloud.id.SnowflakeLayout.MAX_SEQUENCE;
import static dev.snowcloud.id.SnowflakeLayout.MAX_TIMESTAMP;
import static dev.snowcloud.id.SnowflakeLayout.pack;
import static dev.snowcloud.id.SnowflakeLayout.sequenceOf;
import static dev.snowcloud.id.SnowflakeLayout.timestampOf;
import static dev.snowcloud.id.SnowflakeLayout.workerIdOf;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Issues unique, strictly increasing snowflake IDs under a {@link WorkerLease},
 * lock-free and with no I/O.
 * <p>
 * One {@link AtomicLong} holds the last issued ID itself: timestamp, worker ID and
 * sequence. Every ID is a successful compare-and-set from a smaller value to a
 * larger one, so no value repeats and IDs strictly increase, across threads and
 * across changes of worker ID. The sign bit, never set in an ID, fences the state
 * while the lease is released or replaced: every compare-and-set in flight then
 * fails, so the timestamp reported on release covers every ID ever issued.
 * <p>
 * Each ID's timestamp also lies within the lease's {@code notBefore..maxTimestamp}: the
 * delegator sets the next holder's {@code notBefore} above every {@code maxTimestamp} it
 * granted, so that fence keeps two holders of one worker ID apart whatever their clocks'
 * rates, where the monotonic deadline alone assumes the delegator's clock never runs
 * faster than this one (a suspended host breaks that).
 * <p>
 * The hot path reads one clock, the monotonic one. It checks the lease deadline
 * against that reading and derives the wall-clock millisecond from it through an
 * anchor re-read from the wall clock every {@code wallClockResync}. A wall clock
 * that steps backwards is therefore seen at the next re-anchoring; the generator
 * then continues from the last issued timestamp while sequence numbers last and
 * waits, or throws {@link ClockMovedBackwardsException} if the wait would exceed
 * {@code maxBackwardWait}.
 * <p>
 * {@link #installLease}, {@link #renewLease} and {@link #revokeLease} are meant to be
 * called by one thread at a time (the lease lifecycle); {@link #nextId} and
 * {@link #nextIds} by any number of threads.
 */
public final class SnowflakeGenerator {

    private static final System.Logger LOG = System.getLogger(SnowflakeGenerator.class.getName());
    private static final long FENCE = Long.MIN_VALUE;
    private static final long NANOS_PER_MILLI = 1_000_000L;
    /** Wall-clock regressions smaller than this are NTP slew and rounding, not counted as steps. */
    private static final long BACKWARD_STEP_TOLERANCE_MILLIS = 1;
    /** What {@link #leaseRemaining()} reports for a fixed lease. */
    public static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);

    private final SnowflakeLayout layout;
    private final TimeSource time;
    private final long epochMillis;
    private final long maxBackwardWaitMillis;
    private final long resyncNanos;

    private final AtomicLong state = new AtomicLong(FENCE);
    private final AtomicReference<Anchor> anchor;
    private volatile WorkerLease lease;
    private final AtomicLong lastExhaustedMillis = new AtomicLong(-1);

    private final LongAdder generated = new LongAdder();
    private final LongAdder sequenceExhausted = new LongAdder();
    private final LongAdder clockBackwards = new LongAdder();
    private final LongAdder clockBackwardsRefused = new LongAdder();
    private final LongAdder fenceRefused = new LongAdder();
    private final AtomicReference<WorkerLease> fenceLoggedFor = new AtomicReference<>();

    private SnowflakeGenerator(Builder builder) {
        this.layout = builder.layout;
        this.time = builder.timeSource;
        this.epochMillis = layout.epochMillis();
        this.maxBackwardWaitMillis = builder.maxBackwardWait.toMillis();
        this.resyncNanos = builder.wallClockResync.toNanos();
        long wallMillis = time.currentTimeMillis();
        this.anchor = new AtomicReference<>(new Anchor(wallMillis, time.nanoTime()));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A generator with the default layout and system clocks that issues under a
     * fixed worker ID, with no delegator. Uniqueness across processes is then the
     * operator's duty.
     */
    public static SnowflakeGenerator withFixedWorkerId(int workerId) {
        SnowflakeGenerator generator = builder().build();
        generator.installLease(WorkerLease.fixed(workerId));
        return generator;
    }

    /**
     * Issues the next ID.
     * @throws LeaseUnavailableException while no valid lease is held
     * @throws ClockMovedBackwardsException if the clock stands too far behind the last issued timestamp
     * @throws TimestampOutOfRangeException past the last instant the layout can encode
     */
    public long nextId() {
        return reserve(1);
    }

    /**
     * Issues {@code count} IDs into a new array, reserving up to 4,096 of them with
     * each compare-and-set.
     */
    public long[] nextIds(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        long[] ids = new long[count];
        nextIds(ids, 0, count);
        return ids;
    }

    /**
     * Fills {@code target[offset .. offset+count)} with increasing IDs, reserving up
     * to 4,096 of them with each compare-and-set. If it throws part-way, the
     * elements already written hold valid IDs and the rest are untouched.
     */
    public void nextIds(long[] target, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, target.length);
        int filled = 0;
        while (filled < count) {
            int wanted = count - filled;
            long first = reserve(wanted);
            int run = Math.min(wanted, MAX_SEQUENCE - sequenceOf(first) + 1);
            int at = offset + filled;
            for (int i = 0; i < run; i++) {
                target[at + i] = first + i;
            }
            filled += run;
        }
    }

    /**
     * Reserves a run of {@code min(wanted, sequence numbers left in the millisecond)}
     * IDs with one compare-and-set and returns the first of them.
     */
    private long reserve(int wanted) {
        boolean behindBefore = false;
        for (;;) {
            // The state first, then the lease. The lease is written before the state that goes
            // with it is unfenced, so the lease read here is the one the state belongs to or a
            // newer one; a newer one moved the state on and the compare-and-set below fails.
            // Read the other way round, a thread holding an old lease could pass its (later)
            // deadline and then issue on the state of a new, shorter one.
            long current = state.get();
            WorkerLease held = lease;
            long nanos = time.nanoTime();
            Anchor anchored = anchorAt(nanos);
            if (anchored.nanos - nanos > 0) {
                // The anchor's wall reading was taken after ours: judge the lease and stamp the
                // ID at the anchor's own later monotonic reading, never at an earlier one.
                nanos = anchored.nanos;
            }
            if (held == null) {
                throw new LeaseUnavailableException("No worker lease is held; not issuing IDs until one is granted");
            }
            if (!held.isValidAt(nanos)) {
                throw new LeaseUnavailableException("The lease on worker " + held.workerId() + " passed its deadline "
                        + TimeUnit.NANOSECONDS.toMillis(nanos - held.deadlineNanos())
                        + " ms ago; not issuing IDs until it is renewed or replaced");
            }
            long now = anchored.wallMillis + Math.floorDiv(nanos - anchored.nanos, NANOS_PER_MILLI) - epochMillis;
            if (current < 0) {
                // The lease is being replaced; the new state follows at once.
                Thread.onSpinWait();
                continue;
            }
            long last = timestampOf(current);
            long first;
            int run;
            if (now > last) {
                if (now > MAX_TIMESTAMP) {
                    throw layout.outOfRange(now + epochMillis);
                }
                first = pack(now, workerIdOf(current), 0);
                run = Math.min(wanted, MAX_SEQUENCE + 1);
            }
            else if (sequenceOf(current) < MAX_SEQUENCE) {
                first = current + 1;
                run = Math.min(wanted, MAX_SEQUENCE - sequenceOf(current));
            }
            else {
                if (last >= held.maxTimestampUnixMillis() - epochMillis) {
                    // The next free millisecond lies past the fence: refuse now rather than wait for it.
                    throw fenceExceeded(held, last + 1, nanos);
                }
                boolean behind = now < last;
                if (behind && !behindBefore) {
                    // This thread may have lost the CPU after reading the clock while others
                    // issued in later milliseconds: read it again before taking the clock to
                    // stand behind, and waiting or refusing on that.
                    behindBefore = true;
                    continue;
                }
                behindBefore = behind;
                awaitMillisAfter(last, now, held);
                continue;
            }
            if (timestampOf(first) > held.maxTimestampUnixMillis() - epochMillis) {
                throw fenceExceeded(held, timestampOf(first), nanos);
            }
            if (state.compareAndSet(current, first + run - 1)) {
                generated.add(run);
                return first;
            }
        }
    }

    private LeaseFenceException fenceExceeded(WorkerLease held, long timestamp, long nanos) {
        fenceRefused.increment();
        LeaseFenceException refusal = new LeaseFenceException(held.workerId(), epochMillis + timestamp,
                held.maxTimestampUnixMillis());
        WorkerLease logged = fenceLoggedFor.get();
        if (logged != held && fenceLoggedFor.compareAndSet(logged, held)) {
            LOG.log(System.Logger.Level.WARNING, refusal.getMessage() + " The monotonic deadline is "
                    + TimeUnit.NANOSECONDS.toMillis(held.remainingNanos(nanos)) + " ms away.");
        }
        return refusal;
    }

    /**
     * Waits until the clock passes {@code last}: a spin within the current
     * millisecond, parking for longer clock regressions, refusing beyond the maximum.
     */
    private void awaitMillisAfter(long last, long now, WorkerLease held) {
        long behind = last - now;
        if (behind > maxBackwardWaitMillis) {
            long notBefore = held.notBeforeUnixMillis() - epochMillis;
            if (now < notBefore) {
                throw new LeaseUnavailableException("The lease on worker " + held.workerId() + " starts at "
                        + Instant.ofEpochMilli(held.notBeforeUnixMillis()) + ", " + (notBefore - now)
                        + " ms ahead of this clock: more than the " + maxBackwardWaitMillis + " ms it may wait");
            }
            clockBackwardsRefused.increment();
            throw new ClockMovedBackwardsException(behind, maxBackwardWaitMillis);
        }
        if (behind == 0) {
            long seen = lastExhaustedMillis.get();
            if (seen < last && lastExhaustedMillis.compareAndSet(seen, last)) {
                sequenceExhausted.increment();
            }
            Thread.onSpinWait();
        }
        else {
            LockSupport.parkNanos(behind * NANOS_PER_MILLI / 2);
        }
    }

    /**
     * The anchor to project monotonic instant {@code nanos} onto the wall clock with,
     * re-read from the wall clock once {@code wallClockResync} has passed.
     */
    private Anchor anchorAt(long nanos) {
        Anchor current = anchor.get();
        if (nanos - current.nanos >= resyncNanos) {
            return reanchor(current);
        }
        return current;
    }

    /**
     * Reads the wall clock and then the monotonic one, in that order: the pair then never
     * projects a wall time that had not yet come, even if this thread loses the CPU (or the
     * process is stopped) between the two reads.
     */
    private Anchor reanchor(Anchor previous) {
        long wallMillis = time.currentTimeMillis();
        Anchor fresh = new Anchor(wallMillis, time.nanoTime());
        if (!anchor.compareAndSet(previous, fresh)) {
            return anchor.get();
        }
        long projected = previous.wallMillis + Math.floorDiv(fresh.nanos - previous.nanos, NANOS_PER_MILLI);
        if (fresh.wallMillis < projected - BACKWARD_STEP_TOLERANCE_MILLIS) {
            clockBackwards.increment();
        }
        return fresh;
    }

    /**
     * Starts issuing under {@code newLease}, fencing off the previous one. Every ID
     * issued afterwards is greater than every ID issued before and carries a
     * timestamp at or after the lease's {@code notBefore}.
     * @throws TimestampOutOfRangeException if {@code notBefore} lies past the layout's range
     */
    public void installLease(WorkerLease newLease) {
        Objects.requireNonNull(newLease, "newLease");
        long notBefore = newLease.expires() ? newLease.notBeforeUnixMillis() - epochMillis : 0;
        if (notBefore > MAX_TIMESTAMP) {
            throw layout.outOfRange(newLease.notBeforeUnixMillis());
        }
        long previous = state.getAndUpdate(value -> value | FENCE) & ~FENCE;
        long base = Math.max(timestampOf(previous), Math.max(notBefore - 1, 0));
        lease = newLease;
        state.set(pack(base, newLease.workerId(), MAX_SEQUENCE));
    }

    /**
     * Extends the held lease, as a successful renewal does; the issuing state carries on.
     * A renewal that narrows the lease (an earlier deadline or a lower {@code maxTimestamp},
     * as a delegator with a shorter ttl may grant, or a later {@code notBefore}, as a
     * delegator that re-claimed a lapsed lease after losing writes gives) fences the state
     * like a new lease, so no call that checked the wider lease can still issue after this
     * returns, and the next ID lies at or above the renewal's {@code notBefore}.
     * @throws IllegalStateException if no lease on that worker ID is held
     */
    public void renewLease(WorkerLease renewed) {
        WorkerLease held = lease;
        if (held == null || held.workerId() != renewed.workerId()) {
            throw new IllegalStateException("Cannot renew worker " + renewed.workerId() + ": the held lease is "
                    + (held == null ? "none" : "on worker " + held.workerId()));
        }
        if (!renewed.narrows(held)) {
            lease = renewed;
            return;
        }
        long previous = state.getAndUpdate(value -> value | FENCE) & ~FENCE;
        lease = renewed;
        // Unfence with a value the state never held, so a compare-and-set that read the state
        // before the fence fails after it (no A-B-A): the next ID comes a millisecond later.
        long notBefore = renewed.notBeforeUnixMillis() - epochMillis;
        long bumped = Math.min(Math.max(timestampOf(previous) + 1, notBefore - 1), MAX_TIMESTAMP);
        state.set(pack(bumped, renewed.workerId(), MAX_SEQUENCE));
    }

    /**
     * Stops issuing: fences the state so no ID is issued after this returns, and
     * gives the Unix millisecond at or after every timestamp ever issued, for the
     * delegator's watermark.
     */
    public long revokeLease() {
        lease = null;
        long previous = state.getAndUpdate(value -> value | FENCE) & ~FENCE;
        return epochMillis + timestampOf(previous);
    }

    /**
     * The Unix millisecond at or after every timestamp issued so far: the last
     * issued one, or just below the lease's {@code notBefore} before the first ID.
     */
    public long lastTimestamp() {
        return epochMillis + timestampOf(state.get() & ~FENCE);
    }

    public Optional<WorkerLease> lease() {
        return Optional.ofNullable(lease);
    }

    /**
     * Whether a lease is held, its deadline has not passed and the clock has not passed
     * its {@code maxTimestamp}.
     */
    public boolean hasValidLease() {
        WorkerLease held = lease;
        if (held == null) {
            return false;
        }
        long nanos = time.nanoTime();
        Anchor anchored = anchorAt(nanos);
        long wallMillis = anchored.wallMillis + Math.floorDiv(nanos - anchored.nanos, NANOS_PER_MILLI);
        return held.isValidAt(nanos) && wallMillis <= held.maxTimestampUnixMillis();
    }

    /**
     * Time left on the held lease: zero without one, {@link #FOREVER} for a fixed one.
     */
    public Duration leaseRemaining() {
        WorkerLease held = lease;
        if (held == null) {
            return Duration.ZERO;
        }
        long remaining = held.remainingNanos(time.nanoTime());
        return remaining == Long.MAX_VALUE ? FOREVER : Duration.ofNanos(remaining);
    }

    public SnowflakeLayout layout() {
        return layout;
    }

    public TimeSource timeSource() {
        return time;
    }

    /** IDs issued so far. */
    public long generatedCount() {
        return generated.sum();
    }

    /** Milliseconds whose 4,096 sequence numbers ran out, making callers wait for the next. */
    public long sequenceExhaustedCount() {
        return sequenceExhausted.sum();
    }

    /** Backward steps of the wall clock seen, of 2 ms or more. */
    public long clockBackwardsCount() {
        return clockBackwards.sum();
    }

    /** Calls refused with {@link ClockMovedBackwardsException}. */
    public long clockBackwardsRefusedCount() {
        return clockBackwardsRefused.sum();
    }

    /** Calls refused with {@link LeaseFenceException}: the clock passed the lease's {@code maxTimestamp}. */
    public long fenceRefusedCount() {
        return fenceRefused.sum();
    }

    private record Anchor(long wallMillis, long nanos) {
    }

    /**
     * Builds a {@link SnowflakeGenerator}; every setting has a default.
     */
    public static final class Builder {

        private SnowflakeLayout layout = SnowflakeLayout.defaultLayout();
        private TimeSource timeSource = TimeSource.system();
        private Duration maxBackwardWait = Duration.ofSeconds(1);
        private Duration wallClockResync = Duration.ofMillis(100);

        private Builder() {
        }

        /** The bit layout and epoch; default epoch 2020-01-01T00:00:00Z. */
        public Builder layout(SnowflakeLayout layout) {
            this.layout = Objects.requireNonNull(layout, "layout");
            return this;
        }

        /** The clocks; default the system's. */
        public Builder timeSource(TimeSource timeSource) {
            this.timeSource = Objects.requireNonNull(timeSource, "timeSource");
            return this;
        }

        /** The longest the generator waits for a lagging clock before it throws; default 1 s. */
        public Builder maxBackwardWait(Duration maxBackwardWait) {
            requireNotNegative(maxBackwardWait, "maxBackwardWait");
            this.maxBackwardWait = maxBackwardWait;
            return this;
        }

        /** How often the wall clock is re-read to re-anchor the monotonic one; default 100 ms, zero for every call. */
        public Builder wallClockResync(Duration wallClockResync) {
            requireNotNegative(wallClockResync, "wallClockResync");
            this.wallClockResync = wallClockResync;
            return this;
        }

        public SnowflakeGenerator build() {
            return new SnowflakeGenerator(this);
        }

        private static void requireNotNegative(Duration duration, String name) {
            Objects.requireNonNull(duration, name);
            if (duration.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative: " + duration);
            }
        }

    }

}
