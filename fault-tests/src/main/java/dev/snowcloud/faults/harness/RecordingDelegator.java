package dev.snowcloud.faults.harness;

import java.time.Duration;

import dev.snowcloud.faults.record.EventTypes;
import dev.snowcloud.lease.Delegator;
import dev.snowcloud.lease.DelegatorException;
import dev.snowcloud.lease.DelegatorUnavailableException;
import dev.snowcloud.lease.LeaseGrant;

/**
 * A {@link Delegator} that puts every lease call of the one it wraps on record: the check
 * needs to know which worker IDs this process was granted (and from which {@code notBefore}),
 * and the liveness figures need to know when registrations were refused and renewals failed.
 */
public class RecordingDelegator implements Delegator {

    private final Delegator delegate;

    private final EventLog events;

    public RecordingDelegator(Delegator delegate, EventLog events) {
        this.delegate = delegate;
        this.events = events;
    }

    @Override
    public LeaseGrant register(String name, String host) {
        try {
            LeaseGrant grant = this.delegate.register(name, host);
            // Recorded before the keeper installs the lease, so before any ID under it.
            this.events.record(EventTypes.GRANT, "workerId", grant.workerId(), "notBefore", grant.notBefore(),
                    "via", "register", "expiresAt", String.valueOf(grant.expiresAt()));
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
            this.events.record(EventTypes.RENEWED, "workerId", workerId, "lastTimestamp", lastTimestamp);
            return grant;
        }
        catch (DelegatorException ex) {
            this.events.record(EventTypes.RENEW_FAILED, "workerId", workerId, "status", ex.status(), "detail",
                    String.valueOf(ex.getMessage()));
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
            this.events.record(EventTypes.RELEASED, "workerId", workerId, "lastTimestamp", lastTimestamp, "ok", ok);
        }
    }

    @Override
    public String toString() {
        return this.delegate.toString();
    }

}
