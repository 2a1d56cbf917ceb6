package dev.snowcloud.delegator;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.snowcloud.testsupport.RedisCluster;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delegator on a Redis Cluster of three masters with one replica each (real processes),
 * acknowledged writes on: the pool's slot moves to another master while generators run, then
 * the master that holds it is SIGKILLed and its replica promoted. Neither grants a worker ID
 * to a second holder while an earlier one may still use it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "snowcloud.delegator.store=redis", "snowcloud.delegator.namespace=cluster-ha",
                "snowcloud.delegator.lease-ttl=6s", "snowcloud.delegator.recovery-period=6s",
                "snowcloud.delegator.api-keys=" + ApiClient.KEY, "snowcloud.delegator.redis.min-replicas-acked=1",
                "snowcloud.delegator.redis.ack-timeout=500ms", "spring.data.redis.timeout=2s",
                "spring.data.redis.connect-timeout=1s", "spring.data.redis.lettuce.cluster.refresh.adaptive=true",
                "spring.data.redis.lettuce.cluster.refresh.period=1s" })
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisClusterFailoverTests {

    static final RedisCluster cluster = RedisCluster.start(1, Duration.ofMillis(2000));

    static final int SLOT = cluster.slotOf("{snowcloud:cluster-ha}:meta");

    @DynamicPropertySource
    static void clusterProperties(DynamicPropertyRegistry properties) {
        properties.add("spring.data.redis.cluster.nodes", () -> String.join(",", cluster.nodes()));
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @LocalServerPort
    int port;

    @Test
    @Order(1)
    void thePoolsSlotMovesToAnotherMasterWhileGeneratorsRun() {
        ApiClient api = new ApiClient(this.port);
        try (LeaseTraffic traffic = new LeaseTraffic(List.of(api), 4).start()) {
            awaitGrants(traffic, 10);
            String source = cluster.masterOf(SLOT);
            String target = cluster.nodes().stream().filter((master) -> !master.equals(source)).findFirst().orElseThrow();
            long movedAt = System.nanoTime();
            cluster.moveSlot(SLOT, target);
            long moved = System.nanoTime();
            assertThat(cluster.masterOf(SLOT)).isEqualTo(target);
            long renewed = awaitAfter(traffic::lastRenewal, moved);
            long registered = awaitAfter(traffic::lastRegistration, moved);
            System.out.printf("Cluster slot %d moved %s -> %s in %d ms under load: renewals again %d ms, "
                    + "registrations again %d ms after the move; %d grants, %d renewals, %d refusals%n", SLOT, source,
                    target, (moved - movedAt) / 1_000_000, (renewed - moved) / 1_000_000,
                    (registered - moved) / 1_000_000, traffic.grants(), traffic.renewals(), traffic.refusals());
            awaitGrants(traffic, traffic.grants() + 10);
            traffic.close();
            assertThat(traffic.overlaps()).isEmpty();
        }
    }

    @Test
    @Order(2)
    void theMasterHoldingThePoolIsKilledAndItsReplicaTakesOver() {
        ApiClient api = new ApiClient(this.port);
        try (LeaseTraffic traffic = new LeaseTraffic(List.of(api), 4).start()) {
            awaitGrants(traffic, 10);
            String master = cluster.masterOf(SLOT);
            long killedAt = System.nanoTime();
            cluster.kill(master);
            Duration promotion = cluster.awaitFailover(SLOT, master, Duration.ofSeconds(30));
            // a supervisor restarts the killed node: it rejoins as the new master's replica, so
            // acknowledged writes find a replica again
            cluster.restart(master);
            cluster.awaitReplicasInSync(Duration.ofSeconds(30));
            long replicaBack = System.nanoTime();
            long renewed = awaitAfter(traffic::lastRenewal, replicaBack);
            long registered = awaitAfter(traffic::lastRegistration, replicaBack);
            System.out.printf("Cluster master of slot %d killed under load: promotion %d ms, old master back as "
                    + "replica %d ms, renewals again %d ms, registrations again %d ms after the kill; "
                    + "%d grants, %d renewals, %d refusals%n", SLOT, promotion.toMillis(),
                    (replicaBack - killedAt) / 1_000_000, (renewed - killedAt) / 1_000_000,
                    (registered - killedAt) / 1_000_000, traffic.grants(), traffic.renewals(), traffic.refusals());
            awaitGrants(traffic, traffic.grants() + 10);
            traffic.close();
            assertThat(traffic.overlaps()).isEmpty();
        }
    }

    private static void awaitGrants(LeaseTraffic traffic, int grants) {
        awaitAfter(() -> traffic.grants(), grants - 1);
    }

    private static long awaitAfter(LongSupplier last, long after) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (last.getAsLong() <= after) {
            assertThat(System.nanoTime()).as("traffic resumed within 60 s").isLessThan(deadline);
            try {
                Thread.sleep(20);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
        return last.getAsLong();
    }

}
