package dev.snowcloud.delegator.config;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.snowcloud.delegator.auth.ReadAccess;

/**
 * Read-only access to the pool, used by the dashboard's sign-in and by the API key filter.
 */
@Configuration(proxyBeanMethods = false)
class DashboardConfiguration {

    @Bean
    ReadAccess readAccess(ReadAccessProperties read, DelegatorProperties properties) {
        return new ReadAccess(read.keys(), properties.apiKeys(), read.sessionTtl(), Clock.systemUTC());
    }

}
