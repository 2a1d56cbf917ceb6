package dev.snowcloud.starter.autoconfigure;

import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.lease.LeaseKeepers;
import dev.snowcloud.starter.metrics.SnowflakeGeneratorMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the generator's Micrometer
 * meters ({@code snowcloud_ids_generated_total} and the rest).
 */
@AutoConfiguration(after = SnowcloudGeneratorAutoConfiguration.class,
        afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass({ SnowflakeGenerator.class, MeterBinder.class })
@ConditionalOnBean(SnowflakeGenerator.class)
public final class SnowcloudMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SnowflakeGeneratorMetrics snowcloudMetrics(SnowflakeGenerator generator,
            ObjectProvider<LeaseKeepers> keepers) {
        return new SnowflakeGeneratorMetrics(generator, keepers.getIfAvailable());
    }

}
