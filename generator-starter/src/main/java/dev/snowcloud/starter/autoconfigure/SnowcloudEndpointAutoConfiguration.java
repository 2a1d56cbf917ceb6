package dev.snowcloud.starter.autoconfigure;

import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.starter.actuate.SnowcloudEndpoint;
import dev.snowcloud.lease.LeaseKeepers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code snowcloud}
 * actuator endpoint.
 */
@AutoConfiguration(after = SnowcloudGeneratorAutoConfiguration.class)
@ConditionalOnClass({ SnowflakeGenerator.class, Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(SnowflakeGenerator.class)
@ConditionalOnAvailableEndpoint(SnowcloudEndpoint.class)
public final class SnowcloudEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SnowcloudEndpoint snowcloudEndpoint(SnowflakeGenerator generator, ObjectProvider<LeaseKeepers> keepers) {
        return new SnowcloudEndpoint(generator, keepers.getIfAvailable());
    }

}
