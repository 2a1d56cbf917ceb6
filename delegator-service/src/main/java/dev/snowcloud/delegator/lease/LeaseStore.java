package dev.snowcloud.delegator.lease;

import org.jspecify.annotations.Nullable;

/**
 * Keeps the pool of worker IDs and their leases. Every operation is atomic and reads one
 * clock, the store's own; each implementation applies the same rules:
 * <ul>
 * <li>register grants the free ID whose last lease ended longest ago, with
 * {@code notBefore = watermark(id) + 1};</li>
 * <li>a lease that expires unreleased is reclaimed lazily, raising the ID's watermark to
 * {@code expiry + maxClockSkew}, and stays renewable by its own token until someone else
 * takes the ID;</li>
 * <li>release frees the ID and raises its watermark to the reported last timestamp;</li>
 * <li>a store that finds its pool missing re-creates it with every watermark at
 * {@code recoveryUntil + maxClockSkew}, and until {@code recoveryUntil} refuses registrations
 * while renewals of unheld IDs re-claim them.</li>
 * </ul>
 */
public interface LeaseStore {

    /** The rules this store applies. */
    LeaseRules rules();

    /**
     * Grants a lease on a free worker ID.
     * @throws PoolExhaustedException when every ID is leased
     * @throws StoreRecoveringException while the store recovers from losing its pool
     * @throws StoreUnavailableException when the store cannot be reached
     */
    GrantedLease register(Registration registration);

    /**
     * Extends the lease on {@code workerId} held by {@code leaseToken} to now + ttl.
     * @param lastTimestamp the last timestamp the holder put into an ID, if it reports one;
     * raises the ID's watermark
     * @throws LeaseNotHeldException when the token does not hold the lease (and cannot
     * re-claim it)
     * @throws UnknownWorkerException when the ID is outside the pool
     * @throws StoreUnavailableException when the store cannot be reached
     */
    Renewal renew(int workerId, String leaseToken, @Nullable Long lastTimestamp);

    /**
     * Ends the lease on {@code workerId} held by {@code leaseToken} and records the last
     * timestamp its holder issued. Releasing an already released lease again succeeds.
     * @throws LeaseNotHeldException when the token does not hold the lease
     * @throws UnknownWorkerException when the ID is outside the pool
     * @throws StoreUnavailableException when the store cannot be reached
     */
    void release(int workerId, String leaseToken, long lastTimestamp);

    /**
     * The live leases and pool counts.
     * @throws StoreUnavailableException when the store cannot be reached
     */
    PoolStatus pool();

    /**
     * One worker ID's state.
     * @throws UnknownWorkerException when the ID is outside the pool
     * @throws StoreUnavailableException when the store cannot be reached
     */
    WorkerState worker(int workerId);

}
