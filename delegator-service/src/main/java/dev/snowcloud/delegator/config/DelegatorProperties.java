package dev.snowcloud.delegator.config;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.snowcloud.delegator.lease.LeaseRules;
import dev.snowcloud.delegator.lease.redis.RedisLeaseStore;

/**
 * Configuration of the delegator, under {@code snowcloud.delegator}.
 *
 * @param store Where leases are kept: redis (shared by any number of replicas) or memory
 * (a single delegator; nothing survives a restart).
 * @param namespace Name of the pool in Redis; its keys live under the hash tag
 * "{snowcloud:namespace}". 1 to 64 of A-Z a-z 0-9 . _ -
 * @param leaseTtl How long a lease lasts after each register or renew.
 * @param recoveryPeriod How long new registrations are refused after the pool was found
 * missing and re-created. Defaults to the lease ttl; 0 turns recovery off.
 * @param maxClockSkew How far a generator's clock may run ahead of the store's clock.
 * @param apiKeys API keys accepted as "Authorization: Bearer key" on /workers.
 * @param authEnabled Whether /workers calls need an API key. Only turn off on a trusted
 * network.
 */
@ConfigurationProperties("snowcloud.delegator")
public record DelegatorProperties(@DefaultValue("redis") Store store, @DefaultValue("default") String namespace,
        @DefaultValue("60s") Duration leaseTtl, @Nullable Duration recoveryPeriod,
        @DefaultValue("1s") Duration maxClockSkew, @DefaultValue List<String> apiKeys,
        @DefaultValue("true") boolean authEnabled) {

    public DelegatorProperties {
        if (!RedisLeaseStore.NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("snowcloud.delegator.namespace must be 1 to 64 of A-Z a-z 0-9 . _ -, not '"
                    + namespace + "'");
        }
        if (leaseTtl.toMillis() <= 0) {
            throw new IllegalArgumentException("snowcloud.delegator.lease-ttl must be at least 1ms, not " + leaseTtl);
        }
        if (maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("snowcloud.delegator.max-clock-skew must not be negative");
        }
        if (recoveryPeriod != null && recoveryPeriod.isNegative()) {
            throw new IllegalArgumentException("snowcloud.delegator.recovery-period must not be negative");
        }
        apiKeys = apiKeys.stream().map(String::strip).filter((key) -> !key.isEmpty()).toList();
        if (authEnabled && apiKeys.isEmpty()) {
            throw new IllegalArgumentException("No API key configured: set snowcloud.delegator.api-keys "
                    + "(environment: SNOWCLOUD_DELEGATOR_API_KEYS=key1,key2), or set "
                    + "snowcloud.delegator.auth-enabled=false to run without authentication on a trusted network");
        }
    }

    @Override
    public String toString() {
        // never the keys themselves: this may end up in a log
        return "DelegatorProperties[store=" + this.store + ", namespace=" + this.namespace + ", leaseTtl="
                + this.leaseTtl + ", recoveryPeriod=" + effectiveRecoveryPeriod() + ", maxClockSkew="
                + this.maxClockSkew + ", apiKeys=" + this.apiKeys.size() + " configured, authEnabled="
                + this.authEnabled + "]";
    }

    /** The recovery period, defaulting to the lease ttl. */
    public Duration effectiveRecoveryPeriod() {
        return (this.recoveryPeriod != null) ? this.recoveryPeriod : this.leaseTtl;
    }

    /** The rules the lease store applies. */
    public LeaseRules rules() {
        return LeaseRules.of(this.leaseTtl, this.maxClockSkew, effectiveRecoveryPeriod());
    }

    /** Where leases are kept. */
    public enum Store {

        /** Redis, shared by every replica. */
        REDIS,

        /** This process's memory: one delegator only. */
        MEMORY

    }

}
