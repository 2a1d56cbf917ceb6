package dev.snowcloud.delegator.lease;

import java.time.Duration;
import java.util.Objects;

/**
 * The numbers every {@link LeaseStore} applies.
 *
 * @param leaseTtl how long a lease lasts after it is granted or renewed
 * @param maxClockSkew how far a generator's clock may run ahead of the store's; added to the
 * expiry of a lease that ended without a release to get the last timestamp its holder could
 * have issued
 * @param recoveryPeriod how long after re-creating a lost pool the store refuses new
 * registrations while live holders re-claim their IDs by renewing
 * @param poolSize how many worker IDs the pool holds, {@code 0..poolSize-1}
 */
public record LeaseRules(Duration leaseTtl, Duration maxClockSkew, Duration recoveryPeriod, int poolSize) {

    /** Worker IDs in a full pool: the snowflake layout has 10 worker bits. */
    public static final int POOL_SIZE = 1024;

    /**
     * The largest timestamp (Unix epoch milliseconds) a store accepts: 2^53 - 1, so that it is
     * exact in a Lua number.
     */
    public static final long MAX_TIMESTAMP = (1L << 53) - 1;

    public LeaseRules {
        Objects.requireNonNull(leaseTtl, "leaseTtl");
        Objects.requireNonNull(maxClockSkew, "maxClockSkew");
        Objects.requireNonNull(recoveryPeriod, "recoveryPeriod");
        if (leaseTtl.toMillis() <= 0) {
            throw new IllegalArgumentException("lease ttl must be at least 1ms, not " + leaseTtl);
        }
        if (maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("max clock skew must not be negative, not " + maxClockSkew);
        }
        if (recoveryPeriod.isNegative()) {
            throw new IllegalArgumentException("recovery period must not be negative, not " + recoveryPeriod);
        }
        if (poolSize < 1 || poolSize > POOL_SIZE) {
            throw new IllegalArgumentException("pool size must be 1.." + POOL_SIZE + ", not " + poolSize);
        }
    }

    /** Rules for a full pool of {@value #POOL_SIZE} worker IDs. */
    public static LeaseRules of(Duration leaseTtl, Duration maxClockSkew, Duration recoveryPeriod) {
        return new LeaseRules(leaseTtl, maxClockSkew, recoveryPeriod, POOL_SIZE);
    }

    /** The same rules for a smaller pool; tests use it to reach exhaustion quickly. */
    public LeaseRules withPoolSize(int size) {
        return new LeaseRules(this.leaseTtl, this.maxClockSkew, this.recoveryPeriod, size);
    }

    /**
     * Checks that a worker ID belongs to the pool.
     * @throws UnknownWorkerException when it does not
     */
    public void requireWorkerId(int workerId) {
        if (workerId < 0 || workerId >= this.poolSize) {
            throw new UnknownWorkerException(Integer.toString(workerId), this.poolSize);
        }
    }

}
