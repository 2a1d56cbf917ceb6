package dev.snowcloud.delegator.config;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import dev.snowcloud.delegator.DelegatorApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ExtendWith(OutputCaptureExtension.class)
class DelegatorPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withUserConfiguration(PropertiesConfiguration.class);

    @Test
    void defaultsAreRedisDefaultNamespaceOneMinuteTtlAndOneSecondSkew() {
        this.runner.withPropertyValues("snowcloud.delegator.api-keys=k1").run((context) -> {
            DelegatorProperties properties = context.getBean(DelegatorProperties.class);
            assertThat(properties.store()).isEqualTo(DelegatorProperties.Store.REDIS);
            assertThat(properties.namespace()).isEqualTo("default");
            assertThat(properties.leaseTtl()).isEqualTo(Duration.ofSeconds(60));
            assertThat(properties.maxClockSkew()).isEqualTo(Duration.ofSeconds(1));
            assertThat(properties.authEnabled()).isTrue();
            assertThat(properties.rules().poolSize()).isEqualTo(1024);
        });
    }

    @Test
    void recoveryPeriodDefaultsToTheLeaseTtlAndMayBeZeroOnlyWhenAllowedAsUnsafe() {
        this.runner.withPropertyValues("snowcloud.delegator.api-keys=k1", "snowcloud.delegator.lease-ttl=30s")
            .run((context) -> assertThat(context.getBean(DelegatorProperties.class).rules().recoveryPeriod())
                .isEqualTo(Duration.ofSeconds(30)));
        this.runner.withPropertyValues("snowcloud.delegator.api-keys=k1", "snowcloud.delegator.recovery-period=0",
                "snowcloud.delegator.unsafe.allow-short-recovery=true")
            .run((context) -> assertThat(context.getBean(DelegatorProperties.class).rules().recoveryPeriod())
                .isZero());
    }

    @Test
    void refusesARecoveryPeriodShorterThanTheLeaseTtlAndSaysWhatToSet() {
        for (String recovery : new String[] { "0", "59s" }) {
            this.runner.withPropertyValues("snowcloud.delegator.api-keys=k1", "snowcloud.delegator.recovery-period=" + recovery)
                .run((context) -> {
                    assertThat(context).getFailure()
                        .rootCause()
                        .isInstanceOf(UnsafeSettingException.class)
                        .hasMessageContaining("recovery-period")
                        .hasMessageContaining("lease-ttl");
                    FailureAnalysis analysis = new UnsafeSettingFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).startsWith("Unsafe setting: snowcloud.delegator.recovery-period");
                    assertThat(analysis.getAction()).contains("snowcloud.delegator.unsafe.allow-short-recovery=true")
                        .contains("snowcloud.delegator.memory.data-dir");
                });
        }
    }

    @Test
    void aRefusedStartExplainsWhatToSet(CapturedOutput output) {
        assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> new SpringApplicationBuilder(
                DelegatorApplication.class)
            .run("--server.port=0", "--spring.main.banner-mode=off", "--snowcloud.delegator.store=memory",
                    "--snowcloud.delegator.api-keys=k1", "--snowcloud.delegator.recovery-period=0"));
        assertThat(output).contains("Unsafe setting: snowcloud.delegator.recovery-period (PT0S) is shorter than")
            .contains("snowcloud.delegator.unsafe.allow-short-recovery=true");
    }

    @Test
    void refusesAZeroClockSkewUnlessAllowedAsUnsafe() {
        this.runner.withPropertyValues("snowcloud.delegator.api-keys=k1", "snowcloud.delegator.max-clock-skew=0")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .isInstanceOf(UnsafeSettingException.class)
                .hasMessageContaining("max-clock-skew is 0"));
        this.runner
            .withPropertyValues("snowcloud.delegator.api-keys=k1", "snowcloud.delegator.max-clock-skew=0",
                    "snowcloud.delegator.unsafe.allow-zero-clock-skew=true")
            .run((context) -> assertThat(context.getBean(DelegatorProperties.class).maxClockSkew()).isZero());
    }

    @Test
    void everyUnsafeSettingThatIsOnBecomesAWarningAndNoneByDefault() {
        this.runner.withPropertyValues("snowcloud.delegator.api-keys=k1")
            .run((context) -> assertThat(context.getBean(DelegatorProperties.class).unsafe().warnings()).isEmpty());
        this.runner
            .withPropertyValues("snowcloud.delegator.api-keys=k1", "snowcloud.delegator.unsafe.allow-short-recovery=true",
                    "snowcloud.delegator.unsafe.allow-zero-clock-skew=true",
                    "snowcloud.delegator.unsafe.allow-mismatched-replicas=true")
            .run((context) -> assertThat(context.getBean(DelegatorProperties.class).unsafe().warnings()).hasSize(3)
                .anySatisfy((warning) -> assertThat(warning).startsWith("snowcloud.delegator.unsafe.allow-short-recovery"))
                .anySatisfy((warning) -> assertThat(warning).startsWith("snowcloud.delegator.unsafe.allow-zero-clock-skew"))
                .anySatisfy(
                        (warning) -> assertThat(warning).startsWith("snowcloud.delegator.unsafe.allow-mismatched-replicas")));
    }

    @Test
    void theMemoryStoresDataDirectoryIsOptional() {
        this.runner.withPropertyValues("snowcloud.delegator.api-keys=k1")
            .run((context) -> assertThat(context.getBean(DelegatorProperties.class).memory().dataDir()).isNull());
        this.runner.withPropertyValues("snowcloud.delegator.api-keys=k1", "snowcloud.delegator.memory.data-dir=.run-data")
            .run((context) -> assertThat(context.getBean(DelegatorProperties.class).memory().dataDir())
                .isEqualTo(Path.of(".run-data")));
    }

    @Test
    void apiKeysComeAsACommaSeparatedList() {
        this.runner.withPropertyValues("snowcloud.delegator.api-keys=k1, k2,,").run((context) -> {
            DelegatorProperties properties = context.getBean(DelegatorProperties.class);
            assertThat(properties.apiKeys()).containsExactly("k1", "k2");
            assertThat(properties.toString()).doesNotContain("k1").doesNotContain("k2");
        });
    }

    @Test
    void refusesToStartWithoutAnApiKey() {
        this.runner.run((context) -> assertThat(context).getFailure()
            .rootCause()
            .hasMessageContaining("No API key configured")
            .hasMessageContaining("SNOWCLOUD_DELEGATOR_API_KEYS")
            .hasMessageContaining("snowcloud.delegator.auth-enabled=false"));
    }

    @Test
    void startsWithoutApiKeysWhenAuthIsOff() {
        this.runner.withPropertyValues("snowcloud.delegator.auth-enabled=false")
            .run((context) -> assertThat(context).hasNotFailed());
    }

    @Test
    void rejectsATtlBelowOneMillisecond() {
        this.runner.withPropertyValues("snowcloud.delegator.api-keys=k1", "snowcloud.delegator.lease-ttl=0s")
            .run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("lease-ttl"));
    }

    @Test
    void rejectsANegativeClockSkew() {
        this.runner.withPropertyValues("snowcloud.delegator.api-keys=k1", "snowcloud.delegator.max-clock-skew=-1s")
            .run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("max-clock-skew"));
    }

    @Test
    void rejectsANamespaceThatCouldBreakTheKeys() {
        for (String namespace : new String[] { "a b", "x}y", "{tag}", "a".repeat(65) }) {
            this.runner.withPropertyValues("snowcloud.delegator.api-keys=k1", "snowcloud.delegator.namespace=" + namespace)
                .run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("namespace"));
        }
    }

    @Test
    void selectsTheMemoryStore() {
        this.runner.withPropertyValues("snowcloud.delegator.api-keys=k1", "snowcloud.delegator.store=memory")
            .run((context) -> assertThat(context.getBean(DelegatorProperties.class).store())
                .isEqualTo(DelegatorProperties.Store.MEMORY));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(DelegatorProperties.class)
    static class PropertiesConfiguration {

    }

}
