package dev.snowcloud.delegator.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.snowcloud.delegator.actuate.LeaseStoreHealthIndicator;
import dev.snowcloud.delegator.actuate.PrometheusConventions;
import dev.snowcloud.delegator.lease.LeaseStore;

/**
 * The actuator's view of the delegator: the store's health check and a description for every
 * meter. The lease counters wrap the store in {@link LeaseStoreConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
class ActuateConfiguration {

    @Bean
    LeaseStoreHealthIndicator leaseStoreHealthIndicator(LeaseStore store) {
        return new LeaseStoreHealthIndicator(store);
    }

    @Bean
    PrometheusConventions prometheusConventions() {
        return new PrometheusConventions();
    }

}
