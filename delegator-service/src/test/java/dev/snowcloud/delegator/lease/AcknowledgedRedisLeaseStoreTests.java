package dev.snowcloud.delegator.lease;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.snowcloud.delegator.lease.redis.RedisLeaseStore;
import dev.snowcloud.testsupport.RedisReplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The whole contract on a master with one replica, every register, renew and release
 * confirmed by {@code WAIT 1}; and what happens when the replica stops acknowledging: the
 * operation fails, and nothing the holder was told changes.
 */
class AcknowledgedRedisLeaseStoreTests extends LeaseStoreContractTests {

    private static final Duration ACK_TIMEOUT = Duration.ofMillis(300);

    private static final AtomicInteger namespaces = new AtomicInteger();

    private static RedisReplication redis;

    private static LettuceConnectionFactory connections;

    private static StringRedisTemplate template;

    private String namespace;

    @BeforeAll
    static void startRedis() {
        redis = RedisReplication.start(1);
        // A CI run on a busy machine saw the first two tests' grants miss the 300 ms the store waits
        // for the replica that had just come online: one write acknowledged first, with time to spare.
        List<Object> warmUp = redis.commandsOnOneConnection(0,
                List.of(List.of("SET", "warm-up", "1"), List.of("WAIT", "1", "10000")));
        assertThat(warmUp.get(1)).as("the replica acknowledged a first write").isEqualTo(1L);
        connections = RedisTemplates.standalone(redis.host(), redis.port(0));
        template = RedisTemplates.template(connections);
    }

    @AfterAll
    static void stopRedis() {
        connections.destroy();
        redis.close();
    }

    @AfterEach
    void replicaRunsAgain() {
        if (!redis.isRunning(1)) {
            redis.restart(1);
        }
        redis.thaw(1);
    }

    @Override
    LeaseStore newStore(LeaseRules rules) {
        this.namespace = "acked-" + namespaces.incrementAndGet();
        return acknowledged(rules);
    }

    @Override
    LeaseStore loseStore(LeaseRules rules) {
        redis.command(0, "FLUSHALL");
        return acknowledged(rules);
    }

    private RedisLeaseStore acknowledged(LeaseRules rules) {
        return new RedisLeaseStore(template, this.namespace, rules).requireAcknowledgement(1, ACK_TIMEOUT);
    }

    @Override
    void passTime(Duration duration) {
        RedisClock.await(AcknowledgedRedisLeaseStoreTests::masterMillis, duration);
    }

    @Override
    Duration expiringTtl() {
        return Duration.ofMillis(1500);
    }

    @Override
    Duration recoveryPeriod() {
        return Duration.ofSeconds(3);
    }

    private static long masterMillis() {
        List<?> time = (List<?>) redis.command(0, "TIME");
        return Long.parseLong((String) time.get(0)) * 1000 + Long.parseLong((String) time.get(1)) / 1000;
    }

    @Test
    void anAcknowledgedGrantIsOnTheReplicaWhenRegisterReturns() {
        LeaseStore store = store();
        GrantedLease lease = store.register(named("durable"));
        assertThat(redis.command(1, "HGET", "{snowcloud:" + this.namespace + "}:token",
                Integer.toString(lease.workerId())))
            .isEqualTo(lease.leaseToken());
    }

    @Test
    void registerFailsWhenTheReplicaDoesNotAcknowledgeInTime() {
        LeaseStore store = store();
        store.register(named("warm-up"));
        redis.freeze(1);
        assertThatExceptionOfType(WriteNotAcknowledgedException.class)
            .isThrownBy(() -> store.register(named("unconfirmed")))
            .withMessageContaining("GRANTED write on 0 of the 1 replicas required within 300ms")
            .satisfies((ex) -> assertThat(ex.retryAfter()).isEqualTo(StoreUnavailableException.RETRY_AFTER));
        redis.thaw(1);
        assertThat(store.register(named("confirmed")).workerId()).isNotNegative();
    }

    @Test
    void aRenewalNoReplicaAcknowledgedIsAFailureAndTheHolderKeepsItsOldExpiry() {
        LeaseStore store = store();
        GrantedLease lease = store.register(named("holder"));
        redis.freeze(1);
        assertThatExceptionOfType(WriteNotAcknowledgedException.class)
            .isThrownBy(() -> store.renew(lease.workerId(), lease.leaseToken(), null))
            .withMessageContaining("RENEWED write on 0 of the 1 replicas");
        redis.thaw(1);
        Renewal renewal = store.renew(lease.workerId(), lease.leaseToken(), null);
        assertThat(renewal.lease().expiresAt()).isAfterOrEqualTo(lease.expiresAt());
    }

    @Test
    void aKilledReplicaFailsReleaseUntilItIsBack() {
        LeaseStore store = store();
        GrantedLease lease = store.register(named("leaving"));
        redis.kill(1);
        assertThatExceptionOfType(WriteNotAcknowledgedException.class)
            .isThrownBy(() -> store.release(lease.workerId(), lease.leaseToken(), lease.notBefore()))
            .withMessageContaining("RELEASED write on 0 of the 1 replicas");
        redis.restart(1);
        awaitReplicaOnline();
        store.release(lease.workerId(), lease.leaseToken(), lease.notBefore());
        assertThat(store.worker(lease.workerId()).leased()).isFalse();
    }

    @Test
    void answersThatChangeNoLeaseDoNotWaitForReplicas() {
        LeaseStore store = store();
        GrantedLease lease = store.register(named("holder"));
        redis.freeze(1);
        assertThatExceptionOfType(LeaseNotHeldException.class)
            .isThrownBy(() -> store.renew(lease.workerId(), "not-the-token", null));
        assertThat(store.worker(lease.workerId()).leased()).isTrue();
    }

    private static void awaitReplicaOnline() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (redis.onlineReplicas(0) < 1) {
            assertThat(System.nanoTime()).as("replica back online within 30s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

}
