package dev.snowcloud.delegator.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.snowcloud.delegator.lease.LeaseRules;
import dev.snowcloud.delegator.lease.LeaseStore;
import dev.snowcloud.delegator.lease.Registration;
import dev.snowcloud.delegator.lease.GrantedLease;
import dev.snowcloud.delegator.lease.memory.InMemoryLeaseStore;

import static org.assertj.core.api.Assertions.assertThat;

class PoolGaugesTests {

    private final SteppedClock clock = new SteppedClock();

    private final MeterRegistry registry = new SimpleMeterRegistry();

    private LeaseStore storeOf(int size, Duration recovery) {
        LeaseRules rules = LeaseRules.of(Duration.ofMinutes(1), Duration.ofSeconds(1), recovery).withPoolSize(size);
        LeaseStore store = new InMemoryLeaseStore(rules, this.clock);
        PoolGauges.register(store, this.registry, this.clock);
        return store;
    }

    private double workers(String state) {
        return this.registry.get("snowcloud.pool.workers").tag("state", state).gauge().value();
    }

    @Test
    void workersByStateAddUpToThePool() {
        LeaseStore store = storeOf(8, Duration.ZERO);
        GrantedLease lapsing = store.register(Registration.anonymous());
        store.register(Registration.anonymous());
        this.clock.advance(Duration.ofSeconds(30));
        GrantedLease live = store.register(Registration.anonymous());
        GrantedLease released = store.register(Registration.anonymous());
        store.release(released.workerId(), released.leaseToken(), 1);
        this.clock.advance(Duration.ofSeconds(31));
        store.renew(live.workerId(), live.leaseToken(), null);

        // the first two lapsed, the third is live, the fourth released
        assertThat(workers("leased")).isEqualTo(1);
        assertThat(workers("lapsed")).isEqualTo(2);
        assertThat(workers("free")).isEqualTo(5);
        assertThat(this.registry.get("snowcloud.pool.leased").gauge().value()).isEqualTo(1);

        store.renew(lapsing.workerId(), lapsing.leaseToken(), null);
        this.clock.advance(Duration.ofSeconds(1));
        assertThat(workers("leased")).isEqualTo(2);
        assertThat(workers("lapsed")).isEqualTo(1);
    }

    @Test
    void oneStoreReadServesEveryGaugeWithinASecond() {
        LeaseStore store = storeOf(4, Duration.ZERO);
        assertThat(workers("leased")).isZero();
        store.register(Registration.anonymous());
        assertThat(workers("leased")).isZero();
        this.clock.advance(Duration.ofMillis(999));
        assertThat(workers("leased")).isZero();
        this.clock.advance(Duration.ofMillis(1));
        assertThat(workers("leased")).isEqualTo(1);
    }

    @Test
    void recoveryRemainingCountsDownToZero() {
        LeaseStore store = storeOf(4, Duration.ofSeconds(60));
        store.pool();
        this.clock.advance(Duration.ofSeconds(15));
        assertThat(this.registry.get("snowcloud.pool.recovery.remaining").gauge().value()).isEqualTo(45.0);
        this.clock.advance(Duration.ofSeconds(45));
        assertThat(this.registry.get("snowcloud.pool.recovery.remaining").gauge().value()).isZero();
        assertThat(this.registry.getMeters()).allSatisfy(
                (meter) -> assertThat(meter.getId().getDescription()).as(meter.getId().getName()).isNotBlank());
    }

    /** A clock that moves only when told. */
    private static final class SteppedClock extends Clock {

        private Instant now = Instant.parse("2026-11-28T07:00:00Z");

        void advance(Duration duration) {
            this.now = this.now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return this.now;
        }

    }

}
