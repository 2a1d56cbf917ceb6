package dev.snowcloud.delegator.web;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

import dev.snowcloud.delegator.lease.GrantedLease;

/**
 * A lease as its holder receives it from register and renew.
 *
 * @param workerId the leased worker ID, 0..1023
 * @param leaseToken the secret to renew and release with
 * @param ttlMillis the lease ttl in milliseconds
 * @param expiresAt when the delegator considers the lease ended unless renewed
 * @param notBefore the smallest Unix epoch millisecond the holder may put into an ID
 * @param maxTimestamp the largest Unix epoch millisecond the holder may put into an ID
 */
@Schema(description = "A lease on one worker ID")
record LeaseResponse(@Schema(example = "17") int workerId,
        @Schema(example = "3q2-7wAAAABx9Bc1c2VyMQ") String leaseToken, @Schema(example = "60000") long ttlMillis,
        @Schema(example = "2026-11-28T07:00:00Z") Instant expiresAt,
        @Schema(description = "Unix epoch ms; on renew informational for a holder that kept its lease",
                example = "1764300000124") long notBefore,
        @Schema(description = "Unix epoch ms: the expiry on the delegator's clock plus its max clock skew. The "
                + "holder must not put a larger timestamp into an ID; a renewal raises it. Added in v1 (additive)",
                example = "1764300061000") long maxTimestamp) {

    static LeaseResponse of(GrantedLease lease) {
        return new LeaseResponse(lease.workerId(), lease.leaseToken(), lease.ttl().toMillis(), lease.expiresAt(),
                lease.notBefore(), lease.maxTimestamp());
    }

}
