package dev.snowcloud.starter.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import dev.snowcloud.id.LeaseUnavailableException;
import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.id.TimeSource;
import dev.snowcloud.id.WorkerLease;
import dev.snowcloud.starter.actuate.SnowcloudEndpoint;
import dev.snowcloud.starter.actuate.SnowflakeGeneratorHealthIndicator;
import dev.snowcloud.lease.Delegator;
import dev.snowcloud.lease.LeaseKeepers;
import dev.snowcloud.lease.LeaseRegistrationException;
import dev.snowcloud.lease.LeaseSettings;
import dev.snowcloud.lease.http.DelegatorClient;
import dev.snowcloud.lease.http.DelegatorStub;
import dev.snowcloud.starter.lease.LeaseKeeperLifecycle;
import dev.snowcloud.starter.metrics.SnowflakeGeneratorMetrics;
import dev.snowcloud.starter.test.MutableTimeSource;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link SnowcloudGeneratorAutoConfiguration} and the health, metrics
 * and endpoint auto-configurations around it.
 */
@Timeout(120)
@ExtendWith(OutputCaptureExtension.class)
class SnowcloudGeneratorAutoConfigurationTests {

    private final DelegatorStub delegator = DelegatorStub.start(60_000);

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SnowcloudGeneratorAutoConfiguration.class, SnowcloudHealthContributorAutoConfiguration.class,
                SnowcloudMetricsAutoConfiguration.class, SnowcloudEndpointAutoConfiguration.class));

    private final ApplicationContextRunner leasedRunner = this.contextRunner.withPropertyValues(
            "snowcloud.generator.delegator.urls=" + this.delegator.url(),
            "snowcloud.generator.delegator.api-key=" + DelegatorStub.API_KEY);

    @AfterEach
    void stopDelegator() {
        this.delegator.close();
    }

    @Test
    void leasesAWorkerIdFromTheDelegatorOnStartAndReleasesItOnClose() {
        this.leasedRunner.withPropertyValues("spring.application.name=orders").run((context) -> {
            assertThat(context).hasSingleBean(SnowflakeGenerator.class)
                .hasSingleBean(DelegatorClient.class)
                .hasSingleBean(LeaseKeepers.class)
                .hasSingleBean(LeaseKeeperLifecycle.class)
                .hasSingleBean(SnowflakeGeneratorHealthIndicator.class)
                .hasSingleBean(SnowflakeGeneratorMetrics.class);
            assertThat(context.getBeanNamesForType(Object.class)).filteredOn((name) -> !name.contains("."))
                .filteredOn((name) -> name.toLowerCase(java.util.Locale.ROOT).contains("snow"))
                .allSatisfy((name) -> assertThat(name).startsWith("snowcloud"))
                .contains("snowcloudGenerator", "snowcloudDelegator", "snowcloudLeaseKeepers",
                        "snowcloudLeaseKeeperLifecycle", "snowcloudHealthIndicator", "snowcloudMetrics");
            SnowflakeGenerator generator = context.getBean(SnowflakeGenerator.class);
            assertThat(generator.hasValidLease()).isTrue();
            assertThat(generator.layout().decode(generator.nextId()).workerId()).isZero();
            assertThat(context.getBean(SnowflakeGeneratorHealthIndicator.class).health().getStatus())
                .isEqualTo(Status.UP);
            assertThat(this.delegator.requests("register").get(0).body().get("name").asString())
                .startsWith("orders-");
        });
        assertThat(this.delegator.requests("release")).hasSize(1);
        assertThat(this.delegator.leased()).isZero();
    }

    @Test
    void leasesSeveralWorkerIdsUnderOneNameAndIssuesFromAllOfThem() {
        this.leasedRunner.withPropertyValues("spring.application.name=orders", "snowcloud.generator.workers=3")
            .run((context) -> {
                SnowflakeGenerator generator = context.getBean(SnowflakeGenerator.class);
                LeaseKeepers keepers = context.getBean(LeaseKeepers.class);
                assertThat(generator.workers()).isEqualTo(3);
                assertThat(keepers.keepers()).hasSize(3);
                assertThat(this.delegator.leased()).isEqualTo(3);
                assertThat(this.delegator.requests("register")).extracting((request) -> request.body().get("name").asString())
                    .hasSize(3)
                    .containsOnly(keepers.keeper(0).settings().instanceName());
                long[] ids = generator.nextIds(3 * 4096);
                assertThat(ids).isSorted().doesNotHaveDuplicates();
                assertThat(Arrays.stream(ids).mapToInt((id) -> generator.layout().decode(id).workerId()).distinct())
                    .hasSizeBetween(1, 3);
                Health health = context.getBean(SnowflakeGeneratorHealthIndicator.class).health();
                assertThat(health.getStatus()).isEqualTo(Status.UP);
                assertThat(health.getDetails()).containsEntry("validWorkers", "3 of 3");
                assertThat((java.util.List<?>) health.getDetails().get("workers")).hasSize(3);
                SnowcloudEndpoint.GeneratorDescriptor described = new SnowcloudEndpoint(generator, keepers).generator();
                assertThat(described.workers()).extracting(SnowcloudEndpoint.WorkerDescriptor::workerId)
                    .containsExactlyInAnyOrder(0, 1, 2);
                // The batch may cross a millisecond, so how many each slot issued depends on the clock;
                // each slot reports exactly the IDs that carry its worker ID.
                for (SnowcloudEndpoint.WorkerDescriptor worker : described.workers()) {
                    assertThat(worker.idsGenerated()).isEqualTo(Arrays.stream(ids)
                        .filter((id) -> generator.layout().decode(id).workerId() == worker.workerId())
                        .count());
                }
                assertThat(described.idsGenerated()).isEqualTo(3 * 4096);
                SimpleMeterRegistry registry = new SimpleMeterRegistry();
                context.getBean(SnowflakeGeneratorMetrics.class).bindTo(registry);
                assertThat(registry.find("snowcloud.worker.id").gauges()).hasSize(3);
                assertThat(registry.get("snowcloud.worker.id").tag("slot", "2").gauge().value())
                    .isEqualTo(generator.lease(2).orElseThrow().workerId());
                assertThat(registry.get("snowcloud.ids.generated").tag("slot", "1").functionCounter().count())
                    .isEqualTo(generator.generatedCount(1));
            });
        assertThat(this.delegator.requests("release")).hasSize(3);
        assertThat(this.delegator.leased()).isZero();
    }

    @Test
    void theNumberOfWorkerIdsIsBoundedAndNeedsADelegator() {
        this.leasedRunner.withPropertyValues("snowcloud.generator.workers=0")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .satisfies((ex) -> assertRejected(ex, "workers", "1..64")));
        this.leasedRunner.withPropertyValues("snowcloud.generator.workers=65")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .satisfies((ex) -> assertRejected(ex, "workers", "1..64")));
        this.contextRunner.withPropertyValues("snowcloud.generator.workers=2", "snowcloud.generator.worker-id=3")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .satisfies((ex) -> assertRejected(ex, "workers", "lease several from a delegator")));
    }

    @Test
    void defaults() {
        this.leasedRunner.run((context) -> {
            SnowcloudGeneratorProperties properties = context.getBean(SnowcloudGeneratorProperties.class);
            assertThat(properties.isEnabled()).isTrue();
            assertThat(properties.getEpoch()).isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
            assertThat(properties.getLease().getSafetyMargin()).isEqualTo(Duration.ofMillis(500));
            assertThat(properties.getMaxClockBackwardWait()).isEqualTo(Duration.ofSeconds(1));
            assertThat(properties.getLease().getRegistrationTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(properties.getLease().isFailOnMissing()).isTrue();
            assertThat(properties.getRetry().getInitialBackoff()).isEqualTo(Duration.ofMillis(200));
            assertThat(properties.getRetry().getMaxBackoff()).isEqualTo(Duration.ofSeconds(5));
            assertThat(properties.getDelegator().getConnectTimeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(properties.getDelegator().getReadTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(context.getBean(SnowflakeGenerator.class).timeSource()).isSameAs(TimeSource.system());
            assertThat(context.getBean(SnowflakeGenerator.class).layout().epoch())
                .isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
            LeaseSettings settings = context.getBean(LeaseKeepers.class).keeper(0).settings();
            assertThat(settings.instanceName()).startsWith("application-");
            assertThat(settings.backoff().initial()).isEqualTo(Duration.ofMillis(200));
        });
    }

    @Test
    void propertiesConfigureTheGeneratorAndLease() {
        this.leasedRunner
            .withPropertyValues("snowcloud.generator.epoch=2024-06-01T00:00:00Z",
                    "snowcloud.generator.lease.instance-name=billing 7", "snowcloud.generator.lease.safety-margin=1s",
                    "snowcloud.generator.lease.registration-timeout=10s", "snowcloud.generator.retry.max-backoff=2s",
                    "snowcloud.generator.delegator.read-timeout=3s")
            .run((context) -> {
                SnowflakeGenerator generator = context.getBean(SnowflakeGenerator.class);
                assertThat(generator.layout().epoch()).isEqualTo(Instant.parse("2024-06-01T00:00:00Z"));
                LeaseSettings settings = context.getBean(LeaseKeepers.class).keeper(0).settings();
                assertThat(settings.instanceName()).isEqualTo("billing-7");
                assertThat(settings.safetyMargin()).isEqualTo(Duration.ofSeconds(1));
                assertThat(settings.backoff().max()).isEqualTo(Duration.ofSeconds(2));
                assertThat(this.delegator.requests("register").get(0).body().get("name").asString())
                    .isEqualTo("billing-7");
            });
    }

    @Test
    void usesTheApplicationsTimeSource() {
        MutableTimeSource time = new MutableTimeSource();
        this.leasedRunner.withBean(TimeSource.class, () -> time)
            .run((context) -> assertThat(context.getBean(SnowflakeGenerator.class).timeSource()).isSameAs(time));
    }

    @Test
    void fixedWorkerIdNeedsNoDelegatorAndWarnsThatUniquenessIsTheOperatorsDuty(CapturedOutput output) {
        this.contextRunner.withPropertyValues("snowcloud.generator.worker-id=5").run((context) -> {
            assertThat(context).hasSingleBean(SnowflakeGenerator.class)
                .doesNotHaveBean(LeaseKeepers.class)
                .doesNotHaveBean(DelegatorClient.class);
            SnowflakeGenerator generator = context.getBean(SnowflakeGenerator.class);
            assertThat(generator.layout().decode(generator.nextId()).workerId()).isEqualTo(5);
            assertThat(context.getBean(SnowflakeGeneratorHealthIndicator.class).health().getStatus())
                .isEqualTo(Status.UP);
        });
        assertThat(output).contains("fixed worker ID 5").contains("operator's duty");
        assertThat(this.delegator.requests()).isEmpty();
    }

    @Test
    void backsOffWhenTheApplicationDefinesAGenerator() {
        this.contextRunner.withUserConfiguration(OwnGeneratorConfiguration.class).run((context) -> {
            assertThat(context).hasSingleBean(SnowflakeGenerator.class)
                .doesNotHaveBean(LeaseKeepers.class)
                .hasSingleBean(SnowflakeGeneratorHealthIndicator.class);
            assertThat(context.getBean(SnowflakeGenerator.class)).isSameAs(OwnGeneratorConfiguration.GENERATOR);
        });
    }

    @Test
    void leasesForTheApplicationsOwnGeneratorWhenADelegatorIsSet() {
        SnowflakeGenerator own = SnowflakeGenerator.builder().build();
        this.leasedRunner.withBean(SnowflakeGenerator.class, () -> own).run((context) -> {
            assertThat(context).hasSingleBean(LeaseKeepers.class);
            assertThat(context.getBean(SnowflakeGenerator.class)).isSameAs(own);
            assertThat(own.hasValidLease()).isTrue();
        });
    }

    @Test
    void disabledCreatesNothing() {
        this.leasedRunner.withPropertyValues("snowcloud.generator.enabled=false")
            .run((context) -> assertThat(context).doesNotHaveBean(SnowflakeGenerator.class)
                .doesNotHaveBean(LeaseKeepers.class)
                .doesNotHaveBean(SnowflakeGeneratorHealthIndicator.class)
                .doesNotHaveBean(SnowflakeGeneratorMetrics.class));
        assertThat(this.delegator.requests()).isEmpty();
    }

    @Test
    void missingDelegatorUrlFailsWithAClearMessage() {
        this.contextRunner.run((context) -> assertThat(context).getFailure()
            .rootCause()
            .isInstanceOf(InvalidConfigurationPropertyValueException.class)
            .hasMessageContaining("snowcloud.generator.delegator.urls")
            .satisfies((ex) -> assertThat(((InvalidConfigurationPropertyValueException) ex).getReason())
                .contains("Set the base URL of the Snowcloud delegator")));
    }

    @Test
    void anEmptyDelegatorUrlIsNoUrl() {
        this.contextRunner.withPropertyValues("snowcloud.generator.delegator.urls=")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("snowcloud.generator.delegator.urls"));
    }

    @Test
    void fixedWorkerIdAndDelegatorUrlTogetherFailSayingHowToUnsetTheUrl() {
        this.leasedRunner.withPropertyValues("snowcloud.generator.worker-id=5")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .satisfies((ex) -> assertRejected(ex, "workerId", "not both",
                        "snowcloud.generator.delegator.urls= (empty)", "SNOWCLOUD_GENERATOR_DELEGATOR_URLS=",
                        "@AutoConfigureSnowflakeGenerator")));
    }

    @Test
    void workerIdOutOfRangeFails() {
        this.contextRunner.withPropertyValues("snowcloud.generator.worker-id=1024")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .satisfies((ex) -> assertRejected(ex, "workerId", "0..1023")));
        this.contextRunner.withPropertyValues("snowcloud.generator.worker-id=-1")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .satisfies((ex) -> assertRejected(ex, "workerId", "0..1023")));
    }

    @Test
    void withoutAnApiKeyTheDelegatorsRefusalFailsStartUpAtOnce(CapturedOutput output) {
        this.contextRunner.withPropertyValues("snowcloud.generator.delegator.urls=" + this.delegator.url())
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .hasMessageContaining("401"));
        assertThat(output).contains("No snowcloud.generator.delegator.api-key is set");
        assertThat(this.delegator.requests("register").get(0).authorization()).isNull();
    }

    @Test
    void delegatorUrlsMustBeHttp() {
        this.contextRunner
            .withPropertyValues("snowcloud.generator.delegator.urls=http://ok:8080,redis://localhost:6379",
                    "snowcloud.generator.delegator.api-key=k")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .satisfies((ex) -> assertRejected(ex, "delegator.urls", "redis://localhost:6379")));
    }

    @Test
    void backoffMaximumBelowItsInitialFails() {
        this.leasedRunner
            .withPropertyValues("snowcloud.generator.retry.initial-backoff=2s",
                    "snowcloud.generator.retry.max-backoff=1s")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .satisfies((ex) -> assertRejected(ex, "retry.maxBackoff", "snowcloud.generator.retry.initial-backoff")));
    }

    @Test
    void durationsThatMustBePositiveOrNotNegativeFailWhenTheyAreNot() {
        for (String property : new String[] { "delegator.connect-timeout=0s", "delegator.read-timeout=-1s",
                "retry.initial-backoff=0s", "lease.registration-timeout=0s" }) {
            this.leasedRunner.withPropertyValues("snowcloud.generator." + property)
                .run((context) -> assertThat(context).getFailure()
                    .rootCause()
                    .satisfies((ex) -> assertRejected(ex, camel(property.substring(0, property.indexOf('='))),
                            "It must be positive.")));
        }
        for (String property : new String[] { "lease.safety-margin=-1ms", "max-clock-backward-wait=-1s" }) {
            this.leasedRunner.withPropertyValues("snowcloud.generator." + property)
                .run((context) -> assertThat(context).getFailure()
                    .rootCause()
                    .satisfies((ex) -> assertRejected(ex, camel(property.substring(0, property.indexOf('='))),
                            "It must not be negative.")));
        }
        this.leasedRunner.withPropertyValues("snowcloud.generator.lease.safety-margin=0s")
            .run((context) -> assertThat(context).hasNotFailed());
    }

    @Test
    void futureEpochFails() {
        this.contextRunner
            .withPropertyValues("snowcloud.generator.worker-id=1", "snowcloud.generator.epoch=2999-01-01T00:00:00Z")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .satisfies((ex) -> assertRejected(ex, "epoch", "between 1970-01-01T00:00:00Z and now")));
    }

    @Test
    void startUpFailsWhenNoLeaseArrivesWithinTheRegistrationTimeout() {
        this.delegator.fail(Integer.MAX_VALUE, 503, null);
        this.leasedRunner.withPropertyValues("snowcloud.generator.lease.registration-timeout=500ms")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .isInstanceOf(LeaseRegistrationException.class)
                .hasMessageContaining("No worker lease from the delegator at " + this.delegator.url()));
    }

    @Test
    void leasesFromTheNextReplicaWhenTheFirstIsDown() throws Exception {
        DelegatorStub down = DelegatorStub.start(60_000);
        down.close();
        this.contextRunner
            .withPropertyValues("snowcloud.generator.delegator.urls=" + down.url() + "," + this.delegator.url(),
                    "snowcloud.generator.delegator.api-key=" + DelegatorStub.API_KEY)
            .run((context) -> {
                assertThat(context.getBean(SnowflakeGenerator.class).hasValidLease()).isTrue();
                assertThat(((DelegatorClient) context.getBean(Delegator.class)).urls()).hasSize(2);
            });
        assertThat(this.delegator.requests("register")).hasSize(1);
    }

    @Test
    void anApplicationsOwnDelegatorIsUsed() {
        DelegatorClient own = DelegatorClient.builder()
            .urls(this.delegator.url().toString())
            .apiKey(DelegatorStub.API_KEY)
            .build();
        this.leasedRunner.withBean("recordingDelegator", Delegator.class, () -> own).run((context) -> {
            assertThat(context).hasSingleBean(Delegator.class);
            assertThat(context.getBean(LeaseKeepers.class).keeper(0).delegator()).isSameAs(own);
        });
    }

    @Test
    void withoutActuatorThereIsNoHealthIndicatorNorEndpoint() {
        this.leasedRunner
            .withPropertyValues("management.endpoints.web.exposure.include=snowcloud")
            .withClassLoader(new FilteredClassLoader(HealthIndicator.class, Endpoint.class))
            .run((context) -> assertThat(context).hasNotFailed()
                .hasSingleBean(LeaseKeepers.class)
                .hasSingleBean(SnowflakeGeneratorMetrics.class)
                .doesNotHaveBean(SnowflakeGeneratorHealthIndicator.class)
                .doesNotHaveBean(SnowcloudEndpoint.class));
    }

    @Test
    void withoutMicrometerThereAreNoMeters() {
        this.leasedRunner.withClassLoader(new FilteredClassLoader(MeterBinder.class))
            .run((context) -> assertThat(context).hasNotFailed()
                .hasSingleBean(LeaseKeepers.class)
                .hasSingleBean(SnowflakeGeneratorHealthIndicator.class)
                .doesNotHaveBean(SnowflakeGeneratorMetrics.class));
    }

    @Test
    void needsNoSpringWebClient() {
        this.leasedRunner
            .withClassLoader(new FilteredClassLoader("org.springframework.web.client",
                    "org.springframework.http.client", "org.springframework.boot.restclient"))
            .run((context) -> {
                assertThat(context).hasNotFailed().hasSingleBean(DelegatorClient.class);
                assertThat(context.getBean(SnowflakeGenerator.class).hasValidLease()).isTrue();
            });
    }

    @Test
    void withNeitherActuatorNorMicrometerTheGeneratorStillLeases() {
        this.leasedRunner
            .withClassLoader(new FilteredClassLoader(HealthIndicator.class, Endpoint.class, MeterBinder.class))
            .run((context) -> {
                assertThat(context).hasNotFailed()
                    .doesNotHaveBean(SnowflakeGeneratorHealthIndicator.class)
                    .doesNotHaveBean(SnowflakeGeneratorMetrics.class);
                assertThat(context.getBean(SnowflakeGenerator.class).hasValidLease()).isTrue();
            });
    }

    private static void assertRejected(Throwable failure, String field, String... reason) {
        assertThat(failure).isInstanceOf(BindValidationException.class);
        assertThat(((BindValidationException) failure).getValidationErrors().getAllErrors())
            .anySatisfy((error) -> {
                assertThat(error).isInstanceOf(org.springframework.validation.FieldError.class);
                assertThat(((org.springframework.validation.FieldError) error).getField()).isEqualTo(field);
                assertThat(error.getDefaultMessage()).contains(reason);
            });
    }

    private static String camel(String kebab) {
        StringBuilder camel = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            }
            else {
                camel.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return camel.toString();
    }

    @Test
    void startsWithoutALeaseWhenToldNotToFail() {
        this.delegator.fail(Integer.MAX_VALUE, 503, null);
        this.leasedRunner.withPropertyValues("snowcloud.generator.lease.fail-on-missing=false").run((context) -> {
            assertThat(context).hasNotFailed();
            assertThatExceptionOfType(LeaseUnavailableException.class)
                .isThrownBy(context.getBean(SnowflakeGenerator.class)::nextId);
            assertThat(context.getBean(SnowflakeGeneratorHealthIndicator.class).health().getStatus())
                .isEqualTo(Status.DOWN);
        });
    }

    @Test
    void healthIndicatorCanBeSwitchedOff() {
        this.contextRunner
            .withPropertyValues("snowcloud.generator.worker-id=1", "management.health.snowcloud.enabled=false")
            .run((context) -> assertThat(context).doesNotHaveBean(SnowflakeGeneratorHealthIndicator.class));
    }

    @Test
    void endpointIsAvailableWhenExposed() {
        this.contextRunner.withPropertyValues("snowcloud.generator.worker-id=1")
            .run((context) -> assertThat(context).doesNotHaveBean(SnowcloudEndpoint.class));
        this.contextRunner
            .withPropertyValues("snowcloud.generator.worker-id=1", "management.endpoints.web.exposure.include=snowcloud")
            .run((context) -> assertThat(context).hasSingleBean(SnowcloudEndpoint.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnGeneratorConfiguration {

        static final SnowflakeGenerator GENERATOR = SnowflakeGenerator.builder().build();

        static {
            GENERATOR.installLease(WorkerLease.fixed(3));
        }

        @Bean
        SnowflakeGenerator myGenerator() {
            return GENERATOR;
        }

    }

}
