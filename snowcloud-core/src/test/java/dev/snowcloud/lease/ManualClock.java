package dev.snowcloud.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.RejectedExecutionException;

import dev.snowcloud.id.TimeSource;

/**
 * Time and a scheduler that only move when the test says so: a {@link LeaseKeeper} on
 * it runs its steps on the test's thread, at exactly the instants they were scheduled for.
 */
final class ManualClock implements TimeSource, LeaseScheduler {

    static final long START_NANOS = 5_000_000_000_000L;

    static final Instant START = Instant.parse("2026-11-28T07:00:00Z");

    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
            Comparator.comparingLong(Task::dueNanos).thenComparingLong(Task::sequence));

    private final List<Long> delays = new ArrayList<>();

    private long nanos = START_NANOS;

    private long wallStepMillis;

    private long sequence;

    private boolean shutDown;

    @Override
    public synchronized long currentTimeMillis() {
        return START.toEpochMilli() + Math.floorDiv(this.nanos - START_NANOS, 1_000_000L) + this.wallStepMillis;
    }

    @Override
    public synchronized long nanoTime() {
        return this.nanos;
    }

    @Override
    public synchronized void schedule(Runnable step, long delayNanos) {
        if (this.shutDown) {
            throw new RejectedExecutionException("shut down");
        }
        this.delays.add(delayNanos);
        this.tasks.add(new Task(this.nanos + delayNanos, this.sequence++, step));
    }

    synchronized void shutDown() {
        this.shutDown = true;
        this.tasks.clear();
    }

    /** Moves both clocks forward without running anything. */
    synchronized void advance(Duration duration) {
        advanceNanos(duration.toNanos());
    }

    synchronized void advanceNanos(long delta) {
        if (delta < 0) {
            throw new IllegalArgumentException("Monotonic time never goes back: " + delta);
        }
        this.nanos += delta;
    }

    /** Steps the wall clock alone, as NTP would. */
    synchronized void stepWallClock(Duration step) {
        this.wallStepMillis += step.toMillis();
    }

    /** Runs every step that is due now, including the ones they schedule with no delay. */
    void runDue() {
        Task next;
        while ((next = pollDue()) != null) {
            next.step().run();
        }
    }

    /** Moves time to the next scheduled step and runs it; false when nothing is scheduled. */
    boolean runNext() {
        Task next;
        synchronized (this) {
            next = this.tasks.poll();
            if (next == null) {
                return false;
            }
            this.nanos = Math.max(this.nanos, next.dueNanos());
        }
        next.step().run();
        return true;
    }

    /** Moves time forward by {@code duration}, running each step at its instant on the way. */
    void runFor(Duration duration) {
        long until;
        synchronized (this) {
            until = this.nanos + duration.toNanos();
        }
        while (true) {
            Task next;
            synchronized (this) {
                Task peeked = this.tasks.peek();
                if (peeked == null || peeked.dueNanos() > until) {
                    this.nanos = Math.max(this.nanos, until);
                    return;
                }
                next = this.tasks.poll();
                this.nanos = Math.max(this.nanos, next.dueNanos());
            }
            next.step().run();
        }
    }

    private synchronized Task pollDue() {
        Task peeked = this.tasks.peek();
        return (peeked != null && peeked.dueNanos() <= this.nanos) ? this.tasks.poll() : null;
    }

    synchronized int pending() {
        return this.tasks.size();
    }

    /** The delay of the step scheduled last. */
    synchronized long lastDelayNanos() {
        return this.delays.get(this.delays.size() - 1);
    }

    /** How long from now until the next scheduled step. */
    synchronized long nanosToNextStep() {
        Task peeked = this.tasks.peek();
        if (peeked == null) {
            throw new IllegalStateException("Nothing is scheduled");
        }
        return peeked.dueNanos() - this.nanos;
    }

    private record Task(long dueNanos, long sequence, Runnable step) {
    }

}
