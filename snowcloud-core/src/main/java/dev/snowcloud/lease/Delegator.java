package dev.snowcloud.lease;

/**
 * Where worker leases come from: the delegator service, or anything that follows
 * its rules (a test double, a decorator that records calls). A {@link LeaseKeeper}
 * calls it from one thread at a time, but the keepers of a generator with several
 * slots ({@link LeaseKeepers}) share one delegator and call it concurrently, so an
 * implementation must be thread-safe ({@code DelegatorClient} is).
 * <p>
 * Every method answers or throws one of the typed {@link DelegatorException}s:
 * {@link DelegatorUnavailableException} (worth retrying), {@link LeaseConflictException}
 * (the lease is lost) or {@link DelegatorRefusedException} (will not heal by retrying).
 * Its {@code toString()} names the delegator in messages and never shows a secret.
 */
public interface Delegator {

    /**
     * Registers for a new lease on whichever worker ID the delegator picks.
     * @param name the name the lease is registered under
     * @param host the host the lease is registered from
     */
    LeaseGrant register(String name, String host);

    /**
     * Extends the lease on {@code workerId}, reporting the Unix millisecond at or after
     * every timestamp issued under it so far.
     */
    LeaseGrant renew(int workerId, String leaseToken, long lastTimestamp);

    /**
     * Hands the lease on {@code workerId} back, reporting the Unix millisecond at or after
     * every timestamp issued under it.
     */
    void release(int workerId, String leaseToken, long lastTimestamp);

}
