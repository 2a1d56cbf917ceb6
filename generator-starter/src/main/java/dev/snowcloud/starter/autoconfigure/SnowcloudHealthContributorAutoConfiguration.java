package dev.snowcloud.starter.autoconfigure;

import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.starter.actuate.SnowflakeGeneratorHealthIndicator;
import dev.snowcloud.lease.LeaseKeepers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code snowcloud}
 * health indicator: DOWN while the generator holds no valid worker lease.
 */
@AutoConfiguration(after = SnowcloudGeneratorAutoConfiguration.class)
@ConditionalOnClass({ SnowflakeGenerator.class, HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(SnowflakeGenerator.class)
@ConditionalOnEnabledHealthIndicator("snowcloud")
public final class SnowcloudHealthContributorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "snowcloudHealthIndicator")
    SnowflakeGeneratorHealthIndicator snowcloudHealthIndicator(SnowflakeGenerator generator,
            ObjectProvider<LeaseKeepers> keepers) {
        return new SnowflakeGeneratorHealthIndicator(generator, keepers.getIfAvailable());
    }

}
