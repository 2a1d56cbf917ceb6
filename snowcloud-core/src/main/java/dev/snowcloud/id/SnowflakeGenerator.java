package dev.snowcloud.id;

import static dev.snowcloud.id.SnowflakeLayout.MAX_SEQUENCE;
import static dev.snowcloud.id.SnowflakeLayout.MAX_TIMESTAMP;
import static dev.snowcloud.id.SnowflakeLayout.pack;
import static dev.snowcloud.id.SnowflakeLayout.sequenceOf;
import static dev.snowcloud.id.SnowflakeLayout.timestampOf;
import static dev.snowcloud.id.SnowflakeLayout.workerIdOf;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

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
 * <h2>Several worker IDs</h2>
 * Built with {@link Builder#workers(int) workers(n)}, the generator holds up to {@code n}
 * leases, one per <em>slot</em> {@code 0..n-1}, each with its own state, deadline and
 * fences, and issues from all of them: up to {@code n × 4,096} IDs per millisecond. It
 * keeps one process-wide current millisecond, the latest clock reading any thread made,
 * and issues every ID in that millisecond, from the valid slot with the lowest worker ID
 * that still has sequence numbers in it; only when every slot has run out does a caller
 * wait for the next millisecond. Hence:
 * <ul>
 * <li>IDs are unique, and the IDs of one worker ID strictly increase;</li>
 * <li>each thread's IDs strictly increase: within a millisecond a thread only moves on to
 * higher worker IDs, as a slot that cannot issue in a millisecond never issues in it later
 * (a lease installed or renewed starts after the current millisecond);</li>
 * <li>IDs are time-ordered to the millisecond across the process: a call that starts
 * after another one returned never gets an earlier timestamp, though within one
 * millisecond it may get a lower worker ID;</li>
 * <li>slots whose lease lapsed, passed its fence or is not yet installed are skipped;
 * the generator refuses only when no slot can issue.</li>
 * </ul>
 * With one slot (the default) the generator is exactly the single-lease one described above.
 * <p>
 * {@link #installLease}, {@link #renewLease} and {@link #revokeLease} are meant to be
 * called by one thread at a time per slot (that slot's lease lifecycle); {@link #nextId}
 * and {@link #nextIds} by any number of threads.
 */
public final class SnowflakeGenerator {

    private static final System.Logger LOG = System.getLogger(SnowflakeGenerator.class.getName());
    private static final long FENCE = Long.MIN_VALUE;
    private static final long NANOS_PER_MILLI = 1_000_000L;
    /** Wall-clock regressions smaller than this are NTP slew and rounding, not counted as steps. */
    private static final long BACKWARD_STEP_TOLERANCE_MILLIS = 1;
    /** The most worker IDs one generator issues under. */
    public static final int MAX_WORKERS = 64;
    /** What {@link #leaseRemaining()} reports for a fixed lease. */
    public static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);

    private final SnowflakeLayout layout;
    private final TimeSource time;
    private final long epochMillis;
    private final long maxBackwardWaitMillis;
    private final long resyncNanos;

    /** One per slot; with a single slot, {@link #single} is its only element. */
    private final Lane[] lanes;
    private final Lane single;
    /** The slots holding a lease, by ascending worker ID; changed under {@link #lanes}' monitor. */
    private volatile Lane[] byWorker;
    /** With several slots: the process-wide current millisecond, the latest any thread read. */
    private final AtomicLong currentMillis = new AtomicLong(-1);
    private final AtomicReference<Anchor> anchor;
    private final AtomicLong lastExhaustedMillis = new AtomicLong(-1);

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
        this.lanes = new Lane[builder.workers];
        for (int slot = 0; slot < lanes.length; slot++) {
            lanes[slot] = new Lane();
        }
        this.single = lanes[0];
        this.byWorker = new Lane[0];
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
        return withFixedWorkerIds(workerId);
    }

    /**
     * A generator with the default layout and system clocks that issues under the given
     * fixed worker IDs, one slot each, with no delegator. Uniqueness across processes is
     * then the operator's duty.
     * @throws IllegalArgumentException if no ID, more than {@link #MAX_WORKERS} or the same ID twice is given
     */
    public static SnowflakeGenerator withFixedWorkerIds(int... workerIds) {
        SnowflakeGenerator generator = builder().workers(workerIds.length).build();
        for (int slot = 0; slot < workerIds.length; slot++) {
            try {
                generator.installLease(slot, WorkerLease.fixed(workerIds[slot]));
            }
            catch (IllegalStateException ex) {
                throw new IllegalArgumentException(ex.getMessage(), ex);
            }
        }
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
        return (lanes.length == 1) ? reserveSingle(wanted) : reserveAcross(wanted);
    }

    private long reserveSingle(int wanted) {
        Lane lane = single;
        boolean behindBefore = false;
        for (;;) {
            // The state first, then the lease. The lease is written before the state that goes
            // with it is unfenced, so the lease read here is the one the state belongs to or a
            // newer one; a newer one moved the state on and the compare-and-set below fails.
            // Read the other way round, a thread holding an old lease could pass its (later)
            // deadline and then issue on the state of a new, shorter one.
            long current = lane.state.get();
            WorkerLease held = lane.lease;
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
                throw lapsed(held, nanos);
            }
            long now = anchored.wallMillisAt(nanos) - epochMillis;
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
            if (lane.state.compareAndSet(current, first + run - 1)) {
                lane.generated.add(run);
                return first;
            }
        }
    }

    /**
     * Reserves in the process-wide current millisecond from the first slot, by worker ID,
     * that can issue in it; waits for the next millisecond when none can but one will.
     */
    private long reserveAcross(int wanted) {
        retry:
        for (;;) {
            Lane[] order = byWorker;
            long millis = currentMillis.get();
            long nanos = time.nanoTime();
            Anchor anchored = anchorAt(nanos);
            if (anchored.nanos - nanos > 0) {
                nanos = anchored.nanos;
            }
            long now = anchored.wallMillisAt(nanos) - epochMillis;
            if (now > millis) {
                if (now > MAX_TIMESTAMP) {
                    throw layout.outOfRange(now + epochMillis);
                }
                SnowflakeException refusal = refusalIn(order, now, nanos);
                if (refusal != null) {
                    // No slot could issue in it: leave the process's millisecond where it is. A wall
                    // clock that jumped past every fence and was put right must not keep every slot
                    // refusing at the jumped millisecond until real time gets there.
                    throw refusal;
                }
                long witness = currentMillis.compareAndExchange(millis, now);
                if (witness == millis) {
                    millis = now;
                }
                else if (witness >= now) {
                    // Another thread moved it on at least as far: go by its millisecond, with no second clock read.
                    millis = witness;
                }
                else {
                    continue;
                }
            }
            WorkerLease waitFor = null;
            long waitAfter = millis;
            WorkerLease fenced = null;
            WorkerLease lapsed = null;
            for (Lane lane : order) {
                // As in reserveSingle: the state first, then the lease that goes with it.
                long current = lane.state.get();
                WorkerLease held = lane.lease;
                if (held == null) {
                    continue;
                }
                if (current < 0) {
                    // Its lease is being replaced or narrowed, and the new state may start in the
                    // millisecond this thread has just moved the process to: issuing from a higher
                    // worker ID now could leave this thread's next ID, from this slot, the lower one.
                    // The state follows at once (no I/O under the lock): wait for it.
                    Thread.onSpinWait();
                    continue retry;
                }
                if (!held.isValidAt(nanos)) {
                    lapsed = held;
                    continue;
                }
                long fence = held.maxTimestampUnixMillis() - epochMillis;
                long last = timestampOf(current);
                if (last > millis && currentMillis.get() != millis) {
                    continue retry;
                }
                if (millis > fence) {
                    fenced = held;
                    continue;
                }
                if (last > millis || last == millis && sequenceOf(current) == MAX_SEQUENCE) {
                    // It can issue only after millisecond last: its lease starts later (its notBefore), or it ran
                    // out in this one. Unless its fence is there, wait for the earliest such slot.
                    if (last >= fence) {
                        fenced = held;
                    }
                    else if (waitFor == null || last < waitAfter) {
                        waitFor = held;
                        waitAfter = last;
                    }
                    continue;
                }
                long first;
                int run;
                if (last < millis) {
                    first = pack(millis, workerIdOf(current), 0);
                    run = Math.min(wanted, MAX_SEQUENCE + 1);
                }
                else {
                    first = current + 1;
                    run = Math.min(wanted, MAX_SEQUENCE - sequenceOf(current));
                }
                if (byWorker != order) {
                    // A slot changed its worker ID meanwhile: go by the new order, or a later call
                    // of this thread could issue a lower ID in this millisecond.
                    continue retry;
                }
                if (lane.state.compareAndSet(current, first + run - 1)) {
                    lane.generated.add(run);
                    return first;
                }
                continue retry;
            }
            if (waitFor != null) {
                // The current millisecond was read before the clock, so unlike a single slot's last
                // timestamp it cannot stand ahead of this reading unless the clock itself moved back.
                awaitMillisAfter(waitAfter, now, waitFor);
                continue;
            }
            throw refusal(fenced, lapsed, millis, nanos);
        }
    }

    /**
     * Why no slot in {@code order} could issue in millisecond {@code millis} at monotonic instant
     * {@code nanos}, as the scan in {@link #reserveAcross} would refuse; or {@code null} when one
     * could, or a slot is being replaced and might.
     */
    private @Nullable SnowflakeException refusalIn(Lane[] order, long millis, long nanos) {
        WorkerLease fenced = null;
        WorkerLease lapsed = null;
        for (Lane lane : order) {
            long current = lane.state.get();
            WorkerLease held = lane.lease;
            if (held == null) {
                continue;
            }
            if (current < 0) {
                return null;
            }
            if (!held.isValidAt(nanos)) {
                lapsed = held;
            }
            else if (millis > held.maxTimestampUnixMillis() - epochMillis) {
                fenced = held;
            }
            else {
                return null;
            }
        }
        return refusal(fenced, lapsed, millis, nanos);
    }

    /** The refusal when no slot can issue in {@code millis}: a fence passed, else a lapse, else no lease at all. */
    private SnowflakeException refusal(@Nullable WorkerLease fenced, @Nullable WorkerLease lapsed, long millis,
            long nanos) {
        if (fenced != null) {
            return fenceExceeded(fenced, millis, nanos);
        }
        if (lapsed != null) {
            return lapsed(lapsed, nanos);
        }
        return new LeaseUnavailableException("No worker lease is held; not issuing IDs until one is granted");
    }

    private LeaseUnavailableException lapsed(WorkerLease held, long nanos) {
        return new LeaseUnavailableException("The lease on worker " + held.workerId() + " passed its deadline "
                + TimeUnit.NANOSECONDS.toMillis(nanos - held.deadlineNanos())
                + " ms ago; not issuing IDs until it is renewed or replaced");
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
        long projected = previous.wallMillisAt(fresh.nanos);
        if (fresh.wallMillis < projected - BACKWARD_STEP_TOLERANCE_MILLIS) {
            clockBackwards.increment();
        }
        return fresh;
    }

    /**
     * Starts issuing under {@code newLease}, fencing off the previous one. Every ID
     * issued afterwards is greater than every ID issued before and carries a
     * timestamp at or after the lease's {@code notBefore}. The same as
     * {@link #installLease(int, WorkerLease) installLease(0, newLease)}.
     * @throws TimestampOutOfRangeException if {@code notBefore} lies past the layout's range
     */
    public void installLease(WorkerLease newLease) {
        installLease(0, newLease);
    }

    /**
     * Starts issuing under {@code newLease} in {@code slot}, fencing off that slot's previous
     * lease. Every ID the slot issues afterwards is greater than every ID it issued before and
     * carries a timestamp at or after the lease's {@code notBefore}; with several slots, also
     * after the process's current millisecond.
     * @throws TimestampOutOfRangeException if {@code notBefore} lies past the layout's range
     * @throws IllegalStateException if another slot holds a lease on the same worker ID whose
     *         timestamps {@code notBefore..maxTimestamp} overlap this one's
     * @throws IndexOutOfBoundsException if {@code slot} is not {@code 0..workers-1}
     */
    public void installLease(int slot, WorkerLease newLease) {
        Objects.requireNonNull(newLease, "newLease");
        Lane lane = lanes[Objects.checkIndex(slot, lanes.length)];
        long notBefore = newLease.expires() ? newLease.notBeforeUnixMillis() - epochMillis : 0;
        if (notBefore > MAX_TIMESTAMP) {
            throw layout.outOfRange(newLease.notBeforeUnixMillis());
        }
        synchronized (lanes) {
            for (Lane other : lanes) {
                WorkerLease held = other.lease;
                if (other != lane && held != null && held.workerId() == newLease.workerId()
                        && held.notBeforeUnixMillis() <= newLease.maxTimestampUnixMillis()
                        && newLease.notBeforeUnixMillis() <= held.maxTimestampUnixMillis()) {
                    throw new IllegalStateException("Worker " + newLease.workerId()
                            + " is already held by another slot for overlapping timestamps");
                }
            }
            long previous = lane.state.getAndUpdate(value -> value | FENCE) & ~FENCE;
            long base = Math.max(timestampOf(previous), Math.max(notBefore - 1, 0));
            lane.lease = newLease;
            reorder();
            // Read after the new order is out: a thread that could not issue from this slot in the
            // current millisecond must not see it issue there later. (With one slot it stays -1.)
            base = Math.max(base, currentMillis.get());
            lane.state.set(pack(base, newLease.workerId(), MAX_SEQUENCE));
        }
    }

    /**
     * Extends the held lease, as a successful renewal does. The same as
     * {@link #renewLease(int, WorkerLease) renewLease(0, renewed)}.
     * @throws IllegalStateException if no lease on that worker ID is held
     */
    public void renewLease(WorkerLease renewed) {
        renewLease(0, renewed);
    }

    /**
     * Extends the lease held in {@code slot}, as a successful renewal does; the issuing state
     * carries on. A renewal that narrows the lease (an earlier deadline or a lower
     * {@code maxTimestamp}, as a delegator with a shorter ttl may grant, or a later
     * {@code notBefore}, as a delegator that re-claimed a lapsed lease after losing writes gives)
     * fences the state like a new lease, so no call that checked the wider lease can still issue
     * after this returns, and the next ID lies at or above the renewal's {@code notBefore}.
     * With several slots, the slot issues again only after the process's current millisecond,
     * in which it may have been unable to issue before the renewal.
     * @throws IllegalStateException if no lease on that worker ID is held in the slot
     */
    public void renewLease(int slot, WorkerLease renewed) {
        Lane lane = lanes[Objects.checkIndex(slot, lanes.length)];
        WorkerLease held = lane.lease;
        if (held == null || held.workerId() != renewed.workerId()) {
            throw new IllegalStateException("Cannot renew worker " + renewed.workerId() + ": the held lease is "
                    + (held == null ? "none" : "on worker " + held.workerId()));
        }
        if (!renewed.narrows(held)) {
            lane.lease = renewed;
            // Past the current millisecond, in which the slot may have been unable to issue (a
            // no-op with one slot, whose path leaves the current millisecond at -1).
            long past = pack(currentMillis.get(), renewed.workerId(), MAX_SEQUENCE);
            lane.state.getAndUpdate(value -> value < 0 ? value : Math.max(value, past));
            return;
        }
        long previous = lane.state.getAndUpdate(value -> value | FENCE) & ~FENCE;
        lane.lease = renewed;
        // Unfence with a value the state never held, so a compare-and-set that read the state
        // before the fence fails after it (no A-B-A): the next ID comes a millisecond later.
        long notBefore = renewed.notBeforeUnixMillis() - epochMillis;
        long bumped = Math.max(Math.max(timestampOf(previous) + 1, notBefore - 1), currentMillis.get());
        lane.state.set(pack(Math.min(bumped, MAX_TIMESTAMP), renewed.workerId(), MAX_SEQUENCE));
    }

    /**
     * Stops issuing. The same as {@link #revokeLease(int) revokeLease(0)}.
     */
    public long revokeLease() {
        return revokeLease(0);
    }

    /**
     * Stops issuing from {@code slot}: fences its state so it issues no ID after this returns,
     * and gives the Unix millisecond at or after every timestamp it ever issued, for the
     * delegator's watermark.
     */
    public long revokeLease(int slot) {
        Lane lane = lanes[Objects.checkIndex(slot, lanes.length)];
        long previous;
        synchronized (lanes) {
            lane.lease = null;
            previous = lane.state.getAndUpdate(value -> value | FENCE) & ~FENCE;
            reorder();
        }
        return epochMillis + timestampOf(previous);
    }

    /**
     * Rebuilds the order slots are tried in: the slots holding a lease, by worker ID. Two slots
     * holding one worker ID hold it over disjoint timestamps, so at most one of them can issue.
     */
    private void reorder() {
        byWorker = Arrays.stream(lanes)
                .filter(held -> held.lease != null)
                .sorted(Comparator.comparingInt((Lane held) -> held.lease.workerId()))
                .toArray(Lane[]::new);
    }

    /**
     * The Unix millisecond at or after every timestamp issued so far, over all slots: the last
     * issued one, or just below a lease's {@code notBefore} before the first ID.
     */
    public long lastTimestamp() {
        long last = 0;
        for (Lane lane : lanes) {
            last = Math.max(last, timestampOf(lane.state.get() & ~FENCE));
        }
        return epochMillis + last;
    }

    /**
     * The Unix millisecond at or after every timestamp {@code slot} issued so far.
     */
    public long lastTimestamp(int slot) {
        return epochMillis + timestampOf(lanes[Objects.checkIndex(slot, lanes.length)].state.get() & ~FENCE);
    }

    /**
     * The lease held in slot 0.
     */
    public Optional<WorkerLease> lease() {
        return lease(0);
    }

    /**
     * The lease held in {@code slot}.
     */
    public Optional<WorkerLease> lease(int slot) {
        return Optional.ofNullable(lanes[Objects.checkIndex(slot, lanes.length)].lease);
    }

    /**
     * How many slots, and so worker IDs, this generator issues under at most.
     */
    public int workers() {
        return lanes.length;
    }

    /**
     * Whether any slot can issue: it holds a lease, its deadline has not passed and the
     * clock has not passed its {@code maxTimestamp}.
     */
    public boolean hasValidLease() {
        for (int slot = 0; slot < lanes.length; slot++) {
            if (hasValidLease(slot)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code slot} holds a lease whose deadline has not passed and whose
     * {@code maxTimestamp} the clock has not passed.
     */
    public boolean hasValidLease(int slot) {
        WorkerLease held = lanes[Objects.checkIndex(slot, lanes.length)].lease;
        if (held == null) {
            return false;
        }
        long nanos = time.nanoTime();
        Anchor anchored = anchorAt(nanos);
        long wallMillis = anchored.wallMillisAt(nanos);
        return held.isValidAt(nanos) && wallMillis <= held.maxTimestampUnixMillis();
    }

    /**
     * Time left on the longest-lived held lease: zero without one, {@link #FOREVER} for a fixed one.
     */
    public Duration leaseRemaining() {
        Duration longest = Duration.ZERO;
        for (int slot = 0; slot < lanes.length; slot++) {
            Duration remaining = leaseRemaining(slot);
            if (remaining.compareTo(longest) > 0) {
                longest = remaining;
            }
        }
        return longest;
    }

    /**
     * Time left on the lease held in {@code slot}: zero without one, {@link #FOREVER} for a fixed one.
     */
    public Duration leaseRemaining(int slot) {
        WorkerLease held = lanes[Objects.checkIndex(slot, lanes.length)].lease;
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

    /** IDs issued so far, over all slots. */
    public long generatedCount() {
        long sum = 0;
        for (Lane lane : lanes) {
            sum += lane.generated.sum();
        }
        return sum;
    }

    /** IDs {@code slot} issued so far, under whichever worker IDs it held. */
    public long generatedCount(int slot) {
        return lanes[Objects.checkIndex(slot, lanes.length)].generated.sum();
    }

    /**
     * Milliseconds whose sequence numbers ran out in every slot that could issue, making
     * callers wait for the next.
     */
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

    /** One slot: a lease and the last ID issued under it, the sign bit fencing it while it changes. */
    private static final class Lane {

        final AtomicLong state = new AtomicLong(FENCE);
        volatile @Nullable WorkerLease lease;
        final LongAdder generated = new LongAdder();

    }

    private record Anchor(long wallMillis, long nanos) {

        /** The wall-clock millisecond this anchor projects monotonic instant {@code at} onto. */
        long wallMillisAt(long at) {
            return wallMillis + Math.floorDiv(at - nanos, NANOS_PER_MILLI);
        }

    }

    /**
     * Builds a {@link SnowflakeGenerator}; every setting has a default.
     */
    public static final class Builder {

        private SnowflakeLayout layout = SnowflakeLayout.defaultLayout();
        private TimeSource timeSource = TimeSource.system();
        private Duration maxBackwardWait = Duration.ofSeconds(1);
        private Duration wallClockResync = Duration.ofMillis(100);
        private int workers = 1;

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

        /**
         * How many worker IDs the generator issues under at most, each leased into a slot of
         * its own: 1 (the default) to {@value SnowflakeGenerator#MAX_WORKERS}.
         */
        public Builder workers(int workers) {
            if (workers < 1 || workers > MAX_WORKERS) {
                throw new IllegalArgumentException("workers must be 1.." + MAX_WORKERS + ": " + workers);
            }
            this.workers = workers;
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
