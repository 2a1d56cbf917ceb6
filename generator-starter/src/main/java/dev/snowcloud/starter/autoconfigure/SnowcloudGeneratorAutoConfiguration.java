package dev.snowcloud.starter.autoconfigure;

import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.id.SnowflakeLayout;
import dev.snowcloud.id.TimeSource;
import dev.snowcloud.id.WorkerLease;
import dev.snowcloud.lease.Delegator;
import dev.snowcloud.lease.LeaseKeeper;
import dev.snowcloud.lease.LeaseKeepers;
import dev.snowcloud.lease.RetryBackoff;
import dev.snowcloud.lease.http.DelegatorClient;
import dev.snowcloud.starter.lease.LeaseKeeperLifecycle;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration of a {@link SnowflakeGenerator} that leases its worker ID from the
 * Snowcloud delegator ({@code snowcloud.generator.delegator.urls}) or issues under a
 * fixed one ({@code snowcloud.generator.worker-id}). Bean names start with
 * {@code snowcloud}, the project's name, whatever their type is called.
 *
 * @see SnowcloudGeneratorProperties
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "snowcloud.generator.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SnowcloudGeneratorProperties.class)
public final class SnowcloudGeneratorAutoConfiguration {

    private static final Log logger = LogFactory.getLog(SnowcloudGeneratorAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    SnowflakeGenerator snowcloudGenerator(SnowcloudGeneratorProperties properties,
            ObjectProvider<TimeSource> timeSource) {
        Integer workerId = properties.getWorkerId();
        if (workerId == null && properties.getDelegator().getUrls().isEmpty()) {
            // Only a generator the starter builds needs one or the other; an application's own may need neither.
            throw new InvalidConfigurationPropertyValueException("snowcloud.generator.delegator.urls", null,
                    "Set the base URL of the Snowcloud delegator that leases worker IDs (one or more replicas), e.g."
                            + " http://localhost:8080, or a fixed snowcloud.generator.worker-id for a single"
                            + " instance, or snowcloud.generator.enabled=false.");
        }
        SnowflakeGenerator generator = SnowflakeGenerator.builder()
            .layout(new SnowflakeLayout(properties.getEpoch()))
            .timeSource(timeSource.getIfAvailable(TimeSource::system))
            .maxBackwardWait(properties.getMaxClockBackwardWait())
            .workers(properties.getWorkers())
            .build();
        if (workerId != null) {
            logger.warn("Snowcloud issues IDs under the fixed worker ID " + workerId
                    + " (snowcloud.generator.worker-id), without a delegator: that no other process uses this"
                    + " worker ID with the same epoch is now the operator's duty");
            generator.installLease(WorkerLease.fixed(workerId));
        }
        return generator;
    }

    /**
     * {@code <spring.application.name>-<host>-<server.port>}, or {@code …-pid<pid>} when no
     * fixed port is set: two instances on one host then register under different names.
     */
    static String defaultInstanceName(Environment environment, String host) {
        String port = environment.getProperty("server.port", "").trim();
        String instance = (!port.isEmpty() && !port.equals("0") && !port.startsWith("-")) ? port
                : "pid" + ProcessHandle.current().pid();
        return environment.getProperty("spring.application.name", "application") + "-" + host + "-" + instance;
    }

    /**
     * The delegator client and a lease keeper per worker ID, when delegator URLs and no fixed worker ID are set.
     */
    @Configuration(proxyBeanMethods = false)
    @Conditional(OnDelegatorCondition.class)
    static class LeaseConfiguration {

        @Bean
        @ConditionalOnMissingBean
        Delegator snowcloudDelegator(SnowcloudGeneratorProperties properties) {
            var delegator = properties.getDelegator();
            if (!StringUtils.hasText(delegator.getApiKey())) {
                logger.warn("No snowcloud.generator.delegator.api-key is set: calls to the delegator carry no API"
                        + " key, which only a delegator with snowcloud.delegator.auth-enabled=false accepts");
            }
            return DelegatorClient.builder()
                .urls(delegator.getUrls())
                .apiKey(delegator.getApiKey())
                .connectTimeout(delegator.getConnectTimeout())
                .readTimeout(delegator.getReadTimeout())
                .build();
        }

        @Bean
        @ConditionalOnMissingBean
        LeaseKeepers snowcloudLeaseKeepers(SnowflakeGenerator generator, Delegator delegator,
                SnowcloudGeneratorProperties properties, Environment environment) {
            var lease = properties.getLease();
            String instanceName = (lease.getInstanceName() != null) ? lease.getInstanceName()
                    : defaultInstanceName(environment, LeaseKeeper.Builder.localHostName());
            return LeaseKeepers.forEachSlot(LeaseKeeper.builder(generator, delegator)
                .instanceName(instanceName)
                .safetyMargin(lease.getSafetyMargin())
                .backoff(new RetryBackoff(properties.getRetry().getInitialBackoff(),
                        properties.getRetry().getMaxBackoff())));
        }

        @Bean
        @ConditionalOnMissingBean
        LeaseKeeperLifecycle snowcloudLeaseKeeperLifecycle(LeaseKeepers keepers,
                SnowcloudGeneratorProperties properties) {
            return new LeaseKeeperLifecycle(keepers, properties.getLease().getRegistrationTimeout(),
                    properties.getLease().isFailOnMissing());
        }

    }

}
