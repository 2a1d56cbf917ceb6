package dev.snowcloud.starter.actuate;

import java.time.Duration;
import java.util.Optional;

import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.id.WorkerLease;
import dev.snowcloud.lease.LeaseKeeper;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP while the generator holds a valid worker lease, DOWN otherwise: a
 * generator without one refuses to issue IDs.
 */
public class SnowflakeGeneratorHealthIndicator implements HealthIndicator {

    private final SnowflakeGenerator generator;

    private final @Nullable LeaseKeeper keeper;

    public SnowflakeGeneratorHealthIndicator(SnowflakeGenerator generator, @Nullable LeaseKeeper keeper) {
        this.generator = generator;
        this.keeper = keeper;
    }

    @Override
    public Health health() {
        Optional<WorkerLease> lease = this.generator.lease();
        boolean valid = this.generator.hasValidLease();
        Health.Builder builder = valid ? Health.up() : Health.down();
        lease.ifPresent((held) -> builder.withDetail("workerId", held.workerId()));
        builder.withDetail("leaseRemaining", describe(this.generator.leaseRemaining(), lease));
        if (!valid) {
            builder.withDetail("reason", lease.isEmpty() ? "no worker lease is held"
                    : "the lease on worker " + lease.get().workerId() + " passed its deadline");
        }
        if (this.keeper != null) {
            this.keeper.lastProblem().ifPresent((problem) -> builder.withDetail("lastProblem", problem));
        }
        return builder.build();
    }

    static String describe(Duration remaining, Optional<WorkerLease> lease) {
        if (lease.isPresent() && !lease.get().expires()) {
            return "unlimited (fixed worker ID)";
        }
        return remaining.toString();
    }

}
