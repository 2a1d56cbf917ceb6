package dev.snowcloud.delegator.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

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
import dev.snowcloud.delegator.lease.memory.InMemoryLeaseStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MeteredLeaseStoreTests {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T07:00:00Z"), ZoneOffset.UTC);

    private final MeterRegistry registry = new SimpleMeterRegistry();

    private LeaseStore metered(Duration recovery, int size) {
        LeaseRules rules = LeaseRules.of(Duration.ofMinutes(1), Duration.ofSeconds(1), recovery).withPoolSize(size);
        return new MeteredLeaseStore(new InMemoryLeaseStore(rules, CLOCK), this.registry);
    }

    private double count(String operation, String outcome) {
        return this.registry.get("snowcloud.leases").tag("operation", operation).tag("outcome", outcome).counter().count();
    }

    @Test
    void everyOperationOutcomePairStartsAtZeroWithADescription() {
        metered(Duration.ZERO, 1);
        assertThat(this.registry.find("snowcloud.leases").counters()).hasSize(11)
            .allSatisfy((counter) -> assertThat(counter.count()).isZero());
        assertThat(this.registry.getMeters()).allSatisfy(
                (meter) -> assertThat(meter.getId().getDescription()).as(meter.getId().getName()).isNotBlank());
    }

    @Test
    void countsGrantsConflictsAndExhaustion() {
        LeaseStore store = metered(Duration.ZERO, 1);
        GrantedLease lease = store.register(Registration.anonymous());
        assertThatExceptionOfType(PoolExhaustedException.class).isThrownBy(() -> store.register(Registration.anonymous()));
        store.renew(lease.workerId(), lease.leaseToken(), null);
        assertThatExceptionOfType(LeaseNotHeldException.class).isThrownBy(() -> store.renew(0, "wrong", null));
        assertThatExceptionOfType(LeaseNotHeldException.class).isThrownBy(() -> store.release(0, "wrong", 1L));
        store.release(lease.workerId(), lease.leaseToken(), 1L);
        assertThat(count("register", "granted")).isEqualTo(1);
        assertThat(count("register", "exhausted")).isEqualTo(1);
        assertThat(count("renew", "granted")).isEqualTo(1);
        assertThat(count("renew", "conflict")).isEqualTo(1);
        assertThat(count("release", "conflict")).isEqualTo(1);
        assertThat(count("release", "released")).isEqualTo(1);
    }

    @Test
    void countsRecoveryRefusalsAndReclaims() {
        LeaseStore store = metered(Duration.ofMinutes(1), 4);
        assertThatExceptionOfType(StoreRecoveringException.class)
            .isThrownBy(() -> store.register(Registration.anonymous()));
        assertThat(store.renew(2, "live-holder", 5L).reclaimed()).isTrue();
        assertThat(count("register", "recovering")).isEqualTo(1);
        assertThat(count("renew", "reclaimed")).isEqualTo(1);
        assertThat(count("renew", "granted")).isZero();
    }

    @Test
    void poolGaugesReadTheStore() {
        LeaseStore store = metered(Duration.ZERO, 8);
        store.register(Registration.anonymous());
        store.register(Registration.anonymous());
        assertThat(this.registry.get("snowcloud.pool.size").gauge().value()).isEqualTo(8);
        assertThat(this.registry.get("snowcloud.pool.leased").gauge().value()).isEqualTo(2);
        assertThat(this.registry.get("snowcloud.pool.leased").gauge().getId().getType()).isEqualTo(Meter.Type.GAUGE);
    }

    @Test
    void unreachableStoreCountsAsUnavailableAndLeasedReadsNaN() {
        LeaseStore store = new MeteredLeaseStore(new UnreachableStore(), this.registry);
        assertThatExceptionOfType(StoreUnavailableException.class)
            .isThrownBy(() -> store.register(Registration.anonymous()));
        assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> store.renew(1, "t", null));
        assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> store.release(1, "t", 1L));
        assertThat(count("register", "unavailable")).isEqualTo(1);
        assertThat(count("renew", "unavailable")).isEqualTo(1);
        assertThat(count("release", "unavailable")).isEqualTo(1);
        assertThat(this.registry.get("snowcloud.pool.leased").gauge().value()).isNaN();
    }

    private static final class UnreachableStore implements LeaseStore {

        private final LeaseRules rules = LeaseRules.of(Duration.ofMinutes(1), Duration.ZERO, Duration.ZERO);

        private static StoreUnavailableException down() {
            return new StoreUnavailableException("down", new IllegalStateException("connection refused"));
        }

        @Override
        public LeaseRules rules() {
            return this.rules;
        }

        @Override
        public GrantedLease register(Registration registration) {
            throw down();
        }

        @Override
        public Renewal renew(int workerId, String leaseToken, Long lastTimestamp) {
            throw down();
        }

        @Override
        public void release(int workerId, String leaseToken, long lastTimestamp) {
            throw down();
        }

        @Override
        public PoolStatus pool() {
            throw down();
        }

        @Override
        public WorkerState worker(int workerId) {
            throw down();
        }

    }

}
