package dev.snowcloud.delegator.lease;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.snowcloud.delegator.lease.redis.RedisLeaseStore;
import dev.snowcloud.testsupport.RedisServer;

import static org.assertj.core.api.Assertions.assertThat;

class RedisLeaseStoreTests extends LeaseStoreContractTests {

    private static final AtomicInteger namespaces = new AtomicInteger();

    private static RedisServer redis;

    private static LettuceConnectionFactory connections;

    private static StringRedisTemplate template;

    private String namespace;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.startEmpty();
        connections = RedisTemplates.standalone(redis.host(), redis.port());
        template = RedisTemplates.template(connections);
    }

    @AfterAll
    static void stopRedis() {
        connections.destroy();
        redis.close();
    }

    @Override
    LeaseStore newStore(LeaseRules rules) {
        this.namespace = "test-" + namespaces.incrementAndGet();
        return new RedisLeaseStore(template, this.namespace, rules);
    }

    @Override
    LeaseStore loseStore(LeaseRules rules) {
        redis.command("FLUSHALL");
        return new RedisLeaseStore(template, this.namespace, rules);
    }

    @Override
    void passTime(Duration duration) {
        RedisClock.await(() -> redisMillis(redis), duration);
    }

    @Override
    Duration expiringTtl() {
        return Duration.ofMillis(1500);
    }

    @Override
    Duration recoveryPeriod() {
        return Duration.ofSeconds(3);
    }

    static long redisMillis(RedisServer server) {
        List<?> time = (List<?>) server.command("TIME");
        return Long.parseLong((String) time.get(0)) * 1000 + Long.parseLong((String) time.get(1)) / 1000;
    }

    @Test
    void everyKeyOfTheNamespaceSharesOneHashTag() {
        LeaseStore store = newStore(rules(Duration.ofMinutes(1), Duration.ZERO));
        GrantedLease released = store.register(named("released"));
        store.register(named("held"));
        store.release(released.workerId(), released.leaseToken(), released.notBefore());
        List<?> keys = (List<?>) redis.command("KEYS", "*:" + this.namespace + "}:*");
        assertThat(keys).hasSize(11)
            .allSatisfy((key) -> assertThat((String) key).startsWith("{snowcloud:" + this.namespace + "}:"));
    }

}
