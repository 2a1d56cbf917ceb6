package dev.snowcloud.lease;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A lease as the delegator grants it on registration or renewal.
 *
 * @param workerId the leased worker ID, 0..1023
 * @param leaseToken the secret that renews and releases the lease
 * @param ttlMillis how long the lease lasts from when the delegator granted it
 * @param expiresAt when the delegator lets the lease expire, by its own clock
 * @param notBefore the first Unix millisecond IDs under the lease may carry
 * @param maxTimestamp the last Unix millisecond IDs under the lease may carry (the timestamp
 *        fence); {@code null} from a delegator older than the fence
 */
public record LeaseGrant(int workerId, String leaseToken, long ttlMillis, Instant expiresAt, long notBefore,
        @Nullable Long maxTimestamp) {

    public LeaseGrant {
        Objects.requireNonNull(leaseToken, "leaseToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (ttlMillis <= 0) {
            throw new IllegalArgumentException("A lease's ttl must be positive: " + ttlMillis);
        }
    }

    /**
     * The last Unix millisecond IDs under this lease may carry. A delegator older than the
     * fence sends no {@code maxTimestamp}; its own expiry then stands in for it. That is
     * never above the value a fenced delegator would send (expiry plus the max clock skew),
     * so the next holder's {@code notBefore} still lies above it: safe, at the price of
     * refusing early when this clock runs ahead of the delegator's and renewals fail.
     */
    public long effectiveMaxTimestamp() {
        return (this.maxTimestamp != null) ? this.maxTimestamp : this.expiresAt.toEpochMilli();
    }

    @Override
    public String toString() {
        // The token renews and releases the lease: keep it out of logs.
        return "LeaseGrant[workerId=" + this.workerId + ", ttlMillis=" + this.ttlMillis + ", expiresAt="
                + this.expiresAt + ", notBefore=" + this.notBefore + ", maxTimestamp=" + this.maxTimestamp + "]";
    }

}
