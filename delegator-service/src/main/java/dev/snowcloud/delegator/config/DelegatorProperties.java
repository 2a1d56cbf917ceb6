package dev.snowcloud.delegator.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * @param memory Settings of the in-memory store.
 * @param unsafe Settings that can hand one worker ID to two live holders, each off unless
 * turned on here; every start logs a warning for each one that is on.
 */
@ConfigurationProperties("snowcloud.delegator")
public record DelegatorProperties(@DefaultValue("redis") Store store, @DefaultValue("default") String namespace,
        @DefaultValue("60s") Duration leaseTtl, @Nullable Duration recoveryPeriod,
        @DefaultValue("1s") Duration maxClockSkew, @DefaultValue List<String> apiKeys,
        @DefaultValue("true") boolean authEnabled, @DefaultValue Memory memory, @DefaultValue Unsafe unsafe) {

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
        if (maxClockSkew.isZero() && !unsafe.allowZeroClockSkew()) {
            throw new UnsafeSettingException("snowcloud.delegator.max-clock-skew is 0",
                    "A generator whose clock runs even 1 ms ahead of the store's stops at its fence before its "
                            + "deadline, and a recovered pool's watermarks leave it no margin.",
                    "Set snowcloud.delegator.max-clock-skew to the largest difference between the clocks of "
                            + "generator hosts and Redis (default 1s), or set "
                            + "snowcloud.delegator.unsafe.allow-zero-clock-skew=true if every clock is one clock.");
        }
        Duration recovery = (recoveryPeriod != null) ? recoveryPeriod : leaseTtl;
        if (recovery.compareTo(leaseTtl) < 0 && !unsafe.allowShortRecovery()) {
            throw new UnsafeSettingException(
                    "snowcloud.delegator.recovery-period (" + recovery + ") is shorter than snowcloud.delegator.lease-ttl ("
                            + leaseTtl + ")",
                    "After a store loss a lease granted before it can be live for one ttl, but its ID would be "
                            + "granted again (and its holder's fence exceeded) once the recovery period ended.",
                    "Leave snowcloud.delegator.recovery-period unset (it defaults to the lease ttl) or set it to at "
                            + "least the lease ttl. For the very first start of a pool that nothing uses yet, "
                            + "snowcloud.delegator.unsafe.allow-short-recovery=true allows it; with the memory store, "
                            + "set snowcloud.delegator.memory.data-dir instead, so that a first start needs no "
                            + "recovery and a restart knows what it granted.");
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
                + this.authEnabled + ", memory=" + this.memory + ", unsafe=" + this.unsafe + "]";
    }

    /** The recovery period, defaulting to the lease ttl. */
    public Duration effectiveRecoveryPeriod() {
        return (this.recoveryPeriod != null) ? this.recoveryPeriod : this.leaseTtl;
    }

    /** The rules the lease store applies. */
    public LeaseRules rules() {
        return LeaseRules.of(this.leaseTtl, this.maxClockSkew, effectiveRecoveryPeriod());
    }

    /**
     * Settings that can hand one worker ID to two live holders. Each is off by default; each
     * one that is on is logged as a warning at every start.
     *
     * @param allowShortRecovery Allow a recovery-period shorter than the lease-ttl (such as 0).
     * Only for the first start of a pool that nothing uses yet: a later store loss could then
     * grant an ID again while its holder still issues.
     * @param allowZeroClockSkew Allow max-clock-skew 0: only when every generator and Redis read
     * one clock.
     * @param allowMismatchedReplicas Serve a pool whose other replicas use a different
     * max-clock-skew, or a ttl longer than a recovery period of the pool. Only when the leases
     * of the mismatched replicas issue no IDs (a test's placeholder leases).
     */
    public record Unsafe(@DefaultValue("false") boolean allowShortRecovery,
            @DefaultValue("false") boolean allowZeroClockSkew, @DefaultValue("false") boolean allowMismatchedReplicas) {

        /** The warnings to log at start, one per setting that is on. */
        public List<String> warnings() {
            List<String> warnings = new ArrayList<>();
            if (this.allowShortRecovery) {
                warnings.add("snowcloud.delegator.unsafe.allow-short-recovery=true: a recovery period shorter than the "
                        + "lease ttl is allowed; after a store loss a worker ID can be granted again while its "
                        + "holder still issues IDs");
            }
            if (this.allowZeroClockSkew) {
                warnings.add("snowcloud.delegator.unsafe.allow-zero-clock-skew=true: max-clock-skew 0 is allowed; "
                        + "any clock difference between generators and the store is unaccounted for");
            }
            if (this.allowMismatchedReplicas) {
                warnings.add("snowcloud.delegator.unsafe.allow-mismatched-replicas=true: this replica serves even when "
                        + "other replicas of the pool use a different max-clock-skew or a ttl longer than a recovery "
                        + "period");
            }
            return warnings;
        }

    }

    /**
     * Settings of the in-memory store.
     *
     * @param dataDir A directory where the in-memory store writes what it granted, so that a
     * restart recovers (and starts every worker ID above what it granted) while a first start
     * serves at once. Without it every start is a store loss with a recovery period.
     */
    public record Memory(@Nullable Path dataDir) {

    }

    /** Where leases are kept. */
    public enum Store {

        /** Redis, shared by every replica. */
        REDIS,

        /** This process's memory: one delegator only. */
        MEMORY

    }

}
