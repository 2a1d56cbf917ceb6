package dev.snowcloud.starter.autoconfigure;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.id.SnowflakeLayout;
import dev.snowcloud.id.TimeSource;
import dev.snowcloud.id.WorkerLease;
import dev.snowcloud.starter.lease.DelegatorClient;
import dev.snowcloud.starter.lease.LeaseSettings;
import dev.snowcloud.starter.lease.RetryBackoff;
import dev.snowcloud.starter.lease.WorkerLeaseLifecycle;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;

/**
 * Auto-configuration of a {@link SnowflakeGenerator}
 * that leases its worker ID from the Snowcloud delegator
 * ({@code snowcloud.generator.delegator-url}) or issues under a fixed one
 * ({@code snowcloud.generator.worker-id}).
 *
 * @see SnowcloudGeneratorProperties
 */
@AutoConfiguration(afterName = "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration")
@ConditionalOnClass({ SnowflakeGenerator.class, RestClient.class })
@ConditionalOnBooleanProperty(name = "snowcloud.generator.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SnowcloudGeneratorProperties.class)
public final class SnowcloudGeneratorAutoConfiguration {

    private static final Log logger = LogFactory.getLog(SnowcloudGeneratorAutoConfiguration.class);

    private static final String PREFIX = "snowcloud.generator.";

    private static final Pattern NOT_IN_LABEL = Pattern.compile("[^A-Za-z0-9._:@/%+\\[\\]-]");

    @Bean
    @ConditionalOnMissingBean
    SnowflakeGenerator snowflakeGenerator(SnowcloudGeneratorProperties properties,
            ObjectProvider<TimeSource> timeSource) {
        validateGenerator(properties);
        SnowflakeGenerator generator = SnowflakeGenerator.builder()
            .layout(new SnowflakeLayout(properties.getEpoch()))
            .timeSource(timeSource.getIfAvailable(TimeSource::system))
            .maxBackwardWait(properties.getMaxClockBackwardWait())
            .build();
        Integer workerId = properties.getWorkerId();
        if (workerId != null) {
            logger.warn("Snowcloud issues IDs under the fixed worker ID " + workerId
                    + " (snowcloud.generator.worker-id), without a delegator: that no other process uses this"
                    + " worker ID with the same epoch is now the operator's duty");
            generator.installLease(WorkerLease.fixed(workerId));
        }
        return generator;
    }

    /**
     * The delegator client and the lease lifecycle, when a delegator URL and no fixed worker ID is set.
     */
    @Configuration(proxyBeanMethods = false)
    @Conditional(OnDelegatorCondition.class)
    static class LeaseConfiguration {

        @Bean
        @ConditionalOnMissingBean
        DelegatorClient snowcloudDelegatorClient(SnowcloudGeneratorProperties properties,
                ObjectProvider<RestClient.Builder> restClientBuilder) {
            validateLease(properties);
            URI url = requireDelegatorUrl(properties);
            if (!StringUtils.hasText(properties.getApiKey())) {
                logger.warn("No snowcloud.generator.api-key is set: calls to the delegator carry no API key, which"
                        + " only a delegator with snowcloud.delegator.auth-enabled=false accepts");
            }
            return DelegatorClient.create(restClientBuilder.getIfAvailable(RestClient::builder), url,
                    properties.getApiKey(), properties.getConnectTimeout(), properties.getReadTimeout());
        }

        @Bean
        @ConditionalOnMissingBean
        WorkerLeaseLifecycle snowcloudWorkerLeaseLifecycle(SnowflakeGenerator generator, DelegatorClient client,
                SnowcloudGeneratorProperties properties, Environment environment) {
            validateLease(properties);
            String host = localHost();
            String instanceName = (properties.getInstanceName() != null) ? properties.getInstanceName()
                    : environment.getProperty("spring.application.name", "application") + "-" + localHostName();
            Duration stopTimeout = properties.getConnectTimeout().plus(properties.getReadTimeout());
            LeaseSettings settings = new LeaseSettings(label(instanceName), label(host),
                    properties.getSafetyMargin(), properties.getRegistrationTimeout(),
                    properties.isFailOnMissingLease(),
                    new RetryBackoff(properties.getRetryInitialBackoff(), properties.getRetryMaxBackoff()),
                    stopTimeout);
            return new WorkerLeaseLifecycle(generator, client, settings);
        }

    }

    static void validateGenerator(SnowcloudGeneratorProperties properties) {
        Integer workerId = properties.getWorkerId();
        URI url = properties.getDelegatorUrl();
        if (workerId != null) {
            if (workerId < 0 || workerId > SnowflakeLayout.MAX_WORKER_ID) {
                throw new InvalidConfigurationPropertyValueException(PREFIX + "worker-id", workerId,
                        "A worker ID must lie in 0.." + SnowflakeLayout.MAX_WORKER_ID + ".");
            }
            if (url != null && !url.toString().isEmpty()) {
                throw new InvalidConfigurationPropertyValueException(PREFIX + "worker-id", workerId,
                        "Set either a fixed worker ID or snowcloud.generator.delegator-url (" + url
                                + ") to lease one, not both: a fixed ID that a delegator also hands out"
                                + " would issue duplicate IDs.");
            }
        }
        else {
            requireDelegatorUrl(properties);
        }
        Instant epoch = properties.getEpoch();
        Instant now = Instant.now();
        if (epoch == null || epoch.isBefore(Instant.EPOCH) || epoch.isAfter(now)) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "epoch", epoch,
                    "The epoch must lie between 1970-01-01T00:00:00Z and now.");
        }
        if (epoch.plusMillis(SnowflakeLayout.MAX_TIMESTAMP).isBefore(now)) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "epoch", epoch,
                    "IDs cannot encode the current time with this epoch: it lies more than 2^41 ms in the past.");
        }
        requireNotNegative(PREFIX + "max-clock-backward-wait", properties.getMaxClockBackwardWait());
    }

    static void validateLease(SnowcloudGeneratorProperties properties) {
        requireDelegatorUrl(properties);
        requireNotNegative(PREFIX + "safety-margin", properties.getSafetyMargin());
        requirePositive(PREFIX + "registration-timeout", properties.getRegistrationTimeout());
        requirePositive(PREFIX + "retry-initial-backoff", properties.getRetryInitialBackoff());
        requirePositive(PREFIX + "retry-max-backoff", properties.getRetryMaxBackoff());
        if (properties.getRetryMaxBackoff().compareTo(properties.getRetryInitialBackoff()) < 0) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "retry-max-backoff",
                    properties.getRetryMaxBackoff(), "It must not be shorter than snowcloud.generator.retry-initial-backoff ("
                            + properties.getRetryInitialBackoff() + ").");
        }
        requirePositive(PREFIX + "connect-timeout", properties.getConnectTimeout());
        requirePositive(PREFIX + "read-timeout", properties.getReadTimeout());
    }

    private static URI requireDelegatorUrl(SnowcloudGeneratorProperties properties) {
        URI url = properties.getDelegatorUrl();
        if (url == null || url.toString().isEmpty()) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "delegator-url", null,
                    "Set the base URL of the Snowcloud delegator that leases worker IDs, e.g."
                            + " http://localhost:8080, or a fixed snowcloud.generator.worker-id for a single"
                            + " instance, or snowcloud.generator.enabled=false.");
        }
        String scheme = url.getScheme();
        if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) || url.getHost() == null) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "delegator-url", url,
                    "The delegator URL must be an absolute http:// or https:// URL with a host.");
        }
        return url;
    }

    private static void requireNotNegative(String name, @Nullable Duration value) {
        if (value == null || value.isNegative()) {
            throw new InvalidConfigurationPropertyValueException(name, value, "It must not be negative.");
        }
    }

    private static void requirePositive(String name, @Nullable Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new InvalidConfigurationPropertyValueException(name, value, "It must be positive.");
        }
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        }
        catch (UnknownHostException ex) {
            return "unknown";
        }
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (UnknownHostException ex) {
            String hostname = System.getenv("HOSTNAME");
            return (hostname != null && !hostname.isBlank()) ? hostname : "unknown";
        }
    }

    /**
     * The value as the delegator accepts a name or host: at most 128 letters,
     * digits and the punctuation of host names and addresses.
     */
    static String label(String value) {
        String cleaned = NOT_IN_LABEL.matcher(value).replaceAll("-");
        return (cleaned.length() <= 128) ? cleaned : cleaned.substring(0, 128);
    }

}
