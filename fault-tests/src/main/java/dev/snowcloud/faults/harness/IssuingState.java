package dev.snowcloud.faults.harness;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import dev.snowcloud.faults.record.EventTypes;
import dev.snowcloud.id.ClockMovedBackwardsException;
import dev.snowcloud.id.LeaseFenceException;
import dev.snowcloud.id.SnowflakeException;
import dev.snowcloud.id.SnowflakeLayout;

/**
 * Whether this process is issuing or refusing, with counts, shared by the issuing threads.
 * Each change between the two is recorded once as an event with its time, which is what the
 * test's liveness figures (refusal to first issue again) are computed from.
 */
public final class IssuingState {

    /** What the issuing threads saw last. */
    public enum Mode {

        /** Nothing issued or refused yet. */
        STARTING,

        /** The last call returned an ID. */
        ISSUING,

        /** The last call was refused. */
        REFUSING

    }

    private final EventLog events;

    private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.STARTING);

    private final LongAdder issued = new LongAdder();

    private final LongAdder refusedLease = new LongAdder();

    private final LongAdder refusedClock = new LongAdder();

    private final LongAdder errors = new LongAdder();

    private volatile long lastIssuedAt;

    private volatile int lastWorkerId = -1;

    IssuingState(EventLog events) {
        this.events = events;
    }

    void issued(long lastId, int count) {
        this.issued.add(count);
        this.lastIssuedAt = System.currentTimeMillis();
        Mode seen = this.mode.get();
        if (seen != Mode.ISSUING && this.mode.compareAndSet(seen, Mode.ISSUING)) {
            int workerId = (int) ((lastId >>> SnowflakeLayout.SEQUENCE_BITS) & SnowflakeLayout.MAX_WORKER_ID);
            this.lastWorkerId = workerId;
            this.events.record(EventTypes.ISSUING, "workerId", workerId);
        }
        else {
            this.lastWorkerId = (int) ((lastId >>> SnowflakeLayout.SEQUENCE_BITS) & SnowflakeLayout.MAX_WORKER_ID);
        }
    }

    void refused(SnowflakeException ex) {
        String reason = (ex instanceof ClockMovedBackwardsException) ? "clock"
                : (ex instanceof LeaseFenceException) ? "fence" : "lease";
        ("clock".equals(reason) ? this.refusedClock : this.refusedLease).increment();
        Mode seen = this.mode.get();
        if (seen != Mode.REFUSING && this.mode.compareAndSet(seen, Mode.REFUSING)) {
            this.events.record(EventTypes.REFUSING, "reason", reason, "detail", String.valueOf(ex.getMessage()));
        }
    }

    void failed(RuntimeException ex) {
        this.errors.increment();
        this.events.record("error", "detail", ex.toString());
    }

    public Mode mode() {
        return this.mode.get();
    }

    public long issued() {
        return this.issued.sum();
    }

    public long refusedLease() {
        return this.refusedLease.sum();
    }

    public long refusedClock() {
        return this.refusedClock.sum();
    }

    public long errors() {
        return this.errors.sum();
    }

    public long lastIssuedAt() {
        return this.lastIssuedAt;
    }

    public int lastWorkerId() {
        return this.lastWorkerId;
    }

}
