package dev.snowcloud.starter.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.id.WorkerLease;
import dev.snowcloud.lease.LeaseKeepers;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP while the generator holds a valid worker lease, DOWN otherwise: a generator without
 * one refuses to issue IDs. With several worker IDs it is UP while any of them is valid (the
 * generator issues from those), and its {@code workers} detail shows each slot.
 */
public class SnowflakeGeneratorHealthIndicator implements HealthIndicator {

    private final SnowflakeGenerator generator;

    private final @Nullable LeaseKeepers keepers;

    public SnowflakeGeneratorHealthIndicator(SnowflakeGenerator generator, @Nullable LeaseKeepers keepers) {
        this.generator = generator;
        this.keepers = keepers;
    }

    @Override
    public Health health() {
        if (this.generator.workers() == 1) {
            boolean valid = this.generator.hasValidLease(0);
            Health.Builder builder = valid ? Health.up() : Health.down();
            slot(0, valid).forEach(builder::withDetail);
            return builder.build();
        }
        List<Map<String, Object>> slots = new ArrayList<>();
        int valid = 0;
        for (int slot = 0; slot < this.generator.workers(); slot++) {
            // One reading per slot, so its detail, its count and its reason agree.
            boolean slotValid = this.generator.hasValidLease(slot);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("slot", slot);
            details.putAll(slot(slot, slotValid));
            details.put("valid", slotValid);
            valid += slotValid ? 1 : 0;
            slots.add(details);
        }
        Health.Builder builder = (valid > 0) ? Health.up() : Health.down();
        builder.withDetail("validWorkers", valid + " of " + this.generator.workers());
        if (valid == 0) {
            builder.withDetail("reason", "no worker lease is valid");
        }
        return builder.withDetail("workers", slots).build();
    }

    /** The details of one slot's lease, as a single worker's health shows them. */
    private Map<String, Object> slot(int slot, boolean valid) {
        Map<String, Object> details = new LinkedHashMap<>();
        Optional<WorkerLease> lease = this.generator.lease(slot);
        lease.ifPresent((held) -> details.put("workerId", held.workerId()));
        details.put("leaseRemaining", describe(this.generator.leaseRemaining(slot), lease));
        if (!valid) {
            details.put("reason", lease.isEmpty() ? "no worker lease is held"
                    : "the lease on worker " + lease.get().workerId() + " passed its deadline");
        }
        if (this.keepers != null) {
            this.keepers.keeper(slot).lastProblem().ifPresent((problem) -> details.put("lastProblem", problem));
        }
        return details;
    }

    static String describe(Duration remaining, Optional<WorkerLease> lease) {
        if (lease.isPresent() && !lease.get().expires()) {
            return "unlimited (fixed worker ID)";
        }
        return remaining.toString();
    }

}
