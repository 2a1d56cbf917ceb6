package dev.snowcloud.lease;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Where a {@link LeaseKeeper} runs its steps: each step runs once, after a delay on
 * the monotonic clock. Injected so tests can run the steps by hand on a manual clock.
 */
@FunctionalInterface
public interface LeaseScheduler {

    /**
     * Runs {@code step} once, {@code delayNanos} from now.
     * @throws java.util.concurrent.RejectedExecutionException once the scheduler is shut down
     */
    void schedule(Runnable step, long delayNanos);

    /**
     * Steps on {@code executor}; a keeper's steps must never run at the same time, so give it
     * one thread.
     */
    static LeaseScheduler of(ScheduledExecutorService executor) {
        return (step, delayNanos) -> executor.schedule(step, delayNanos, TimeUnit.NANOSECONDS);
    }

}
