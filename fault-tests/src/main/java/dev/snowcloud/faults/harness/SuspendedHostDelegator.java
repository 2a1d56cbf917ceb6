package dev.snowcloud.faults.harness;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.snowcloud.faults.record.HiddenNanos;
import dev.snowcloud.lease.Delegator;
import dev.snowcloud.lease.LeaseGrant;

/**
 * Makes the lease thread keep time as it would on a suspended host. The keeper schedules its
 * next renewal on an executor that counts real {@code System.nanoTime()}; on a host that was
 * suspended, that executor stands still with the monotonic clock, so a renewal due during the
 * suspension runs as late after the resume as it was due after the suspension began. So when
 * nanoseconds were hidden ({@link HiddenNanos}) since the previous lease call returned, this
 * holds the renewal back to where the hidden clock puts it: the previous return, plus the lease
 * thread's delay between calls (the last one observed), plus what was hidden meanwhile. With
 * nothing hidden it only passes calls on.
 * <p>
 * A generator with several worker IDs has a lease thread per slot, all calling this one
 * delegator: each thread's calls are timed on their own.
 */
public class SuspendedHostDelegator implements Delegator {

    private final Delegator delegate;

    private final HiddenNanos hidden;

    private final ThreadLocal<LeaseThread> threads;

    public SuspendedHostDelegator(Delegator delegate, HiddenNanos hidden) {
        this.delegate = delegate;
        this.hidden = hidden;
        long hiddenAtStart = hidden.get();
        this.threads = ThreadLocal.withInitial(() -> new LeaseThread(hiddenAtStart));
    }

    @Override
    public LeaseGrant register(String name, String host) {
        try {
            return this.delegate.register(name, host);
        }
        finally {
            returned();
        }
    }

    @Override
    public LeaseGrant renew(int workerId, String leaseToken, long lastTimestamp) {
        LeaseThread thread = this.threads.get();
        long now = System.nanoTime();
        long lag = this.hidden.get() - thread.hiddenAtReturn;
        if (lag > 0) {
            long due = thread.returnedAt + thread.delayNanos + lag;
            if (due - now > 0) {
                LockSupport.parkNanos(due - now);
            }
        }
        else if (thread.returnedAt != 0) {
            thread.delayNanos = now - thread.returnedAt;
        }
        try {
            return this.delegate.renew(workerId, leaseToken, lastTimestamp);
        }
        finally {
            returned();
        }
    }

    private void returned() {
        LeaseThread thread = this.threads.get();
        thread.returnedAt = System.nanoTime();
        thread.hiddenAtReturn = this.hidden.get();
    }

    @Override
    public void release(int workerId, String leaseToken, long lastTimestamp) {
        this.delegate.release(workerId, leaseToken, lastTimestamp);
    }

    @Override
    public String toString() {
        return this.delegate.toString();
    }

    /** When one lease thread's last call returned, and its delay between calls. */
    private static final class LeaseThread {

        private long returnedAt;

        private long hiddenAtReturn;

        private long delayNanos = TimeUnit.SECONDS.toNanos(1);

        private LeaseThread(long hiddenAtStart) {
            this.hiddenAtReturn = hiddenAtStart;
        }

    }

}
