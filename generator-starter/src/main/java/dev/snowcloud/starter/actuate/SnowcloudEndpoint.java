package dev.snowcloud.starter.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.id.WorkerLease;
import dev.snowcloud.lease.LeaseKeeper;
import dev.snowcloud.lease.LeaseKeepers;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code snowcloud} actuator endpoint: the generator's worker IDs, leases and
 * counters, and the delegator it leases from (never its API key). The top-level lease
 * fields describe slot 0, the first worker ID; {@code workers} lists every slot.
 */
@Endpoint(id = "snowcloud")
public class SnowcloudEndpoint {

    private final SnowflakeGenerator generator;

    private final @Nullable LeaseKeepers keepers;

    public SnowcloudEndpoint(SnowflakeGenerator generator, @Nullable LeaseKeepers keepers) {
        this.generator = generator;
        this.keepers = keepers;
    }

    @ReadOperation
    public GeneratorDescriptor generator() {
        Optional<WorkerLease> lease = this.generator.lease();
        boolean fixed = lease.isPresent() && !lease.get().expires();
        String mode = (this.keepers != null) ? "leased" : (fixed ? "fixed" : "custom");
        List<WorkerDescriptor> workers = new ArrayList<>();
        for (int slot = 0; slot < this.generator.workers(); slot++) {
            workers.add(worker(slot));
        }
        WorkerDescriptor first = workers.get(0);
        return new GeneratorDescriptor(mode, first.workerId(), this.generator.hasValidLease(),
                first.leaseRemaining(), Instant.ofEpochMilli(this.generator.lastTimestamp()).toString(),
                this.generator.generatedCount(), this.generator.sequenceExhaustedCount(),
                this.generator.clockBackwardsCount(), this.generator.layout().epoch().toString(),
                this.generator.clockBackwardsRefusedCount(), this.generator.fenceRefusedCount(),
                (this.keepers != null) ? this.keepers.keeper(0).delegator().toString() : null,
                (this.keepers != null) ? this.keepers.keeper(0).settings().instanceName() : null,
                first.lastRenewal(), first.clockOffset(), first.lastProblem(), workers);
    }

    private WorkerDescriptor worker(int slot) {
        Optional<WorkerLease> lease = this.generator.lease(slot);
        @Nullable LeaseKeeper keeper = (this.keepers != null) ? this.keepers.keeper(slot) : null;
        return new WorkerDescriptor(slot, lease.map(WorkerLease::workerId).orElse(null),
                this.generator.hasValidLease(slot),
                SnowflakeGeneratorHealthIndicator.describe(this.generator.leaseRemaining(slot), lease),
                Instant.ofEpochMilli(this.generator.lastTimestamp(slot)).toString(),
                this.generator.generatedCount(slot),
                (keeper != null) ? keeper.lastRenewal().map(Instant::toString).orElse(null) : null,
                (keeper != null) ? keeper.clockOffset().map(Duration::toString).orElse(null) : null,
                (keeper != null) ? keeper.lastProblem().orElse(null) : null);
    }

    /**
     * What the endpoint shows.
     *
     * @param mode {@code leased} from a delegator, {@code fixed} worker ID, or a {@code custom} generator bean
     * @param workerId the worker ID of the lease held in slot 0, if any
     * @param leaseValid whether IDs can be issued now (under any worker ID)
     * @param leaseRemaining time left before slot 0's lease's deadline, as an ISO-8601 duration
     * @param lastTimestamp the instant at or after every issued ID's timestamp
     * @param idsGenerated IDs issued since start, under all worker IDs
     * @param sequenceExhausted milliseconds whose sequence numbers ran out (in every slot)
     * @param clockBackwards backward steps of the wall clock seen
     * @param epoch the epoch ID timestamps count from
     * @param clockBackwardsRefused calls refused because the wall clock stood too far behind
     * @param fenceRefused calls refused because the wall clock passed the lease's {@code maxTimestamp}
     * @param delegator the delegator leased from (its URLs)
     * @param instanceName the name registered with the delegator
     * @param lastRenewal when slot 0's lease was last renewed
     * @param clockOffset how far this clock ran ahead of the delegator's at its last answer, as an ISO-8601 duration
     * @param lastProblem what went wrong with slot 0's last call to the delegator, while its lease is not in good order
     * @param workers every slot's lease, by slot ({@code snowcloud.generator.workers} of them)
     */
    public record GeneratorDescriptor(String mode, @Nullable Integer workerId, boolean leaseValid,
            String leaseRemaining, String lastTimestamp, long idsGenerated, long sequenceExhausted,
            long clockBackwards, String epoch, long clockBackwardsRefused, long fenceRefused, @Nullable String delegator,
            @Nullable String instanceName, @Nullable String lastRenewal, @Nullable String clockOffset,
            @Nullable String lastProblem, List<WorkerDescriptor> workers) implements OperationResponseBody {
    }

    /**
     * One slot's lease.
     *
     * @param slot the slot, 0..workers-1
     * @param workerId the worker ID it holds, if any
     * @param leaseValid whether it can issue now
     * @param leaseRemaining time left before its lease's deadline, as an ISO-8601 duration
     * @param lastTimestamp the instant at or after every timestamp it issued
     * @param idsGenerated IDs it issued since start
     * @param lastRenewal when its lease was last renewed
     * @param clockOffset how far this clock ran ahead of the delegator's at its last answer
     * @param lastProblem what went wrong with its last call to the delegator, while its lease is not in good order
     */
    public record WorkerDescriptor(int slot, @Nullable Integer workerId, boolean leaseValid, String leaseRemaining,
            String lastTimestamp, long idsGenerated, @Nullable String lastRenewal, @Nullable String clockOffset,
            @Nullable String lastProblem) {
    }

}
