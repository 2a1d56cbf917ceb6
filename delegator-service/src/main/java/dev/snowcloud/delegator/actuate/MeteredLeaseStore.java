package dev.snowcloud.delegator.actuate;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import dev.snowcloud.delegator.lease.GrantedLease;
import dev.snowcloud.delegator.lease.LeaseNotHeldException;
import dev.snowcloud.delegator.lease.LeaseRules;
import dev.snowcloud.delegator.lease.LeaseStore;
import dev.snowcloud.delegator.lease.PoolExhaustedException;
import dev.snowcloud.delegator.lease.PoolStatus;
import dev.snowcloud.delegator.lease.Registration;
import dev.snowcloud.delegator.lease.Renewal;
import dev.snowcloud.delegator.lease.StoreRecoveringException;
import dev.snowcloud.delegator.lease.StoreUnavailableException;
import dev.snowcloud.delegator.lease.WorkerState;

/**
 * A {@link LeaseStore} that counts the outcome of every register, renew and release in
 * {@code snowcloud.leases} (Prometheus: {@code snowcloud_leases_total{operation,outcome}}),
 * and registers the pool gauges {@code snowcloud.pool.size} and {@code snowcloud.pool.leased}.
 * Reads ({@link #pool()}, {@link #worker(int)}) are not counted, nor are requests refused
 * before they reach the store (bad input, an ID outside the pool): those show in
 * {@code http.server.requests}.
 */
public final class MeteredLeaseStore implements LeaseStore, AutoCloseable {

    /** Name of the lease outcome counter. */
    public static final String LEASES = "snowcloud.leases";

    private final LeaseStore delegate;

    private final MeterRegistry registry;

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public MeteredLeaseStore(LeaseStore delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
        for (Operation operation : Operation.values()) {
            for (Outcome outcome : operation.outcomes) {
                counter(operation, outcome);
            }
        }
        PoolGauges.register(delegate, registry);
    }

    @Override
    public LeaseRules rules() {
        return this.delegate.rules();
    }

    /** Closes the store it counts for, when that one holds something to close (a data directory). */
    @Override
    public void close() throws Exception {
        if (this.delegate instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Override
    public GrantedLease register(Registration registration) {
        GrantedLease lease = counted(Operation.REGISTER, () -> this.delegate.register(registration));
        counter(Operation.REGISTER, Outcome.GRANTED).increment();
        return lease;
    }

    @Override
    public Renewal renew(int workerId, String leaseToken, @Nullable Long lastTimestamp) {
        Renewal renewal = counted(Operation.RENEW, () -> this.delegate.renew(workerId, leaseToken, lastTimestamp));
        counter(Operation.RENEW, renewal.reclaimed() ? Outcome.RECLAIMED : Outcome.GRANTED).increment();
        return renewal;
    }

    @Override
    public void release(int workerId, String leaseToken, long lastTimestamp) {
        counted(Operation.RELEASE, () -> {
            this.delegate.release(workerId, leaseToken, lastTimestamp);
            return null;
        });
        counter(Operation.RELEASE, Outcome.RELEASED).increment();
    }

    @Override
    public PoolStatus pool() {
        return this.delegate.pool();
    }

    @Override
    public WorkerState worker(int workerId) {
        return this.delegate.worker(workerId);
    }

    private <T> T counted(Operation operation, Supplier<T> call) {
        try {
            return call.get();
        }
        catch (LeaseNotHeldException ex) {
            counter(operation, Outcome.CONFLICT).increment();
            throw ex;
        }
        catch (PoolExhaustedException ex) {
            counter(operation, Outcome.EXHAUSTED).increment();
            throw ex;
        }
        catch (StoreRecoveringException ex) {
            counter(operation, Outcome.RECOVERING).increment();
            throw ex;
        }
        catch (StoreUnavailableException ex) {
            counter(operation, Outcome.UNAVAILABLE).increment();
            throw ex;
        }
    }

    private Counter counter(Operation operation, Outcome outcome) {
        return this.counters.computeIfAbsent(operation.tag() + "/" + outcome.tag(),
                (key) -> Counter.builder(LEASES)
                    .description("Lease operations by outcome")
                    .tag("operation", operation.tag())
                    .tag("outcome", outcome.tag())
                    .register(this.registry));
    }

    /** What a client asked for. */
    enum Operation {

        REGISTER(Outcome.GRANTED, Outcome.EXHAUSTED, Outcome.RECOVERING, Outcome.UNAVAILABLE),

        RENEW(Outcome.GRANTED, Outcome.RECLAIMED, Outcome.CONFLICT, Outcome.UNAVAILABLE),

        RELEASE(Outcome.RELEASED, Outcome.CONFLICT, Outcome.UNAVAILABLE);

        private final Outcome[] outcomes;

        Operation(Outcome... outcomes) {
            this.outcomes = outcomes;
        }

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }

    }

    /** How it ended. */
    enum Outcome {

        /** A lease was granted (register) or extended (renew). */
        GRANTED,

        /** A renew re-claimed an unheld ID during recovery. */
        RECLAIMED,

        /** The lease was released. */
        RELEASED,

        /** The token did not hold the lease. */
        CONFLICT,

        /** Every worker ID was leased. */
        EXHAUSTED,

        /** The store was recovering from losing its pool. */
        RECOVERING,

        /** The store could not be reached. */
        UNAVAILABLE;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }

    }

}
