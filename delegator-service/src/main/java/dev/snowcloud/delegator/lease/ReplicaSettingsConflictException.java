package dev.snowcloud.delegator.lease;

import java.time.Duration;

/**
 * This delegator's rules conflict with those another replica of the same pool uses (a
 * different max clock skew, or a lease ttl longer than a recovery period), so serving could
 * hand one worker ID to two live holders. The store changed nothing; the replica stays out of
 * the pool until the conflict is gone.
 */
public class ReplicaSettingsConflictException extends PoolUnavailableException {

    private static final long serialVersionUID = 1L;

    /** How long a client should wait before it tries this replica again. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    public ReplicaSettingsConflictException(String difference) {
        super("This delegator's settings conflict with another replica of the pool: " + difference
                + ". Give every replica of the pool the same max-clock-skew and a recovery-period at least as long "
                + "as every replica's lease-ttl", RETRY_AFTER, null);
    }

}
