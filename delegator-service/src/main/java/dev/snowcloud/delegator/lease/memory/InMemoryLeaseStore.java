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
 * A {@link LeaseStore} in this process's memory, for a single delegator. It mirrors the
 * Redis scripts step by step (see {@code pool-lib.lua}); one lock makes each operation atomic,
 * and the injected {@link Clock} is its only clock.
 * <p>
 * Without a {@link LeaseFloors} file nothing is kept, so every start is a store loss and starts
 * a recovery period. With one, the store writes down after every grant, renewal and release
 * the lowest {@code notBefore} each worker ID could safely get after a restart; a start that
 * finds no file has never granted anything and serves at once, a restart starts from those
 * floors and recovers only while a lease from before it can still be live.
 */
public final class InMemoryLeaseStore implements LeaseStore, AutoCloseable {

    private final LeaseRules rules;

    private final Clock clock;

    private final @Nullable LeaseFloors floors;

    private @Nullable Pool pool;

    public InMemoryLeaseStore(LeaseRules rules, Clock clock) {
        this(rules, clock, null);
    }

    /**
     * A store that keeps its {@link LeaseFloors} in a file, so that a restart knows what it
     * granted before.
     */
    public InMemoryLeaseStore(LeaseRules rules, Clock clock, @Nullable LeaseFloors floors) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.floors = floors;
        if (floors != null) {
            // now, so that a floors file that cannot be read (or is another delegator's) stops the start
            try {
                this.pool = restore(floors, clock.millis());
            }
            catch (RuntimeException ex) {
                floors.close();
                throw ex;
            }
        }
    }

    /** Releases the data directory, if there is one, for another process. */
    @Override
    public synchronized void close() {
        if (this.floors != null) {
            this.floors.close();
        }
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
        // a fresh lease: the last holder's fence is in the watermark already
        oldest.fence = 0;
        oldest.extend(now, this.rules);
        oldest.token = token;
        // the previous holder's retried release must not touch the new holder's ID
        oldest.releasedToken = null;
        oldest.notBefore = oldest.watermark + 1;
        oldest.leasedAt = now;
        oldest.name = registration.name();
        oldest.host = registration.host();
        persist(pool);
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
            if (!slot.leased) {
                // Lapsed, and nobody took the ID: the holder starts again above the watermark, as a
                // new holder would (the Redis store needs this after a lost grant; kept alike here)
                slot.notBefore = slot.watermark + 1;
            }
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
        slot.extend(now, this.rules);
        persist(pool);
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
            // the holder stopped and reported its last timestamp, which the watermark now covers
            slot.fence = 0;
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
        persist(pool);
    }

    @Override
    public synchronized PoolStatus pool() {
        long now = this.clock.millis();
        Pool pool = ensurePool(now);
        pool.reclaimExpired(now, this.rules.maxClockSkew().toMillis());
        List<WorkerState> leases = new ArrayList<>();
        List<WorkerState> lapsed = new ArrayList<>();
        for (Slot slot : pool.slots) {
            if (slot.leased) {
                leases.add(state(slot));
            }
            else if (slot.token != null) {
                lapsed.add(WorkerState.lapsed(slot.id, slot.name, slot.host, Instant.ofEpochMilli(slot.leasedAt),
                        Instant.ofEpochMilli(slot.expiresAt), slot.notBefore));
            }
        }
        return new PoolStatus(pool.slots.length, leases,
                (now < pool.recoveryUntil) ? Instant.ofEpochMilli(pool.recoveryUntil) : null, lapsed);
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
            pool = (this.floors != null) ? restore(this.floors, now) : new Pool(this.rules.poolSize(),
                    now + this.rules.recoveryPeriod().toMillis(), this.rules.maxClockSkew().toMillis());
            this.pool = pool;
        }
        return pool;
    }

    /**
     * Starts from the floors a previous run wrote: none means nothing was ever granted, so
     * there is nothing to recover from. Otherwise a lease granted before the restart may still
     * be live until {@code latestExpiry}: its holder re-claims it by renewing while
     * registrations wait, for at most the recovery period.
     */
    private Pool restore(LeaseFloors floors, long now) {
        LeaseFloors.Snapshot before = floors.read();
        if (before == null) {
            return new Pool(this.rules.poolSize(), now, 0);
        }
        long recoveryUntil = Math.max(now, Math.min(before.latestExpiry(), now + this.rules.recoveryPeriod().toMillis()));
        Pool pool = new Pool(this.rules.poolSize(), recoveryUntil, 0);
        // The leases from before stay unknown until re-claimed: every write keeps their expiry, or a
        // second restart could take them for gone.
        pool.inheritedExpiry = before.latestExpiry();
        for (Slot slot : pool.slots) {
            slot.raiseWatermark(before.floor(slot.id));
        }
        return pool;
    }

    private void persist(Pool pool) {
        LeaseFloors floors = this.floors;
        if (floors == null) {
            return;
        }
        long[] floor = new long[pool.slots.length];
        long latestExpiry = pool.inheritedExpiry;
        for (Slot slot : pool.slots) {
            floor[slot.id] = Math.max(slot.watermark, (slot.token != null) ? slot.fence : 0);
            if (slot.token != null) {
                latestExpiry = Math.max(latestExpiry, slot.expiresAt);
            }
        }
        floors.write(new LeaseFloors.Snapshot(floor, latestExpiry));
    }

    private GrantedLease lease(Slot slot) {
        return new GrantedLease(slot.id, Objects.requireNonNull(slot.token), this.rules.leaseTtl(),
                Instant.ofEpochMilli(slot.expiresAt), slot.notBefore,
                slot.expiresAt + this.rules.maxClockSkew().toMillis());
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

        /** The latest expiry of a lease from before a restart (0: none), which may still be live. */
        long inheritedExpiry;

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
                    // its holder never issued above the highest maxTimestamp it was given
                    slot.raiseWatermark(Math.max(slot.expiresAt + skew, slot.fence));
                }
            }
        }

    }

    private static final class Slot {

        final int id;

        boolean leased;

        long expiresAt;

        /** The highest maxTimestamp granted to the current (or lapsed) lease. */
        long fence;

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

        /** To now + ttl, never shorter than the holder was told, and records the fence. */
        void extend(long now, LeaseRules rules) {
            // a lease that is not live ended at or before now, so this only keeps a live one's expiry
            this.expiresAt = Math.max(this.expiresAt, now + rules.leaseTtl().toMillis());
            this.fence = Math.max(this.fence, this.expiresAt + rules.maxClockSkew().toMillis());
        }

    }

}
