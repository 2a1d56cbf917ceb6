package dev.snowcloud.delegator.config;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RedisStorePropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withUserConfiguration(PropertiesConfiguration.class);

    @Test
    void byDefaultNoReplicaMustAcknowledge() {
        this.runner.run((context) -> {
            RedisStoreProperties properties = context.getBean(RedisStoreProperties.class);
            assertThat(properties.minReplicasAcked()).isZero();
            assertThat(properties.ackTimeout()).isEqualTo(Duration.ofMillis(500));
        });
    }

    @Test
    void bindsReplicasAndTimeout() {
        this.runner
            .withPropertyValues("snowcloud.delegator.redis.min-replicas-acked=1",
                    "snowcloud.delegator.redis.ack-timeout=250ms")
            .run((context) -> assertThat(context.getBean(RedisStoreProperties.class))
                .isEqualTo(new RedisStoreProperties(1, Duration.ofMillis(250))));
    }

    @Test
    void negativeReplicasFailStartup() {
        this.runner.withPropertyValues("snowcloud.delegator.redis.min-replicas-acked=-1")
            .run((context) -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("min-replicas-acked must not be negative"));
    }

    @Test
    void anAckTimeoutOfAThirdOfTheLeaseTtlOrMoreIsRefused() {
        new RedisStoreProperties(1, Duration.ofSeconds(19)).requireWithin(Duration.ofSeconds(60));
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new RedisStoreProperties(1, Duration.ofSeconds(20)).requireWithin(Duration.ofSeconds(60)))
            .withMessageContaining("must be below a third of snowcloud.delegator.lease-ttl");
        new RedisStoreProperties(0, Duration.ofSeconds(20)).requireWithin(Duration.ofSeconds(60));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(RedisStoreProperties.class)
    static class PropertiesConfiguration {

    }

}
