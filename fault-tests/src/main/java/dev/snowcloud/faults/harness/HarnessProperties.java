package dev.snowcloud.faults.harness;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the harness generator, under {@code harness}.
 *
 * @param dir Directory for this process's ID files, event log and status.
 * @param rate IDs per second to issue, over all threads together.
 * @param threads Issuing threads; thread 0 takes IDs in batches, the others one at a time.
 * @param batchSize IDs per batch call of thread 0.
 * @param parentPid Process ID of the test; when it is gone this process exits, so a test JVM
 * that died leaves no generator behind.
 * @param statusInterval How often status.json is rewritten.
 * @param burstSize IDs thread 0 takes in one batch call every {@code burstInterval}, besides the
 * rate; 0 for none. More than 4,096 in one call makes a generator with several worker IDs issue
 * from more than one of them (one alone issues up to 4,096 per millisecond).
 * @param burstInterval How often thread 0 takes a burst.
 */
@ConfigurationProperties("harness")
public record HarnessProperties(Path dir, @DefaultValue("25000") int rate, @DefaultValue("4") int threads,
        @DefaultValue("64") int batchSize, @Nullable Long parentPid, @DefaultValue("200ms") Duration statusInterval,
        @DefaultValue("0") int burstSize, @DefaultValue("1s") Duration burstInterval) {

    public HarnessProperties {
        if (rate <= 0 || threads <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException("harness.rate, harness.threads and harness.batch-size must be positive");
        }
        if (burstSize < 0 || burstInterval.isNegative() || burstInterval.isZero()) {
            throw new IllegalArgumentException("harness.burst-size must not be negative, harness.burst-interval "
                    + "must be positive");
        }
    }

}
