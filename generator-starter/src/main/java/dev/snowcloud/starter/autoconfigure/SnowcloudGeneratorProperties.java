package dev.snowcloud.starter.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.id.SnowflakeLayout;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of the Snowcloud ID generator. They validate themselves
 * once, when bound: a bad value fails start-up with Boot's report of the property,
 * its value and the reason.
 */
@ConfigurationProperties("snowcloud.generator")
public class SnowcloudGeneratorProperties implements Validator {

    /**
     * Whether to auto-configure a snowflake ID generator.
     */
    private boolean enabled = true;

    /**
     * Instant that ID timestamps count from; every process sharing the worker ID pool must use the same one.
     */
    private Instant epoch = SnowflakeLayout.DEFAULT_EPOCH;

    /**
     * Fixed worker ID (0..1023) to issue under without a delegator; uniqueness across processes is then the operator's duty.
     */
    private @Nullable Integer workerId;

    /**
     * How many worker IDs to lease from the delegator (1..64), each a lease of its own: the generator issues up to 4,096 IDs per millisecond under each.
     */
    private int workers = 1;

    /**
     * Longest the generator waits for a wall clock that stepped backwards before it refuses to issue.
     */
    private Duration maxClockBackwardWait = Duration.ofSeconds(1);

    private final Delegator delegator = new Delegator();

    private final Retry retry = new Retry();

    private final Lease lease = new Lease();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
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

    public int getWorkers() {
        return this.workers;
    }

    public void setWorkers(int workers) {
        this.workers = workers;
    }

    public Duration getMaxClockBackwardWait() {
        return this.maxClockBackwardWait;
    }

    public void setMaxClockBackwardWait(Duration maxClockBackwardWait) {
        this.maxClockBackwardWait = maxClockBackwardWait;
    }

    public Delegator getDelegator() {
        return this.delegator;
    }

    public Retry getRetry() {
        return this.retry;
    }

    public Lease getLease() {
        return this.lease;
    }

    @Override
    public boolean supports(Class<?> type) {
        return SnowcloudGeneratorProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        SnowcloudGeneratorProperties properties = (SnowcloudGeneratorProperties) target;
        properties.validate(errors);
    }

    private void validate(Errors errors) {
        List<URI> urls = this.delegator.getUrls();
        if (this.workers < 1 || this.workers > SnowflakeGenerator.MAX_WORKERS) {
            errors.rejectValue("workers", "range", "The number of worker IDs to lease must lie in 1.."
                    + SnowflakeGenerator.MAX_WORKERS + ".");
        }
        else if (this.workers > 1 && this.workerId != null) {
            errors.rejectValue("workers", "conflict", "A fixed snowcloud.generator.worker-id gives one worker ID;"
                    + " lease several from a delegator (snowcloud.generator.delegator.urls) instead.");
        }
        if (this.workerId != null) {
            if (this.workerId < 0 || this.workerId > SnowflakeLayout.MAX_WORKER_ID) {
                errors.rejectValue("workerId", "range", "A worker ID must lie in 0.." + SnowflakeLayout.MAX_WORKER_ID + ".");
            }
            if (!urls.isEmpty()) {
                errors.rejectValue("workerId", "conflict", "Set either a fixed worker ID or"
                        + " snowcloud.generator.delegator.urls " + urls + " to lease one, not both: a fixed ID that a"
                        + " delegator also hands out would issue duplicate IDs. Unset the URLs with"
                        + " snowcloud.generator.delegator.urls= (empty), e.g. --snowcloud.generator.delegator.urls="
                        + " on the command line or the environment variable SNOWCLOUD_GENERATOR_DELEGATOR_URLS= ;"
                        + " in a test, use @AutoConfigureSnowflakeGenerator (snowcloud-test) instead of a worker ID.");
            }
        }
        String placeholder = unresolvedPlaceholder(this.delegator.getApiKey());
        if (placeholder != null) {
            errors.rejectValue("delegator.apiKey", "placeholder", "It holds the placeholder " + placeholder
                    + ", which nothing resolved, and would be sent as the key itself. Set what it names, give it a"
                    + " default (" + placeholder.substring(0, placeholder.length() - 1) + ":}), or leave api-key"
                    + " out and set the environment variable SNOWCLOUD_GENERATOR_DELEGATOR_API_KEY.");
        }
        for (URI url : urls) {
            String scheme = url.getScheme();
            if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) || url.getHost() == null) {
                errors.rejectValue("delegator.urls", "url",
                        "Each delegator URL must be an absolute http:// or https:// URL with a host: " + url + ".");
            }
        }
        Instant now = Instant.now();
        if (this.epoch.isBefore(Instant.EPOCH) || this.epoch.isAfter(now)) {
            errors.rejectValue("epoch", "range", "The epoch must lie between 1970-01-01T00:00:00Z and now.");
        }
        else if (this.epoch.plusMillis(SnowflakeLayout.MAX_TIMESTAMP).isBefore(now)) {
            errors.rejectValue("epoch", "range",
                    "IDs cannot encode the current time with this epoch: it lies more than 2^41 ms in the past.");
        }
        notNegative(errors, "maxClockBackwardWait", this.maxClockBackwardWait);
        positive(errors, "delegator.connectTimeout", this.delegator.getConnectTimeout());
        positive(errors, "delegator.readTimeout", this.delegator.getReadTimeout());
        positive(errors, "retry.initialBackoff", this.retry.getInitialBackoff());
        positive(errors, "retry.maxBackoff", this.retry.getMaxBackoff());
        if (this.retry.getMaxBackoff().compareTo(this.retry.getInitialBackoff()) < 0) {
            errors.rejectValue("retry.maxBackoff", "order", "It must not be shorter than"
                    + " snowcloud.generator.retry.initial-backoff (" + this.retry.getInitialBackoff() + ").");
        }
        notNegative(errors, "lease.safetyMargin", this.lease.getSafetyMargin());
        positive(errors, "lease.registrationTimeout", this.lease.getRegistrationTimeout());
    }

    /**
     * The first {@code ${…}} left in a value that Spring could not resolve (it leaves
     * those as they are), or {@code null}.
     */
    static @Nullable String unresolvedPlaceholder(@Nullable String value) {
        if (value == null) {
            return null;
        }
        int start = value.indexOf("${");
        int end = (start >= 0) ? value.indexOf('}', start) : -1;
        return (end > start) ? value.substring(start, end + 1) : null;
    }

    private static void notNegative(Errors errors, String field, Duration value) {
        if (value.isNegative()) {
            errors.rejectValue(field, "negative", "It must not be negative.");
        }
    }

    private static void positive(Errors errors, String field, Duration value) {
        if (value.isNegative() || value.isZero()) {
            errors.rejectValue(field, "positive", "It must be positive.");
        }
    }

    /**
     * The delegator that leases worker IDs.
     */
    public static class Delegator {

        /**
         * Base URLs of the delegator's replicas, e.g. http://delegator:8080; a call that cannot reach one moves on to the next.
         */
        private List<URI> urls = new ArrayList<>();

        /**
         * API key sent to the delegator as a Bearer token; required unless the delegator runs with authentication off.
         */
        private @Nullable String apiKey;

        /**
         * Connect timeout of calls to the delegator.
         */
        private Duration connectTimeout = Duration.ofSeconds(2);

        /**
         * Read timeout of calls to the delegator.
         */
        private Duration readTimeout = Duration.ofSeconds(5);

        public List<URI> getUrls() {
            return this.urls;
        }

        public void setUrls(List<URI> urls) {
            this.urls = urls;
        }

        public @Nullable String getApiKey() {
            return this.apiKey;
        }

        public void setApiKey(@Nullable String apiKey) {
            this.apiKey = apiKey;
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

    /**
     * Retries of failed calls to the delegator.
     */
    public static class Retry {

        /**
         * First delay before retrying a failed call to the delegator; doubles up to the maximum, with jitter.
         */
        private Duration initialBackoff = Duration.ofMillis(200);

        /**
         * Longest delay between retries of a failed call to the delegator.
         */
        private Duration maxBackoff = Duration.ofSeconds(5);

        public Duration getInitialBackoff() {
            return this.initialBackoff;
        }

        public void setInitialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
        }

        public Duration getMaxBackoff() {
            return this.maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }

    }

    /**
     * The worker lease.
     */
    public static class Lease {

        /**
         * Name this instance registers under; defaults to '${spring.application.name}-<host name>'.
         */
        private @Nullable String instanceName;

        /**
         * Time subtracted from each lease's deadline, at most a quarter of the lease ttl.
         */
        private Duration safetyMargin = Duration.ofMillis(500);

        /**
         * How long start-up waits for the first lease.
         */
        private Duration registrationTimeout = Duration.ofSeconds(30);

        /**
         * Whether start-up fails when no lease arrives within the registration timeout; when false the application starts and the generator refuses to issue until a lease arrives.
         */
        private boolean failOnMissing = true;

        public @Nullable String getInstanceName() {
            return this.instanceName;
        }

        public void setInstanceName(@Nullable String instanceName) {
            this.instanceName = instanceName;
        }

        public Duration getSafetyMargin() {
            return this.safetyMargin;
        }

        public void setSafetyMargin(Duration safetyMargin) {
            this.safetyMargin = safetyMargin;
        }

        public Duration getRegistrationTimeout() {
            return this.registrationTimeout;
        }

        public void setRegistrationTimeout(Duration registrationTimeout) {
            this.registrationTimeout = registrationTimeout;
        }

        public boolean isFailOnMissing() {
            return this.failOnMissing;
        }

        public void setFailOnMissing(boolean failOnMissing) {
            this.failOnMissing = failOnMissing;
        }

    }

}
