package dev.snowcloud.starter.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.id.WorkerLease;
import dev.snowcloud.lease.LeaseKeeper;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code snowcloud} actuator endpoint: the generator's worker ID, lease and
 * counters, and the delegator it leases from (never its API key).
 */
@Endpoint(id = "snowcloud")
public class SnowcloudEndpoint {

    private final SnowflakeGenerator generator;

    private final @Nullable LeaseKeeper keeper;

    public SnowcloudEndpoint(SnowflakeGenerator generator, @Nullable LeaseKeeper keeper) {
        this.generator = generator;
        this.keeper = keeper;
    }

    @ReadOperation
    public GeneratorDescriptor generator() {
        Optional<WorkerLease> lease = this.generator.lease();
        boolean fixed = lease.isPresent() && !lease.get().expires();
        String mode = (this.keeper != null) ? "leased" : (fixed ? "fixed" : "custom");
        return new GeneratorDescriptor(mode, lease.map(WorkerLease::workerId).orElse(null),
                this.generator.hasValidLease(),
                SnowflakeGeneratorHealthIndicator.describe(this.generator.leaseRemaining(), lease),
                Instant.ofEpochMilli(this.generator.lastTimestamp()).toString(), this.generator.generatedCount(),
                this.generator.sequenceExhaustedCount(), this.generator.clockBackwardsCount(),
                this.generator.layout().epoch().toString(),
                this.generator.clockBackwardsRefusedCount(), this.generator.fenceRefusedCount(),
                (this.keeper != null) ? this.keeper.delegator().toString() : null,
                (this.keeper != null) ? this.keeper.settings().instanceName() : null,
                (this.keeper != null) ? this.keeper.lastRenewal().map(Instant::toString).orElse(null) : null,
                (this.keeper != null) ? this.keeper.clockOffset().map(Duration::toString).orElse(null) : null,
                (this.keeper != null) ? this.keeper.lastProblem().orElse(null) : null);
    }

    /**
     * What the endpoint shows.
     *
     * @param mode {@code leased} from a delegator, {@code fixed} worker ID, or a {@code custom} generator bean
     * @param workerId the worker ID of the held lease, if any
     * @param leaseValid whether IDs can be issued now
     * @param leaseRemaining time left before the lease's deadline, as an ISO-8601 duration
     * @param lastTimestamp the instant at or after every issued ID's timestamp
     * @param idsGenerated IDs issued since start
     * @param sequenceExhausted milliseconds whose sequence numbers ran out
     * @param clockBackwards backward steps of the wall clock seen
     * @param epoch the epoch ID timestamps count from
     * @param clockBackwardsRefused calls refused because the wall clock stood too far behind
     * @param fenceRefused calls refused because the wall clock passed the lease's {@code maxTimestamp}
     * @param delegator the delegator leased from (its URLs)
     * @param instanceName the name registered with the delegator
     * @param lastRenewal when the lease was last renewed
     * @param clockOffset how far this clock ran ahead of the delegator's at its last answer, as an ISO-8601 duration
     * @param lastProblem what went wrong with the last call to the delegator, while the lease is not in good order
     */
    public record GeneratorDescriptor(String mode, @Nullable Integer workerId, boolean leaseValid,
            String leaseRemaining, String lastTimestamp, long idsGenerated, long sequenceExhausted,
            long clockBackwards, String epoch, long clockBackwardsRefused, long fenceRefused, @Nullable String delegator,
            @Nullable String instanceName, @Nullable String lastRenewal, @Nullable String clockOffset,
            @Nullable String lastProblem) implements OperationResponseBody {
    }

}
