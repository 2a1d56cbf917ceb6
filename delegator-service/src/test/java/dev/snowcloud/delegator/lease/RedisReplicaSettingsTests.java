package dev.snowcloud.delegator.lease;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.snowcloud.delegator.lease.redis.RedisLeaseStore;
import dev.snowcloud.testsupport.RedisServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Several delegator replicas on one pool: each records its settings in the pool's meta, a
 * replica whose settings conflict with a recorded one is refused and changes nothing, and
 * replicas that differ only in their ttl share the pool safely.
 */
class RedisReplicaSettingsTests {

    private static final Duration SKEW = Duration.ofSeconds(1);

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

    @BeforeEach
    void newPool() {
        this.namespace = "replicas-" + namespaces.incrementAndGet();
    }

    private RedisLeaseStore replica(Duration ttl, Duration skew, Duration recovery) {
        return new RedisLeaseStore(template, this.namespace, new LeaseRules(ttl, skew, recovery, 1));
    }

    private RedisLeaseStore mismatchedReplica(Duration ttl, Duration skew, Duration recovery) {
        return new RedisLeaseStore(template, this.namespace, new LeaseRules(ttl, skew, recovery, 1), true);
    }

    private Map<Object, Object> meta() {
        return template.opsForHash().entries("{snowcloud:" + this.namespace + "}:meta");
    }

    /** Ends the recovery period the pool began with, as if it had been waited out. */
    private void pastRecovery(RedisLeaseStore store) {
        store.pool();
        template.opsForHash().put("{snowcloud:" + this.namespace + "}:meta", "recoveryUntil", "0");
    }

    private void passTime(Duration duration) {
        RedisClock.await(() -> RedisLeaseStoreTests.redisMillis(redis), duration);
    }

    @Test
    void eachReplicaRecordsItsSettingsInThePoolsMetaUntilOneTtlAfterItsLastCall() {
        long before = RedisLeaseStoreTests.redisMillis(redis);
        replica(Duration.ofSeconds(60), SKEW, Duration.ofSeconds(90)).pool();
        long after = RedisLeaseStoreTests.redisMillis(redis);
        Object until = meta().get("replica:60000:1000:90000");
        assertThat(until).isNotNull();
        assertThat(Long.parseLong((String) until)).isBetween(before + 60_000, after + 60_000);
    }

    @Test
    void aReplicaWithAnotherMaxClockSkewIsRefusedAndChangesNothing() {
        RedisLeaseStore first = replica(Duration.ofSeconds(60), SKEW, Duration.ofSeconds(60));
        pastRecovery(first);
        GrantedLease lease = first.register(Registration.anonymous());
        Map<Object, Object> meta = meta();
        RedisLeaseStore other = replica(Duration.ofSeconds(60), Duration.ofSeconds(2), Duration.ofSeconds(60));
        String difference = "max-clock-skew is 2000 ms here but 1000 ms on another replica of this pool";
        assertThatExceptionOfType(ReplicaSettingsConflictException.class).isThrownBy(other::pool)
            .withMessageContaining(difference);
        assertThatExceptionOfType(ReplicaSettingsConflictException.class)
            .isThrownBy(() -> other.register(Registration.anonymous()));
        assertThatExceptionOfType(ReplicaSettingsConflictException.class)
            .isThrownBy(() -> other.renew(lease.workerId(), lease.leaseToken(), null));
        assertThatExceptionOfType(ReplicaSettingsConflictException.class)
            .isThrownBy(() -> other.release(lease.workerId(), lease.leaseToken(), lease.notBefore()));
        assertThatExceptionOfType(ReplicaSettingsConflictException.class).isThrownBy(() -> other.worker(0));
        assertThat(meta()).isEqualTo(meta);
        assertThat(first.worker(lease.workerId()).expiresAt()).isEqualTo(lease.expiresAt());
    }

    @Test
    void aReplicaWhoseRecoveryPeriodIsShorterThanAnotherReplicasTtlIsRefused() {
        replica(Duration.ofSeconds(60), SKEW, Duration.ofSeconds(60)).pool();
        assertThatExceptionOfType(ReplicaSettingsConflictException.class)
            .isThrownBy(() -> replica(Duration.ofSeconds(10), SKEW, Duration.ofSeconds(10)).pool())
            .withMessageContaining("recovery-period is 10000 ms here, shorter than the lease ttl of 60000 ms");
        assertThatExceptionOfType(ReplicaSettingsConflictException.class)
            .isThrownBy(() -> replica(Duration.ofSeconds(120), SKEW, Duration.ofSeconds(120)).pool())
            .withMessageContaining("lease-ttl is 120000 ms here, longer than the recovery period of 60000 ms");
    }

    @Test
    void replicasWithDifferentTtlsShareAPoolAndTheNextHolderStartsAboveEveryFence() {
        RedisLeaseStore longer = replica(Duration.ofSeconds(3), SKEW, Duration.ofSeconds(3));
        RedisLeaseStore shorter = replica(Duration.ofMillis(1500), SKEW, Duration.ofSeconds(3));
        pastRecovery(shorter);
        GrantedLease lease = longer.register(Registration.anonymous());
        GrantedLease renewed = shorter.renew(lease.workerId(), lease.leaseToken(), null).lease();
        // a shorter ttl never pulls in an expiry the holder was told
        assertThat(renewed.expiresAt()).isAfterOrEqualTo(lease.expiresAt());
        assertThat(renewed.maxTimestamp()).isGreaterThanOrEqualTo(lease.maxTimestamp());
        assertThat(renewed.ttl()).isEqualTo(Duration.ofMillis(1500));
        passTime(Duration.ofMillis(3050));
        GrantedLease next = shorter.register(Registration.anonymous());
        assertThat(next.workerId()).isEqualTo(lease.workerId());
        assertThat(next.notBefore()).isGreaterThan(Math.max(lease.maxTimestamp(), renewed.maxTimestamp()));
    }

    @Test
    void aRetiredReplicasSettingsStopCountingOneTtlAfterItsLastCall() {
        RedisLeaseStore retired = replica(Duration.ofMillis(1500), SKEW, Duration.ofMillis(1500));
        retired.pool();
        RedisLeaseStore successor = replica(Duration.ofMillis(1500), Duration.ofSeconds(2), Duration.ofMillis(1500));
        assertThatExceptionOfType(ReplicaSettingsConflictException.class).isThrownBy(successor::pool);
        passTime(Duration.ofMillis(1550));
        assertThat(successor.pool().size()).isEqualTo(1);
        assertThat(meta()).doesNotContainKey("replica:1500:1000:1500").containsKey("replica:1500:2000:1500");
        assertThatExceptionOfType(ReplicaSettingsConflictException.class).isThrownBy(retired::pool);
    }

    @Test
    void aReplicaAllowedToMismatchServesAndIsRecordedSoTheOthersSeeIt() {
        RedisLeaseStore first = replica(Duration.ofSeconds(60), SKEW, Duration.ofSeconds(60));
        pastRecovery(first);
        RedisLeaseStore placeholder = mismatchedReplica(Duration.ofSeconds(600), SKEW, Duration.ofSeconds(60));
        assertThat(placeholder.register(Registration.anonymous()).ttl()).isEqualTo(Duration.ofSeconds(600));
        assertThat(meta()).containsKeys("replica:60000:1000:60000", "replica:600000:1000:60000");
        assertThatExceptionOfType(ReplicaSettingsConflictException.class).isThrownBy(first::pool)
            .withMessageContaining("recovery-period is 60000 ms here, shorter than the lease ttl of 600000 ms");
    }

    @Test
    void aLeaseGrantedWithALargerSkewIsFencedByItsOwnMaxTimestampWhoeverReclaimsIt() {
        RedisLeaseStore wider = mismatchedReplica(Duration.ofMillis(1500), Duration.ofSeconds(5), Duration.ofSeconds(3));
        RedisLeaseStore narrower = mismatchedReplica(Duration.ofMillis(1500), SKEW, Duration.ofSeconds(3));
        // created by the narrower one, so that its watermarks stay below the wider fence
        pastRecovery(narrower);
        GrantedLease lease = wider.register(Registration.anonymous());
        assertThat(lease.maxTimestamp()).isEqualTo(lease.expiresAt().plusSeconds(5).toEpochMilli());
        passTime(Duration.ofMillis(1550));
        // the narrower replica's script reclaims the lapsed lease: expiry + its own 1 s would be too low
        GrantedLease next = narrower.register(Registration.anonymous());
        assertThat(next.workerId()).isEqualTo(lease.workerId());
        assertThat(next.notBefore()).isGreaterThan(lease.maxTimestamp());
    }

    @Test
    void aConflictingReplicaDoesNotStartARecoveryForANewRedisRun() {
        RedisLeaseStore first = replica(Duration.ofSeconds(60), SKEW, Duration.ofSeconds(60));
        first.pool();
        String metaKey = "{snowcloud:" + this.namespace + "}:meta";
        template.opsForHash().put(metaKey, "runId", "0");
        Map<Object, Object> meta = meta();
        assertThatExceptionOfType(ReplicaSettingsConflictException.class)
            .isThrownBy(() -> replica(Duration.ofSeconds(1), SKEW, Duration.ofSeconds(1)).pool());
        assertThat(meta()).isEqualTo(meta);
    }

    @Test
    void aReplicaRefusedForItsSettingsLeavesALostPoolToTheOthers() {
        RedisLeaseStore fitting = replica(Duration.ofSeconds(60), SKEW, Duration.ofSeconds(60));
        fitting.pool();
        RedisLeaseStore conflicting = replica(Duration.ofSeconds(10), SKEW, Duration.ofSeconds(10));
        assertThatExceptionOfType(ReplicaSettingsConflictException.class).isThrownBy(conflicting::pool);
        template.delete(template.keys("{snowcloud:" + this.namespace + "}:*"));
        // its 10 s recovery period would not cover the 60 s leases granted before the loss
        assertThatExceptionOfType(ReplicaSettingsConflictException.class).isThrownBy(conflicting::pool)
            .withMessageContaining("leaves re-creating the pool to a replica whose settings fit");
        assertThat(meta()).isEmpty();
        PoolStatus recreated = fitting.pool();
        assertThat(recreated.recoveryUntil()).isNotNull();
        assertThatExceptionOfType(ReplicaSettingsConflictException.class).isThrownBy(conflicting::pool)
            .withMessageContaining("recovery-period is 10000 ms here");
    }

    @Test
    void aNewRedisRunStartsEveryIdAboveTheFenceOfAGrantItLost() {
        RedisLeaseStore store = replica(Duration.ofMillis(1500), SKEW, Duration.ofSeconds(3));
        pastRecovery(store);
        GrantedLease lost = store.register(Registration.anonymous());
        // what a Redis that restarted from a snapshot taken before the grant shows: the ID free
        // and never granted, in a pool written by another run
        String prefix = "{snowcloud:" + this.namespace + "}:";
        template.opsForZSet().remove(prefix + "expiry", "0");
        template.opsForZSet().add(prefix + "free", "0", 0);
        template.opsForHash().delete(prefix + "token", "0");
        template.opsForHash().delete(prefix + "fence", "0");
        template.opsForHash().put(prefix + "watermark", "0", "0");
        template.opsForHash().put(prefix + "meta", "runId", "0");
        assertThat(store.pool().recovering()).isTrue();
        passTime(Duration.ofSeconds(3).plusMillis(50));
        GrantedLease next = store.register(Registration.anonymous());
        assertThat(next.workerId()).isEqualTo(lost.workerId());
        assertThat(next.notBefore()).isGreaterThan(lost.maxTimestamp());
    }

}
