package dev.snowcloud.delegator.lease.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.snowcloud.delegator.lease.GrantedLease;
import dev.snowcloud.delegator.lease.LeaseNotHeldException;
import dev.snowcloud.delegator.lease.LeaseRules;
import dev.snowcloud.delegator.lease.LeaseStore;
import dev.snowcloud.delegator.lease.LeaseTokens;
import dev.snowcloud.delegator.lease.PoolExhaustedException;
import dev.snowcloud.delegator.lease.PoolStatus;
import dev.snowcloud.delegator.lease.Registration;
import dev.snowcloud.delegator.lease.Renewal;
import dev.snowcloud.delegator.lease.StoreRecoveringException;
import dev.snowcloud.delegator.lease.WorkerState;

/**
 * A {@link LeaseStore} in this process's memory, for a single delegator: nothing is shared
 * or persisted, so a restart is a store loss and starts a recovery period. It mirrors the
 * Redis scripts step by step (see {@code pool-lib.lua}); one lock makes each operation atomic,
 * and the injected {@link Clock} is its only clock.
 */
public final class InMemoryLeaseStore implements LeaseStore {

    private final LeaseRules rules;

    private final Clock clock;

    private @Nullable Pool pool;

    public InMemoryLeaseStore(LeaseRules rules, Clock clock) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public LeaseRules rules() {
        return this.rules;
    }

    @Override
    public synchronized GrantedLease register(Registration registration) {
        long now = this.clock.millis();
        Pool pool = ensurePool(now);
        if (now < pool.recoveryUntil) {
            throw new StoreRecoveringException(Duration.ofMillis(pool.recoveryUntil - now));
        }
        pool.reclaimExpired(now, this.rules.maxClockSkew().toMillis());
        Slot oldest = null;
        for (Slot slot : pool.slots) {
            if (!slot.leased && (oldest == null || slot.freeSince < oldest.freeSince)) {
                oldest = slot;
            }
        }
        if (oldest == null) {
            long earliest = Long.MAX_VALUE;
            for (Slot slot : pool.slots) {
                earliest = Math.min(earliest, slot.expiresAt);
            }
            throw new PoolExhaustedException(Duration.ofMillis(earliest - now));
        }
        String token = LeaseTokens.next();
        oldest.leased = true;
        oldest.expiresAt = now + this.rules.leaseTtl().toMillis();
        oldest.token = token;
        // the previous holder's retried release must not touch the new holder's ID
        oldest.releasedToken = null;
        oldest.notBefore = oldest.watermark + 1;
        oldest.leasedAt = now;
        oldest.name = registration.name();
        oldest.host = registration.host();
        return lease(oldest);
    }

    @Override
    public synchronized Renewal renew(int workerId, String leaseToken, @Nullable Long lastTimestamp) {
        this.rules.requireWorkerId(workerId);
        long now = this.clock.millis();
        Pool pool = ensurePool(now);
        pool.reclaimExpired(now, this.rules.maxClockSkew().toMillis());
        Slot slot = pool.slots[workerId];
        boolean reclaimed = false;
        if (leaseToken.equals(slot.token)) {
            // live: extend it; lapsed but nobody took the ID: take it back
        }
        else if (slot.token == null && now < pool.recoveryUntil && !leaseToken.equals(slot.releasedToken)) {
            // the pool was lost and nobody holds this ID: its holder gets it back first
            slot.token = leaseToken;
            slot.notBefore = (lastTimestamp != null) ? lastTimestamp + 1 : now;
            slot.leasedAt = now;
            slot.name = null;
            slot.host = null;
            reclaimed = true;
        }
        else {
            throw new LeaseNotHeldException(workerId);
        }
        if (lastTimestamp != null) {
            slot.raiseWatermark(lastTimestamp);
        }
        slot.leased = true;
        slot.expiresAt = now + this.rules.leaseTtl().toMillis();
        return new Renewal(lease(slot), reclaimed);
    }

    @Override
    public synchronized void release(int workerId, String leaseToken, long lastTimestamp) {
        this.rules.requireWorkerId(workerId);
        long now = this.clock.millis();
        Pool pool = ensurePool(now);
        pool.reclaimExpired(now, this.rules.maxClockSkew().toMillis());
        Slot slot = pool.slots[workerId];
        if (leaseToken.equals(slot.token)) {
            if (slot.leased) {
                slot.leased = false;
                slot.freeSince = now;
            }
            slot.raiseWatermark(lastTimestamp);
            slot.token = null;
            slot.name = null;
            slot.host = null;
            slot.releasedToken = leaseToken;
        }
        else if (leaseToken.equals(slot.releasedToken)) {
            slot.raiseWatermark(lastTimestamp);
        }
        else {
            throw new LeaseNotHeldException(workerId);
        }
    }

    @Override
    public synchronized PoolStatus pool() {
        long now = this.clock.millis();
        Pool pool = ensurePool(now);
        pool.reclaimExpired(now, this.rules.maxClockSkew().toMillis());
        List<WorkerState> leases = new ArrayList<>();
        for (Slot slot : pool.slots) {
            if (slot.leased) {
                leases.add(state(slot));
            }
        }
        return new PoolStatus(pool.slots.length, leases,
                (now < pool.recoveryUntil) ? Instant.ofEpochMilli(pool.recoveryUntil) : null);
    }

    @Override
    public synchronized WorkerState worker(int workerId) {
        this.rules.requireWorkerId(workerId);
        long now = this.clock.millis();
        Pool pool = ensurePool(now);
        pool.reclaimExpired(now, this.rules.maxClockSkew().toMillis());
        return state(pool.slots[workerId]);
    }

    private Pool ensurePool(long now) {
        Pool pool = this.pool;
        if (pool == null) {
            pool = new Pool(this.rules.poolSize(), now + this.rules.recoveryPeriod().toMillis(),
                    this.rules.maxClockSkew().toMillis());
            this.pool = pool;
        }
        return pool;
    }

    private GrantedLease lease(Slot slot) {
        return new GrantedLease(slot.id, Objects.requireNonNull(slot.token), this.rules.leaseTtl(),
                Instant.ofEpochMilli(slot.expiresAt), slot.notBefore);
    }

    private static WorkerState state(Slot slot) {
        if (slot.leased) {
            return WorkerState.leased(slot.id, slot.name, slot.host, Instant.ofEpochMilli(slot.leasedAt),
                    Instant.ofEpochMilli(slot.expiresAt), slot.notBefore);
        }
        return WorkerState.free(slot.id, slot.watermark + 1);
    }

    private static final class Pool {

        final Slot[] slots;

        final long recoveryUntil;

        Pool(int size, long recoveryUntil, long skew) {
            this.recoveryUntil = recoveryUntil;
            this.slots = new Slot[size];
            for (int id = 0; id < size; id++) {
                // never-leased IDs "ended" at epoch + id ms: oldest first, in ID order
                this.slots[id] = new Slot(id, id, recoveryUntil + skew);
            }
        }

        void reclaimExpired(long now, long skew) {
            for (Slot slot : this.slots) {
                if (slot.leased && slot.expiresAt <= now) {
                    slot.leased = false;
                    slot.freeSince = slot.expiresAt;
                    slot.raiseWatermark(slot.expiresAt + skew);
                }
            }
        }

    }

    private static final class Slot {

        final int id;

        boolean leased;

        long expiresAt;

        long freeSince;

        long watermark;

        long notBefore;

        long leasedAt;

        @Nullable String token;

        @Nullable String releasedToken;

        @Nullable String name;

        @Nullable String host;

        Slot(int id, long freeSince, long watermark) {
            this.id = id;
            this.freeSince = freeSince;
            this.watermark = watermark;
        }

        void raiseWatermark(long value) {
            this.watermark = Math.max(this.watermark, value);
        }

    }

}
