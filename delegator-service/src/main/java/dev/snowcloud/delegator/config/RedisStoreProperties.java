package dev.snowcloud.delegator.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the Redis lease store makes its writes durable, under {@code snowcloud.delegator.redis}.
 *
 * @param minReplicasAcked How many Redis replicas must acknowledge every register, renew and
 * release (Redis WAIT) before the delegator answers; otherwise it answers 503 with
 * Retry-After. 0 does not wait: right for a single Redis. With Sentinel or Cluster set at
 * least 1, so that a failover or a partitioned master cannot lose or extend a lease (see
 * docs/operations.md).
 * @param ackTimeout How long to wait for those acknowledgements. Must stay well below a third of
 * the lease ttl (renewals come every ttl/3) and below spring.data.redis.timeout.
 */
@ConfigurationProperties("snowcloud.delegator.redis")
public record RedisStoreProperties(@DefaultValue("0") int minReplicasAcked, @DefaultValue("500ms") Duration ackTimeout) {

    public RedisStoreProperties {
        if (minReplicasAcked < 0) {
            throw new IllegalArgumentException(
                    "snowcloud.delegator.redis.min-replicas-acked must not be negative, not " + minReplicasAcked);
        }
        if (ackTimeout.toMillis() <= 0) {
            throw new IllegalArgumentException(
                    "snowcloud.delegator.redis.ack-timeout must be at least 1ms, not " + ackTimeout);
        }
    }

    /**
     * Checks the acknowledgement timeout against the lease ttl: a renewal that waits longer
     * than a third of it would leave the holder too little of its lease.
     */
    void requireWithin(Duration leaseTtl) {
        if (this.minReplicasAcked > 0 && this.ackTimeout.compareTo(leaseTtl.dividedBy(3)) >= 0) {
            throw new IllegalArgumentException("snowcloud.delegator.redis.ack-timeout (" + this.ackTimeout
                    + ") must be below a third of snowcloud.delegator.lease-ttl (" + leaseTtl + ")");
        }
    }

}
