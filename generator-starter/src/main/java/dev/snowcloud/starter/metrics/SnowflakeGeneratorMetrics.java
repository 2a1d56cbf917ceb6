package dev.snowcloud.starter.metrics;

import java.time.Duration;
import java.util.function.ToDoubleFunction;

import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.id.SnowflakeLayout;
import dev.snowcloud.id.WorkerLease;
import dev.snowcloud.lease.LeaseKeeper;
import dev.snowcloud.lease.RenewalOutcome;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Binds the generator's meters. As Prometheus shows them:
 * {@code snowcloud_ids_generated_total}, {@code snowcloud_lease_remaining_seconds},
 * {@code snowcloud_lease_renewals_total{outcome}}, {@code snowcloud_sequence_exhausted_total},
 * {@code snowcloud_clock_backwards_total}, {@code snowcloud_clock_backwards_refused_total},
 * {@code snowcloud_fence_refused_total}, {@code snowcloud_worker_id},
 * {@code snowcloud_clock_offset_seconds} and {@code snowcloud_epoch_remaining_seconds}.
 */
public class SnowflakeGeneratorMetrics implements MeterBinder {

    private final SnowflakeGenerator generator;

    private final @Nullable LeaseKeeper keeper;

    public SnowflakeGeneratorMetrics(SnowflakeGenerator generator, @Nullable LeaseKeeper keeper) {
        this.generator = generator;
        this.keeper = keeper;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("snowcloud.ids.generated", this.generator, SnowflakeGenerator::generatedCount)
            .description("IDs issued by this generator")
            .register(registry);
        Gauge.builder("snowcloud.lease.remaining", this.generator, SnowflakeGeneratorMetrics::leaseRemainingSeconds)
            .description("Time left before the worker lease's deadline; 0 without a valid lease, +Inf for a fixed worker ID")
            .baseUnit("seconds")
            .register(registry);
        for (RenewalOutcome outcome : RenewalOutcome.values()) {
            FunctionCounter.builder("snowcloud.lease.renewals", this, (metrics) -> metrics.renewals(outcome))
                .description("Attempts to renew the worker lease, by outcome")
                .tag("outcome", outcome.tag())
                .register(registry);
        }
        FunctionCounter
            .builder("snowcloud.sequence.exhausted", this.generator, SnowflakeGenerator::sequenceExhaustedCount)
            .description("Milliseconds whose 4096 sequence numbers ran out, making callers wait for the next")
            .register(registry);
        FunctionCounter.builder("snowcloud.clock.backwards", this.generator, SnowflakeGenerator::clockBackwardsCount)
            .description("Backward steps of the wall clock the generator saw")
            .register(registry);
        FunctionCounter
            .builder("snowcloud.clock.backwards.refused", this.generator, SnowflakeGenerator::clockBackwardsRefusedCount)
            .description("Calls refused because the wall clock stood further behind the last issued timestamp than"
                    + " the generator may wait")
            .register(registry);
        FunctionCounter.builder("snowcloud.fence.refused", this.generator, SnowflakeGenerator::fenceRefusedCount)
            .description("Calls refused because the wall clock passed the lease's maxTimestamp, the timestamp fence:"
                    + " this clock runs ahead of the delegator's by more than the max clock skew")
            .register(registry);
        Gauge.builder("snowcloud.worker.id", this.generator, workerId())
            .description("Worker ID the generator issues under; -1 while it holds no lease")
            .register(registry);
        Gauge.builder("snowcloud.epoch.remaining", this.generator, SnowflakeGeneratorMetrics::epochRemainingSeconds)
            .description("Time left until the ID timestamp reaches its limit (2^41 ms after the epoch), "
                    + "past which the generator refuses to issue")
            .baseUnit("seconds")
            .register(registry);
        if (this.keeper != null) {
            Gauge.builder("snowcloud.clock.offset", this.keeper, SnowflakeGeneratorMetrics::clockOffsetSeconds)
                .description("How far this generator's wall clock ran ahead of the delegator's (negative: behind) at"
                        + " the last lease answer; NaN before the first")
                .baseUnit("seconds")
                .register(registry);
        }
    }

    private double renewals(RenewalOutcome outcome) {
        return (this.keeper != null) ? this.keeper.renewals(outcome) : 0;
    }

    private static double clockOffsetSeconds(LeaseKeeper keeper) {
        return keeper.clockOffset().map((offset) -> offset.toNanos() / 1e9).orElse(Double.NaN);
    }

    private static double leaseRemainingSeconds(SnowflakeGenerator generator) {
        Duration remaining = generator.leaseRemaining();
        if (remaining.equals(SnowflakeGenerator.FOREVER)) {
            return Double.POSITIVE_INFINITY;
        }
        return remaining.toNanos() / 1e9;
    }

    private static double epochRemainingSeconds(SnowflakeGenerator generator) {
        long end = generator.layout().epochMillis() + SnowflakeLayout.MAX_TIMESTAMP;
        return Math.max(0, end - generator.timeSource().currentTimeMillis()) / 1000.0;
    }

    private static ToDoubleFunction<SnowflakeGenerator> workerId() {
        return (generator) -> generator.lease().map(WorkerLease::workerId).orElse(-1);
    }

}
