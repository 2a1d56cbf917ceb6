package dev.snowcloud.test.autoconfigure;

import java.time.Instant;

import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.id.SnowflakeLayout;
import dev.snowcloud.id.WorkerLease;
import dev.snowcloud.starter.autoconfigure.SnowcloudGeneratorAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The generator of {@link AutoConfigureSnowflakeGenerator}: a fixed worker ID
 * ({@code snowcloud.test.generator.worker-id}), no lease, the application's epoch.
 * Runs before the starter's own auto-configuration, which then backs off.
 */
@AutoConfiguration(before = SnowcloudGeneratorAutoConfiguration.class)
public final class SnowflakeGeneratorTestAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SnowflakeGenerator snowflakeGenerator(Environment environment) {
        Binder binder = Binder.get(environment);
        int workerId = binder.bind("snowcloud.test.generator.worker-id", Integer.class).orElse(0);
        if (workerId < 0 || workerId > SnowflakeLayout.MAX_WORKER_ID) {
            throw new IllegalArgumentException("@AutoConfigureSnowflakeGenerator(workerId = " + workerId
                    + "): a worker ID must lie in 0.." + SnowflakeLayout.MAX_WORKER_ID);
        }
        Instant epoch = binder.bind("snowcloud.generator.epoch", Instant.class).orElse(SnowflakeLayout.DEFAULT_EPOCH);
        SnowflakeGenerator generator = SnowflakeGenerator.builder().layout(new SnowflakeLayout(epoch)).build();
        generator.installLease(WorkerLease.fixed(workerId));
        return generator;
    }

}
