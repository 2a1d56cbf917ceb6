package dev.snowcloud.delegator.config;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

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
    void recoveryPeriodDefaultsToTheLeaseTtlAndMayBeZero() {
        this.runner.withPropertyValues("snowcloud.delegator.api-keys=k1", "snowcloud.delegator.lease-ttl=30s")
            .run((context) -> assertThat(context.getBean(DelegatorProperties.class).rules().recoveryPeriod())
                .isEqualTo(Duration.ofSeconds(30)));
        this.runner.withPropertyValues("snowcloud.delegator.api-keys=k1", "snowcloud.delegator.recovery-period=0")
            .run((context) -> assertThat(context.getBean(DelegatorProperties.class).rules().recoveryPeriod())
                .isZero());
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
