package dev.snowcloud.delegator.lease;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.snowcloud.delegator.lease.redis.RedisLeaseStore;
import dev.snowcloud.testsupport.RedisCluster;
import dev.snowcloud.testsupport.Resp;

/**
 * The whole contract on a three-master Redis Cluster: every script must find all its keys
 * in one slot, whichever master owns the namespace's hash tag.
 */
class RedisClusterLeaseStoreTests extends LeaseStoreContractTests {

    private static final AtomicInteger namespaces = new AtomicInteger();

    private static RedisCluster cluster;

    private static LettuceConnectionFactory connections;

    private static StringRedisTemplate template;

    private String namespace;

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.start();
        connections = RedisTemplates.cluster(cluster.nodes());
        template = RedisTemplates.template(connections);
    }

    @AfterAll
    static void stopCluster() {
        connections.destroy();
        cluster.close();
    }

    @Override
    LeaseStore newStore(LeaseRules rules) {
        this.namespace = "cluster-" + namespaces.incrementAndGet();
        return new RedisLeaseStore(template, this.namespace, rules);
    }

    @Override
    LeaseStore loseStore(LeaseRules rules) {
        cluster.commandOnEveryNode("FLUSHALL");
        return new RedisLeaseStore(template, this.namespace, rules);
    }

    @Override
    void passTime(Duration duration) {
        RedisClock.await(RedisClusterLeaseStoreTests::firstNodeMillis, duration);
    }

    @Override
    Duration expiringTtl() {
        return Duration.ofMillis(1500);
    }

    @Override
    Duration recoveryPeriod() {
        return Duration.ofSeconds(3);
    }

    private static long firstNodeMillis() {
        String[] node = cluster.nodes().get(0).split(":");
        try {
            List<?> time = (List<?>) Resp.command(node[0], Integer.parseInt(node[1]), Duration.ofSeconds(5), "TIME");
            return Long.parseLong((String) time.get(0)) * 1000 + Long.parseLong((String) time.get(1)) / 1000;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
