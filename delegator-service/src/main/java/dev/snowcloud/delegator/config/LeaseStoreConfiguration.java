package dev.snowcloud.delegator.config;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.snowcloud.delegator.actuate.MeteredLeaseStore;
import dev.snowcloud.delegator.lease.LeaseRules;
import dev.snowcloud.delegator.lease.LeaseStore;
import dev.snowcloud.delegator.lease.memory.InMemoryLeaseStore;
import dev.snowcloud.delegator.lease.memory.LeaseFloors;
import dev.snowcloud.delegator.lease.redis.RedisLeaseStore;

/**
 * Creates the {@link LeaseStore} that {@code snowcloud.delegator.store} asks for, wrapped so
 * that every operation's outcome is counted.
 */
@Configuration(proxyBeanMethods = false)
class LeaseStoreConfiguration {

    private static final Log logger = LogFactory.getLog(LeaseStoreConfiguration.class);

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "snowcloud.delegator.store", havingValue = "redis", matchIfMissing = true)
    static class RedisStoreConfiguration {

        @Bean
        LeaseStore leaseStore(StringRedisTemplate redis, DelegatorProperties properties,
                RedisStoreProperties durability, MeterRegistry meters) {
            durability.requireWithin(properties.leaseTtl());
            return new MeteredLeaseStore(new RedisLeaseStore(redis, properties.namespace(), rules(properties),
                    properties.unsafe().allowMismatchedReplicas())
                .requireAcknowledgement(durability.minReplicasAcked(), durability.ackTimeout()), meters);
        }

        /**
         * Fail fast while Redis is away (a 503 now beats a request that hangs for the command
         * timeout) and reconnect within a second once it is back.
         */
        @Bean
        LettuceClientOptionsBuilderCustomizer failFastWhileDisconnected() {
            return (options) -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
        }

        @Bean
        ClientResourcesBuilderCustomizer quickReconnect() {
            return (resources) -> resources.reconnectDelay(
                    Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS));
        }

    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "snowcloud.delegator.store", havingValue = "memory")
    static class MemoryStoreConfiguration {

        @Bean
        LeaseStore leaseStore(DelegatorProperties properties, MeterRegistry meters) {
            Path dataDir = properties.memory().dataDir();
            LeaseFloors floors = (dataDir != null) ? new LeaseFloors(dataDir) : null;
            if (floors == null) {
                logger.info("snowcloud.delegator.memory.data-dir is not set: every start of this delegator is a store "
                        + "loss with a recovery period");
            }
            return new MeteredLeaseStore(new InMemoryLeaseStore(rules(properties), Clock.systemUTC(), floors), meters);
        }

    }

    /** The store's rules, with a warning for every unsafe setting that is on, at every start. */
    static LeaseRules rules(DelegatorProperties properties) {
        for (String warning : properties.unsafe().warnings()) {
            logger.warn(warning);
        }
        return properties.rules();
    }

}
