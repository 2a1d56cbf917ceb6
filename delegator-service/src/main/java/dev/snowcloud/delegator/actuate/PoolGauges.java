package dev.snowcloud.delegator.actuate;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import dev.snowcloud.delegator.lease.LeaseStore;
import dev.snowcloud.delegator.lease.StoreUnavailableException;

/**
 * The pool gauges: {@code snowcloud.pool.size} and {@code snowcloud.pool.leased}. The leased
 * count is read from the store at each scrape, so every replica reports the shared pool;
 * while the store is unreachable it reads NaN.
 */
final class PoolGauges {

    private PoolGauges() {
    }

    static void register(LeaseStore store, MeterRegistry registry) {
        Gauge.builder("snowcloud.pool.size", store, (s) -> s.rules().poolSize())
            .description("Worker IDs in the pool")
            .register(registry);
        Gauge.builder("snowcloud.pool.leased", store, PoolGauges::leased)
            .description("Worker IDs held by a live lease")
            .register(registry);
    }

    private static double leased(LeaseStore store) {
        try {
            return store.pool().leased();
        }
        catch (StoreUnavailableException ex) {
            return Double.NaN;
        }
    }

}
