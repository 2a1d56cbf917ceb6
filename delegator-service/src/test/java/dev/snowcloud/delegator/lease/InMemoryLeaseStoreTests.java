package dev.snowcloud.delegator.lease;

import java.time.Duration;
import java.time.Instant;

import dev.snowcloud.delegator.lease.memory.InMemoryLeaseStore;

class InMemoryLeaseStoreTests extends LeaseStoreContractTests {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T07:00:00Z"));

    @Override
    LeaseStore newStore(LeaseRules rules) {
        return new InMemoryLeaseStore(rules, this.clock);
    }

    @Override
    LeaseStore loseStore(LeaseRules rules) {
        // the memory store's only loss is its process restarting: a new, empty instance
        return new InMemoryLeaseStore(rules, this.clock);
    }

    @Override
    void passTime(Duration duration) {
        this.clock.advance(duration);
    }

    @Override
    Duration expiringTtl() {
        return Duration.ofMinutes(1);
    }

    @Override
    Duration recoveryPeriod() {
        return Duration.ofMinutes(1);
    }

}
