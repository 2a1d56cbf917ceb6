package dev.snowcloud.starter.actuate;

import java.time.Duration;

import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.id.WorkerLease;
import dev.snowcloud.starter.test.MutableTimeSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class SnowflakeGeneratorHealthIndicatorTests {

    private final MutableTimeSource time = new MutableTimeSource();

    private final SnowflakeGenerator generator = SnowflakeGenerator.builder().timeSource(this.time).build();

    private final SnowflakeGeneratorHealthIndicator indicator = new SnowflakeGeneratorHealthIndicator(this.generator,
            null);

    @Test
    void downWithoutALease() {
        Health health = this.indicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("reason", "no worker lease is held")
            .containsEntry("leaseRemaining", "PT0S")
            .doesNotContainKey("workerId");
    }

    @Test
    void upWithAValidLeaseShowingWorkerIdAndTimeLeft() {
        this.generator.installLease(WorkerLease.until(12, 0, Long.MAX_VALUE, this.time.nanoTime() + Duration.ofSeconds(30).toNanos()));
        Health health = this.indicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("workerId", 12).containsKey("leaseRemaining");
        assertThat(Duration.parse((String) health.getDetails().get("leaseRemaining")))
            .isBetween(Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    @Test
    void downOnceTheDeadlinePassed() {
        this.generator.installLease(WorkerLease.until(12, 0, Long.MAX_VALUE, this.time.nanoTime() + Duration.ofSeconds(30).toNanos()));
        this.time.advance(Duration.ofSeconds(31));
        Health health = this.indicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("workerId", 12)
            .containsEntry("reason", "the lease on worker 12 passed its deadline");
    }

    @Test
    void upForAFixedWorkerId() {
        this.generator.installLease(WorkerLease.fixed(4));
        Health health = this.indicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("leaseRemaining", "unlimited (fixed worker ID)");
    }

}
