package dev.snowcloud.starter.autoconfigure;

import java.time.Duration;
import java.time.Instant;

import dev.snowcloud.id.LeaseUnavailableException;
import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.id.TimeSource;
import dev.snowcloud.id.WorkerLease;
import dev.snowcloud.starter.actuate.SnowcloudEndpoint;
import dev.snowcloud.starter.actuate.SnowflakeGeneratorHealthIndicator;
import dev.snowcloud.starter.lease.DelegatorClient;
import dev.snowcloud.starter.lease.LeaseRegistrationException;
import dev.snowcloud.starter.lease.LeaseSettings;
import dev.snowcloud.starter.lease.WorkerLeaseLifecycle;
import dev.snowcloud.starter.metrics.SnowflakeGeneratorMetrics;
import dev.snowcloud.starter.test.DelegatorStub;
import dev.snowcloud.starter.test.MutableTimeSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
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
        .withConfiguration(AutoConfigurations.of(RestClientAutoConfiguration.class,
                SnowcloudGeneratorAutoConfiguration.class, SnowcloudHealthContributorAutoConfiguration.class,
                SnowcloudMetricsAutoConfiguration.class, SnowcloudEndpointAutoConfiguration.class));

    private final ApplicationContextRunner leasedRunner = this.contextRunner.withPropertyValues(
            "snowcloud.generator.delegator-url=" + this.delegator.url(),
            "snowcloud.generator.api-key=" + DelegatorStub.API_KEY);

    @AfterEach
    void stopDelegator() {
        this.delegator.close();
    }

    @Test
    void leasesAWorkerIdFromTheDelegatorOnStartAndReleasesItOnClose() {
        this.leasedRunner.withPropertyValues("spring.application.name=orders").run((context) -> {
            assertThat(context).hasSingleBean(SnowflakeGenerator.class)
                .hasSingleBean(DelegatorClient.class)
                .hasSingleBean(WorkerLeaseLifecycle.class)
                .hasSingleBean(SnowflakeGeneratorHealthIndicator.class)
                .hasSingleBean(SnowflakeGeneratorMetrics.class)
                .hasBean("snowcloudHealthIndicator");
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
    void defaults() {
        this.leasedRunner.run((context) -> {
            SnowcloudGeneratorProperties properties = context.getBean(SnowcloudGeneratorProperties.class);
            assertThat(properties.isEnabled()).isTrue();
            assertThat(properties.getEpoch()).isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
            assertThat(properties.getSafetyMargin()).isEqualTo(Duration.ofMillis(500));
            assertThat(properties.getMaxClockBackwardWait()).isEqualTo(Duration.ofSeconds(1));
            assertThat(properties.getRegistrationTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(properties.isFailOnMissingLease()).isTrue();
            assertThat(properties.getRetryInitialBackoff()).isEqualTo(Duration.ofMillis(200));
            assertThat(properties.getRetryMaxBackoff()).isEqualTo(Duration.ofSeconds(5));
            assertThat(properties.getConnectTimeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(properties.getReadTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(context.getBean(SnowflakeGenerator.class).timeSource()).isSameAs(TimeSource.system());
            assertThat(context.getBean(SnowflakeGenerator.class).layout().epoch())
                .isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
            LeaseSettings settings = context.getBean(WorkerLeaseLifecycle.class).settings();
            assertThat(settings.instanceName()).startsWith("application-");
            assertThat(settings.stopTimeout()).isEqualTo(Duration.ofSeconds(7));
        });
    }

    @Test
    void propertiesConfigureTheGeneratorAndLease() {
        this.leasedRunner
            .withPropertyValues("snowcloud.generator.epoch=2024-06-01T00:00:00Z",
                    "snowcloud.generator.instance-name=billing-7", "snowcloud.generator.safety-margin=1s",
                    "snowcloud.generator.registration-timeout=10s", "snowcloud.generator.retry-max-backoff=2s")
            .run((context) -> {
                SnowflakeGenerator generator = context.getBean(SnowflakeGenerator.class);
                assertThat(generator.layout().epoch()).isEqualTo(Instant.parse("2024-06-01T00:00:00Z"));
                LeaseSettings settings = context.getBean(WorkerLeaseLifecycle.class).settings();
                assertThat(settings.instanceName()).isEqualTo("billing-7");
                assertThat(settings.safetyMargin()).isEqualTo(Duration.ofSeconds(1));
                assertThat(settings.registrationTimeout()).isEqualTo(Duration.ofSeconds(10));
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
                .doesNotHaveBean(WorkerLeaseLifecycle.class)
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
                .doesNotHaveBean(WorkerLeaseLifecycle.class)
                .hasSingleBean(SnowflakeGeneratorHealthIndicator.class);
            assertThat(context.getBean(SnowflakeGenerator.class)).isSameAs(OwnGeneratorConfiguration.GENERATOR);
        });
    }

    @Test
    void leasesForTheApplicationsOwnGeneratorWhenADelegatorIsSet() {
        SnowflakeGenerator own = SnowflakeGenerator.builder().build();
        this.leasedRunner.withBean(SnowflakeGenerator.class, () -> own).run((context) -> {
            assertThat(context).hasSingleBean(WorkerLeaseLifecycle.class);
            assertThat(context.getBean(SnowflakeGenerator.class)).isSameAs(own);
            assertThat(own.hasValidLease()).isTrue();
        });
    }

    @Test
    void disabledCreatesNothing() {
        this.leasedRunner.withPropertyValues("snowcloud.generator.enabled=false")
            .run((context) -> assertThat(context).doesNotHaveBean(SnowflakeGenerator.class)
                .doesNotHaveBean(WorkerLeaseLifecycle.class)
                .doesNotHaveBean(SnowflakeGeneratorHealthIndicator.class)
                .doesNotHaveBean(SnowflakeGeneratorMetrics.class));
        assertThat(this.delegator.requests()).isEmpty();
    }

    @Test
    void missingDelegatorUrlFailsWithAClearMessage() {
        this.contextRunner.run((context) -> assertThat(context).getFailure()
            .rootCause()
            .isInstanceOf(InvalidConfigurationPropertyValueException.class)
            .hasMessageContaining("snowcloud.generator.delegator-url")
            .satisfies((ex) -> assertThat(((InvalidConfigurationPropertyValueException) ex).getReason())
                .contains("Set the base URL of the Snowcloud delegator")));
    }

    @Test
    void fixedWorkerIdAndDelegatorUrlTogetherFail() {
        this.leasedRunner.withPropertyValues("snowcloud.generator.worker-id=5")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .satisfies((ex) -> assertThat(((InvalidConfigurationPropertyValueException) ex).getReason())
                    .contains("not both")));
    }

    @Test
    void workerIdOutOfRangeFails() {
        this.contextRunner.withPropertyValues("snowcloud.generator.worker-id=1024")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("snowcloud.generator.worker-id"));
    }

    @Test
    void withoutAnApiKeyTheDelegatorsRefusalFailsStartUpAtOnce(CapturedOutput output) {
        this.contextRunner.withPropertyValues("snowcloud.generator.delegator-url=" + this.delegator.url())
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .hasMessageContaining("401"));
        assertThat(output).contains("No snowcloud.generator.api-key is set");
        assertThat(this.delegator.requests("register").get(0).authorization()).isNull();
    }

    @Test
    void instanceNameIsMadeAcceptableToTheDelegator() {
        assertThat(SnowcloudGeneratorAutoConfiguration.label("my app (eu)/1")).isEqualTo("my-app--eu-/1");
        assertThat(SnowcloudGeneratorAutoConfiguration.label("x".repeat(200))).hasSize(128);
        assertThat(SnowcloudGeneratorAutoConfiguration.label("fe80::1%eth0")).isEqualTo("fe80::1%eth0");
    }

    @Test
    void delegatorUrlMustBeHttp() {
        this.contextRunner
            .withPropertyValues("snowcloud.generator.delegator-url=redis://localhost:6379",
                    "snowcloud.generator.api-key=k")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .hasMessageContaining("snowcloud.generator.delegator-url"));
    }

    @Test
    void backoffMaximumBelowItsInitialFails() {
        this.leasedRunner
            .withPropertyValues("snowcloud.generator.retry-initial-backoff=2s",
                    "snowcloud.generator.retry-max-backoff=1s")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .hasMessageContaining("snowcloud.generator.retry-max-backoff"));
    }

    @Test
    void futureEpochFails() {
        this.contextRunner
            .withPropertyValues("snowcloud.generator.worker-id=1", "snowcloud.generator.epoch=2999-01-01T00:00:00Z")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .hasMessageContaining("snowcloud.generator.epoch"));
    }

    @Test
    void startUpFailsWhenNoLeaseArrivesWithinTheRegistrationTimeout() {
        this.delegator.fail(Integer.MAX_VALUE, 503, null);
        this.leasedRunner.withPropertyValues("snowcloud.generator.registration-timeout=500ms")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .isInstanceOf(LeaseRegistrationException.class)
                .hasMessageContaining("No worker lease from the delegator at " + this.delegator.url()));
    }

    @Test
    void startsWithoutALeaseWhenToldNotToFail() {
        this.delegator.fail(Integer.MAX_VALUE, 503, null);
        this.leasedRunner.withPropertyValues("snowcloud.generator.fail-on-missing-lease=false").run((context) -> {
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
