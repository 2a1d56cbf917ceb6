package dev.snowcloud.delegator.lease;

import java.time.Duration;
import java.time.Instant;

/**
 * A granted or renewed lease, as its holder sees it.
 *
 * @param workerId the leased worker ID
 * @param leaseToken the secret that proves the holder on renew and release
 * @param ttl how long the lease lasts from the moment the store granted it
 * @param expiresAt when the store will consider the lease ended unless it is renewed
 * @param notBefore the smallest Unix epoch millisecond the holder may put into an ID
 * @param maxTimestamp the largest Unix epoch millisecond the holder may put into an ID: the
 * expiry on the store's clock plus the max clock skew. The next holder of the worker ID starts
 * above every {@code maxTimestamp} its previous holders were given (or, after a release, above
 * the last timestamp reported)
 */
public record GrantedLease(int workerId, String leaseToken, Duration ttl, Instant expiresAt, long notBefore,
        long maxTimestamp) {

}
