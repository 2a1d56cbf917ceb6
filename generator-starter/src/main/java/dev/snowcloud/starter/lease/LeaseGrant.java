package dev.snowcloud.starter.lease;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * A lease as the delegator grants it on registration or renewal.
 *
 * @param workerId the leased worker ID, 0..1023
 * @param leaseToken the secret that renews and releases the lease
 * @param ttlMillis how long the lease lasts from when the delegator granted it
 * @param expiresAt when the delegator lets the lease expire, by its own clock
 * @param notBefore the first Unix millisecond IDs under the lease may carry
 * @param maxTimestamp the last Unix millisecond IDs under the lease may carry; absent from
 *        a delegator older than the timestamp fence
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LeaseGrant(int workerId, String leaseToken, long ttlMillis, @Nullable Instant expiresAt, long notBefore,
        @Nullable Long maxTimestamp) {

    /**
     * The highest timestamp the lease covers: without one from the delegator, only the
     * monotonic deadline fences the lease.
     */
    public long maxTimestampOrUnbounded() {
        return this.maxTimestamp != null ? this.maxTimestamp : Long.MAX_VALUE;
    }

    @Override
    public String toString() {
        // The token renews and releases the lease: keep it out of logs.
        return "LeaseGrant[workerId=" + this.workerId + ", ttlMillis=" + this.ttlMillis + ", expiresAt="
                + this.expiresAt + ", notBefore=" + this.notBefore + ", maxTimestamp=" + this.maxTimestamp + "]";
    }

}
