package dev.snowcloud.starter.actuate;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.id.WorkerLease;
import dev.snowcloud.starter.lease.WorkerLeaseLifecycle;
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

    private final @Nullable WorkerLeaseLifecycle lifecycle;

    public SnowcloudEndpoint(SnowflakeGenerator generator, @Nullable WorkerLeaseLifecycle lifecycle) {
        this.generator = generator;
        this.lifecycle = lifecycle;
    }

    @ReadOperation
    public GeneratorDescriptor generator() {
        Optional<WorkerLease> lease = this.generator.lease();
        boolean fixed = lease.isPresent() && !lease.get().expires();
        String mode = (this.lifecycle != null) ? "leased" : (fixed ? "fixed" : "custom");
        return new GeneratorDescriptor(mode, lease.map(WorkerLease::workerId).orElse(null),
                this.generator.hasValidLease(),
                SnowflakeGeneratorHealthIndicator.describe(this.generator.leaseRemaining(), lease),
                Instant.ofEpochMilli(this.generator.lastTimestamp()).toString(), this.generator.generatedCount(),
                this.generator.sequenceExhaustedCount(), this.generator.clockBackwardsCount(),
                this.generator.layout().epoch().toString(),
                (this.lifecycle != null) ? this.lifecycle.delegatorUrl() : null,
                (this.lifecycle != null) ? this.lifecycle.settings().instanceName() : null,
                (this.lifecycle != null) ? this.lifecycle.lastRenewal().map(Instant::toString).orElse(null) : null,
                (this.lifecycle != null) ? this.lifecycle.lastProblem().orElse(null) : null);
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
     * @param delegatorUrl the delegator leased from
     * @param instanceName the name registered with the delegator
     * @param lastRenewal when the lease was last renewed
     * @param lastProblem what went wrong with the last call to the delegator, while the lease is not in good order
     */
    public record GeneratorDescriptor(String mode, @Nullable Integer workerId, boolean leaseValid,
            String leaseRemaining, String lastTimestamp, long idsGenerated, long sequenceExhausted,
            long clockBackwards, String epoch, @Nullable URI delegatorUrl, @Nullable String instanceName,
            @Nullable String lastRenewal, @Nullable String lastProblem) implements OperationResponseBody {
    }

}
