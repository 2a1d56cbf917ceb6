package dev.snowcloud.starter.metrics;

import java.time.Duration;

import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.id.SnowflakeLayout;
import dev.snowcloud.id.WorkerLease;
import dev.snowcloud.lease.LeaseKeeper;
import dev.snowcloud.lease.LeaseKeepers;
import dev.snowcloud.lease.RenewalOutcome;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Binds the generator's meters. As Prometheus shows them:
 * {@code snowcloud_ids_generated_total}, {@code snowcloud_lease_remaining_seconds},
 * {@code snowcloud_lease_renewals_total{outcome}}, {@code snowcloud_sequence_exhausted_total},
 * {@code snowcloud_clock_backwards_total}, {@code snowcloud_clock_backwards_refused_total},
 * {@code snowcloud_fence_refused_total}, {@code snowcloud_worker_id},
 * {@code snowcloud_clock_offset_seconds} and {@code snowcloud_epoch_remaining_seconds}.
 * <p>
 * A generator with several worker IDs ({@code snowcloud.generator.workers}) reports the
 * meters of a lease (IDs generated, lease remaining, renewals, worker ID, clock offset) once
 * per slot, tagged {@code slot="0"}, {@code slot="1"}, …: {@code snowcloud_worker_id{slot}}
 * gives the worker ID each slot holds. With one worker ID the meters carry no slot tag.
 */
public class SnowflakeGeneratorMetrics implements MeterBinder {

    private final SnowflakeGenerator generator;

    private final @Nullable LeaseKeepers keepers;

    public SnowflakeGeneratorMetrics(SnowflakeGenerator generator, @Nullable LeaseKeepers keepers) {
        this.generator = generator;
        this.keepers = keepers;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        if (this.generator.workers() == 1) {
            bindLease(registry, 0, Tags.empty());
        }
        else {
            for (int slot = 0; slot < this.generator.workers(); slot++) {
                bindLease(registry, slot, Tags.of("slot", Integer.toString(slot)));
            }
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
        Gauge.builder("snowcloud.epoch.remaining", this.generator, SnowflakeGeneratorMetrics::epochRemainingSeconds)
            .description("Time left until the ID timestamp reaches its limit (2^41 ms after the epoch), "
                    + "past which the generator refuses to issue")
            .baseUnit("seconds")
            .register(registry);
    }

    /** The meters of the lease in {@code slot}. */
    private void bindLease(MeterRegistry registry, int slot, Tags tags) {
        FunctionCounter.builder("snowcloud.ids.generated", this.generator, (generator) -> generator.generatedCount(slot))
            .description("IDs issued by this generator")
            .tags(tags)
            .register(registry);
        Gauge.builder("snowcloud.lease.remaining", this.generator, (generator) -> leaseRemainingSeconds(generator, slot))
            .description("Time left before the worker lease's deadline; 0 without a valid lease, +Inf for a fixed worker ID")
            .tags(tags)
            .baseUnit("seconds")
            .register(registry);
        for (RenewalOutcome outcome : RenewalOutcome.values()) {
            FunctionCounter.builder("snowcloud.lease.renewals", this, (metrics) -> metrics.renewals(slot, outcome))
                .description("Attempts to renew the worker lease, by outcome")
                .tags(tags)
                .tag("outcome", outcome.tag())
                .register(registry);
        }
        Gauge.builder("snowcloud.worker.id", this.generator,
                (generator) -> generator.lease(slot).map(WorkerLease::workerId).orElse(-1))
            .description("Worker ID the generator issues under; -1 while it holds no lease")
            .tags(tags)
            .register(registry);
        if (this.keepers != null) {
            Gauge.builder("snowcloud.clock.offset", this.keepers.keeper(slot), SnowflakeGeneratorMetrics::clockOffsetSeconds)
                .description("How far this generator's wall clock ran ahead of the delegator's (negative: behind) at"
                        + " the last lease answer; NaN before the first")
                .tags(tags)
                .baseUnit("seconds")
                .register(registry);
        }
    }

    private double renewals(int slot, RenewalOutcome outcome) {
        return (this.keepers != null) ? this.keepers.keeper(slot).renewals(outcome) : 0;
    }

    private static double clockOffsetSeconds(LeaseKeeper keeper) {
        return keeper.clockOffset().map((offset) -> offset.toNanos() / 1e9).orElse(Double.NaN);
    }

    private static double leaseRemainingSeconds(SnowflakeGenerator generator, int slot) {
        Duration remaining = generator.leaseRemaining(slot);
        if (remaining.equals(SnowflakeGenerator.FOREVER)) {
            return Double.POSITIVE_INFINITY;
        }
        return remaining.toNanos() / 1e9;
    }

    private static double epochRemainingSeconds(SnowflakeGenerator generator) {
        long end = generator.layout().epochMillis() + SnowflakeLayout.MAX_TIMESTAMP;
        return Math.max(0, end - generator.timeSource().currentTimeMillis()) / 1000.0;
    }

}
