package dev.snowcloud.delegator.actuate;

import java.time.Clock;
import java.time.Instant;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import dev.snowcloud.delegator.lease.LeaseStore;
import dev.snowcloud.delegator.lease.PoolStatus;
import dev.snowcloud.delegator.lease.StoreUnavailableException;

/**
 * The pool gauges: {@code snowcloud.pool.size}, {@code snowcloud.pool.leased}, the pool by
 * state ({@code snowcloud.pool.workers{state=leased|lapsed|free}}, which add up to the size)
 * and {@code snowcloud.pool.recovery.remaining}. They are read from the store at each scrape,
 * so every replica reports the shared pool; one read serves every gauge of a scrape (a read
 * is reused for a second). While the store is unreachable they read NaN.
 */
final class PoolGauges {

    private static final long REUSE_MILLIS = 1000;

    private final LeaseStore store;

    private final Clock clock;

    private @Nullable Reading last;

    private PoolGauges(LeaseStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    static void register(LeaseStore store, MeterRegistry registry) {
        register(store, registry, Clock.systemUTC());
    }

    static void register(LeaseStore store, MeterRegistry registry, Clock clock) {
        PoolGauges pool = new PoolGauges(store, clock);
        Gauge.builder("snowcloud.pool.size", store, (s) -> s.rules().poolSize())
            .description("Worker IDs in the pool")
            .register(registry);
        Gauge.builder("snowcloud.pool.leased", pool, read(PoolStatus::leased))
            .description("Worker IDs held by a live lease")
            .register(registry);
        String description = "Worker IDs in the pool by state: leased (a live lease), lapsed (expired unreleased, "
                + "not taken since, still renewable by its holder), free (neither)";
        Gauge.builder("snowcloud.pool.workers", pool, read(PoolStatus::leased))
            .description(description)
            .tag("state", "leased")
            .register(registry);
        Gauge.builder("snowcloud.pool.workers", pool, read((status) -> status.lapsed().size()))
            .description(description)
            .tag("state", "lapsed")
            .register(registry);
        Gauge.builder("snowcloud.pool.workers", pool, read(PoolStatus::unclaimed))
            .description(description)
            .tag("state", "free")
            .register(registry);
        Gauge.builder("snowcloud.pool.recovery.remaining", pool, PoolGauges::recoveryRemainingSeconds)
            .description("Time left in the store's recovery period, while registrations are refused; 0 outside it")
            .baseUnit("seconds")
            .register(registry);
    }

    private static ToDoubleFunction<PoolGauges> read(ToDoubleFunction<PoolStatus> value) {
        return (gauges) -> {
            PoolStatus pool = gauges.pool();
            return (pool != null) ? value.applyAsDouble(pool) : Double.NaN;
        };
    }

    private static double recoveryRemainingSeconds(PoolGauges gauges) {
        PoolStatus pool = gauges.pool();
        if (pool == null) {
            return Double.NaN;
        }
        Instant until = pool.recoveryUntil();
        return (until != null) ? Math.max(0, until.toEpochMilli() - gauges.clock.millis()) / 1000.0 : 0;
    }

    /** The pool, read at most once a second; {@code null} while the store is unreachable. */
    private synchronized @Nullable PoolStatus pool() {
        long now = this.clock.millis();
        Reading last = this.last;
        if (last == null || now - last.readAt >= REUSE_MILLIS || now < last.readAt) {
            PoolStatus pool;
            try {
                pool = this.store.pool();
            }
            catch (StoreUnavailableException ex) {
                pool = null;
            }
            last = new Reading(pool, now);
            this.last = last;
        }
        return last.pool;
    }

    private record Reading(@Nullable PoolStatus pool, long readAt) {
    }

}
