package dev.snowcloud.starter.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import dev.snowcloud.id.SnowflakeLayout;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the Snowcloud ID generator.
 */
@ConfigurationProperties("snowcloud.generator")
public class SnowcloudGeneratorProperties {

    /**
     * Whether to auto-configure a snowflake ID generator.
     */
    private boolean enabled = true;

    /**
     * Base URL of the delegator service that leases worker IDs, e.g. http://delegator:8080.
     */
    private @Nullable URI delegatorUrl;

    /**
     * API key sent to the delegator as a Bearer token; required unless the delegator runs with authentication off.
     */
    private @Nullable String apiKey;

    /**
     * Name this instance registers under; defaults to '${spring.application.name}-<host name>'.
     */
    private @Nullable String instanceName;

    /**
     * Instant that ID timestamps count from; every process sharing the worker ID pool must use the same one.
     */
    private Instant epoch = SnowflakeLayout.DEFAULT_EPOCH;

    /**
     * Fixed worker ID (0..1023) to issue under without a delegator; uniqueness across processes is then the operator's duty.
     */
    private @Nullable Integer workerId;

    /**
     * Time subtracted from each lease's deadline, at most a quarter of the lease ttl.
     */
    private Duration safetyMargin = Duration.ofMillis(500);

    /**
     * Longest the generator waits for a wall clock that stepped backwards before it refuses to issue.
     */
    private Duration maxClockBackwardWait = Duration.ofSeconds(1);

    /**
     * How long start-up waits for the first lease.
     */
    private Duration registrationTimeout = Duration.ofSeconds(30);

    /**
     * Whether start-up fails when no lease arrives within the registration timeout; when false the application starts and the generator refuses to issue until a lease arrives.
     */
    private boolean failOnMissingLease = true;

    /**
     * First delay before retrying a failed call to the delegator; doubles up to the maximum, with jitter.
     */
    private Duration retryInitialBackoff = Duration.ofMillis(200);

    /**
     * Longest delay between retries of a failed call to the delegator.
     */
    private Duration retryMaxBackoff = Duration.ofSeconds(5);

    /**
     * Connect timeout of calls to the delegator.
     */
    private Duration connectTimeout = Duration.ofSeconds(2);

    /**
     * Read timeout of calls to the delegator.
     */
    private Duration readTimeout = Duration.ofSeconds(5);

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public @Nullable URI getDelegatorUrl() {
        return this.delegatorUrl;
    }

    public void setDelegatorUrl(@Nullable URI delegatorUrl) {
        this.delegatorUrl = delegatorUrl;
    }

    public @Nullable String getApiKey() {
        return this.apiKey;
    }

    public void setApiKey(@Nullable String apiKey) {
        this.apiKey = apiKey;
    }

    public @Nullable String getInstanceName() {
        return this.instanceName;
    }

    public void setInstanceName(@Nullable String instanceName) {
        this.instanceName = instanceName;
    }

    public Instant getEpoch() {
        return this.epoch;
    }

    public void setEpoch(Instant epoch) {
        this.epoch = epoch;
    }

    public @Nullable Integer getWorkerId() {
        return this.workerId;
    }

    public void setWorkerId(@Nullable Integer workerId) {
        this.workerId = workerId;
    }

    public Duration getSafetyMargin() {
        return this.safetyMargin;
    }

    public void setSafetyMargin(Duration safetyMargin) {
        this.safetyMargin = safetyMargin;
    }

    public Duration getMaxClockBackwardWait() {
        return this.maxClockBackwardWait;
    }

    public void setMaxClockBackwardWait(Duration maxClockBackwardWait) {
        this.maxClockBackwardWait = maxClockBackwardWait;
    }

    public Duration getRegistrationTimeout() {
        return this.registrationTimeout;
    }

    public void setRegistrationTimeout(Duration registrationTimeout) {
        this.registrationTimeout = registrationTimeout;
    }

    public boolean isFailOnMissingLease() {
        return this.failOnMissingLease;
    }

    public void setFailOnMissingLease(boolean failOnMissingLease) {
        this.failOnMissingLease = failOnMissingLease;
    }

    public Duration getRetryInitialBackoff() {
        return this.retryInitialBackoff;
    }

    public void setRetryInitialBackoff(Duration retryInitialBackoff) {
        this.retryInitialBackoff = retryInitialBackoff;
    }

    public Duration getRetryMaxBackoff() {
        return this.retryMaxBackoff;
    }

    public void setRetryMaxBackoff(Duration retryMaxBackoff) {
        this.retryMaxBackoff = retryMaxBackoff;
    }

    public Duration getConnectTimeout() {
        return this.connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getReadTimeout() {
        return this.readTimeout;
    }

    public void setReadTimeout(Duration readTimeout) {
        this.readTimeout = readTimeout;
    }

}
