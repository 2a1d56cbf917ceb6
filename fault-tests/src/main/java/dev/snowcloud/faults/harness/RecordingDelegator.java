package dev.snowcloud.faults.harness;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.snowcloud.faults.record.EventTypes;
import dev.snowcloud.lease.Delegator;
import dev.snowcloud.lease.DelegatorException;
import dev.snowcloud.lease.DelegatorUnavailableException;
import dev.snowcloud.lease.LeaseGrant;

/**
 * A {@link Delegator} that puts every lease call of the one it wraps on record: the check
 * needs to know which leases this process was granted (worker ID, {@code notBefore} and the
 * highest {@code maxTimestamp} any grant or renewal of it carried), and the liveness figures
 * need to know when registrations were refused and renewals failed.
 * <p>
 * A generator with several worker IDs holds several leases at once, one per slot, each kept by
 * its own thread through this one delegator; every event names its lease by a number this
 * process gives each grant (never by its token), and the thread that made the call.
 */
public class RecordingDelegator implements Delegator {

    private final Delegator delegate;

    private final EventLog events;

    private final AtomicInteger grants = new AtomicInteger();

    /** Lease number by token, for the leases this process was granted and not yet released. */
    private final Map<String, Integer> leases = new ConcurrentHashMap<>();

    public RecordingDelegator(Delegator delegate, EventLog events) {
        this.delegate = delegate;
        this.events = events;
    }

    @Override
    public LeaseGrant register(String name, String host) {
        try {
            LeaseGrant grant = this.delegate.register(name, host);
            // Recorded before the keeper installs the lease, so before any ID under it.
            int lease = this.grants.incrementAndGet();
            this.leases.put(grant.leaseToken(), lease);
            this.events.record(EventTypes.GRANT, "workerId", grant.workerId(), "notBefore", grant.notBefore(),
                    "via", "register", "expiresAt", String.valueOf(grant.expiresAt()), "lease", lease,
                    "maxTimestamp", grant.effectiveMaxTimestamp(), "thread", Thread.currentThread().getName());
            return grant;
        }
        catch (DelegatorException ex) {
            long retryAfter = (ex instanceof DelegatorUnavailableException unavailable)
                    ? unavailable.retryAfter().map(Duration::toMillis).orElse(-1L) : -1L;
            this.events.record(EventTypes.REGISTER_REFUSED, "status", ex.status(), "retryAfterMillis", retryAfter,
                    "detail", String.valueOf(ex.getMessage()));
            throw ex;
        }
    }

    @Override
    public LeaseGrant renew(int workerId, String leaseToken, long lastTimestamp) {
        try {
            LeaseGrant grant = this.delegate.renew(workerId, leaseToken, lastTimestamp);
            this.events.record(EventTypes.RENEWED, "workerId", workerId, "lastTimestamp", lastTimestamp, "lease",
                    leaseOf(leaseToken), "maxTimestamp", grant.effectiveMaxTimestamp(), "notBefore", grant.notBefore());
            return grant;
        }
        catch (DelegatorException ex) {
            this.events.record(EventTypes.RENEW_FAILED, "workerId", workerId, "lease", leaseOf(leaseToken), "status",
                    ex.status(), "detail", String.valueOf(ex.getMessage()));
            throw ex;
        }
    }

    @Override
    public void release(int workerId, String leaseToken, long lastTimestamp) {
        boolean ok = false;
        try {
            this.delegate.release(workerId, leaseToken, lastTimestamp);
            ok = true;
        }
        finally {
            this.events.record(EventTypes.RELEASED, "workerId", workerId, "lease", leaseOf(leaseToken),
                    "lastTimestamp", lastTimestamp, "ok", ok);
            this.leases.remove(leaseToken);
        }
    }

    /** The number of the lease with {@code token}; 0 for one this process was never granted. */
    private int leaseOf(String token) {
        return this.leases.getOrDefault(token, 0);
    }

    @Override
    public String toString() {
        return this.delegate.toString();
    }

}
