package dev.snowcloud.example;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.lease.LeaseGrant;
import dev.snowcloud.lease.LeaseKeeper;
import dev.snowcloud.lease.RenewalOutcome;
import dev.snowcloud.lease.http.DelegatorClient;
import dev.snowcloud.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's "Plain Java" lines, as written there, with no Spring context: two real
 * delegator processes (replicas on one Redis, 6 s lease ttl) and the core's client and
 * lease keeper. One replica is killed while the lease is held; the keeper renews through
 * the other.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PlainJavaTests {

    private static final String API_KEY = "e2e-key";

    private static final Duration TTL = Duration.ofSeconds(6);

    private static RedisServer redis;

    private static DelegatorProcess replicaA;

    private static DelegatorProcess replicaB;

    @BeforeAll
    static void startReplicas() throws Exception {
        redis = RedisServer.startEmpty();
        replicaA = new DelegatorProcess(redis, TTL);
        replicaB = new DelegatorProcess(redis, TTL);
        replicaA.start();
        replicaB.start();
    }

    @AfterAll
    static void stopReplicas() {
        for (DelegatorProcess replica : new DelegatorProcess[] { replicaA, replicaB }) {
            if (replica != null) {
                replica.destroy();
            }
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aPlainJavaApplicationHoldsALeaseThroughTheLossOfOneReplica() throws Exception {
        String delegatorA = "http://127.0.0.1:" + replicaA.port();
        String delegatorB = "http://127.0.0.1:" + replicaB.port();

        // From the README, "Plain Java":
        SnowflakeGenerator generator = SnowflakeGenerator.builder().build();
        DelegatorClient delegator = DelegatorClient.builder()
            .urls(delegatorA, delegatorB)
            .apiKey(API_KEY)
            .build();
        LeaseKeeper keeper = LeaseKeeper.builder(generator, delegator).instanceName("orders-1").build();
        keeper.start();
        keeper.awaitLease(Duration.ofSeconds(30));
        long id = generator.nextId();
        // (The README's lines end with keeper.close() on shutdown, below.)

        assertThat(keeper.workerId()).contains(generator.layout().decode(id).workerId());
        // Replica B serves another application meanwhile, as it would: its JVM is warm when it is needed.
        warmUp(delegatorB);
        await().atMost(Duration.ofSeconds(60)).until(() -> keeper.renewals(RenewalOutcome.SUCCESS) >= 2);
        int workerId = keeper.workerId().orElseThrow();
        long lapsedBefore = keeper.renewals(RenewalOutcome.LAPSED);

        replicaA.kill();
        long renewedWhenKilled = keeper.renewals(RenewalOutcome.SUCCESS);
        // Two lease ttls without the replica it used: only renewals through the other keep it.
        long until = System.nanoTime() + TTL.multipliedBy(2).toNanos();
        long previous = id;
        while (System.nanoTime() - until < 0) {
            long next = generator.nextId();
            assertThat(next).isGreaterThan(previous);
            previous = next;
            Thread.sleep(20);
        }
        assertThat(keeper.renewals(RenewalOutcome.SUCCESS)).isGreaterThanOrEqualTo(renewedWhenKilled + 3);
        assertThat(keeper.renewals(RenewalOutcome.LAPSED)).isEqualTo(lapsedBefore);
        assertThat(keeper.renewals(RenewalOutcome.CONFLICT)).isZero();
        assertThat(keeper.workerId()).contains(workerId);
        assertThat(keeper.clockOffset()).hasValueSatisfying(
                (offset) -> assertThat(offset.abs()).isLessThan(Duration.ofSeconds(1)));

        keeper.close();
        assertThat(generator.hasValidLease()).isFalse();
        assertThat(keeper.workerId()).isEmpty();
    }

    private static void warmUp(String replica) {
        DelegatorClient client = DelegatorClient.builder().urls(replica).apiKey(API_KEY).build();
        for (int i = 0; i < 5; i++) {
            LeaseGrant grant = client.register("warm-up", "127.0.0.1");
            client.renew(grant.workerId(), grant.leaseToken(), grant.notBefore());
            client.release(grant.workerId(), grant.leaseToken(), grant.notBefore());
        }
    }

}
