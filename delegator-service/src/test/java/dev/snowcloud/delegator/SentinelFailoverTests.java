package dev.snowcloud.delegator;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.snowcloud.testsupport.RedisSentinel;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delegator on Redis Sentinel (one master, two replicas, three sentinels, all real
 * processes), configured through {@code spring.data.redis.sentinel.*} with acknowledged
 * writes: registrations and renewals work through it, and when the master is SIGKILLed under
 * load the delegator follows the promotion, detects the new Redis run and never grants a
 * worker ID to a second holder while the first may still use it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "snowcloud.delegator.store=redis", "snowcloud.delegator.namespace=sentinel",
                "snowcloud.delegator.lease-ttl=6s", "snowcloud.delegator.recovery-period=6s",
                "snowcloud.delegator.api-keys=" + ApiClient.KEY, "snowcloud.delegator.redis.min-replicas-acked=1",
                "snowcloud.delegator.redis.ack-timeout=500ms", "spring.data.redis.timeout=2s",
                "spring.data.redis.connect-timeout=1s" })
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class SentinelFailoverTests {

    static final RedisSentinel sentinel = RedisSentinel.start(2, Duration.ofMillis(1000));

    @DynamicPropertySource
    static void sentinelProperties(DynamicPropertyRegistry properties) {
        properties.add("spring.data.redis.sentinel.master", () -> RedisSentinel.MASTER);
        properties.add("spring.data.redis.sentinel.nodes", () -> String.join(",", sentinel.sentinels()));
    }

    @AfterAll
    static void stopSentinel() {
        sentinel.close();
    }

    @LocalServerPort
    int port;

    @Test
    void theDelegatorFollowsAPromotionUnderLoadWithoutGrantingAnIdTwice(CapturedOutput output) {
        ApiClient api = new ApiClient(this.port);
        HttpResponse<String> lease = ApiClient.awaitAnswer(() -> api.register("{}"),
                (response) -> response.statusCode() == 201, Duration.ofSeconds(30));
        int id = ApiClient.read(lease, "$.workerId");
        String token = ApiClient.read(lease, "$.leaseToken");
        assertThat(api.renew(id, token, null).statusCode()).isEqualTo(200);
        assertThat(sentinel.servers().command(1, "HGET", "{snowcloud:sentinel}:token", Integer.toString(id)))
            .as("the grant reached a replica").isNotNull();

        try (LeaseTraffic traffic = new LeaseTraffic(List.of(api), 4).start()) {
            ApiClient.awaitAnswer(() -> lease, (response) -> traffic.renewals() > 20, Duration.ofSeconds(30));
            String oldMaster = sentinel.master();
            long killedAt = System.nanoTime();
            sentinel.servers().kill(sentinel.masterNode());
            Duration promotion = sentinel.awaitFailover(oldMaster, Duration.ofSeconds(30));
            long promotedAt = System.nanoTime();
            long refused = awaitAfter(traffic::lastRefusal, killedAt);
            long renewed = awaitAfter(traffic::lastRenewal, refused);
            // A grant the old master made just before the kill can be answered just after killedAt:
            // only one answered after the promotion comes from the new master.
            long registered = awaitAfter(traffic::lastRegistration, promotedAt);
            System.out.printf("Sentinel failover under load: promotion %d ms, renewals again after %d ms, "
                    + "registrations again after %d ms (recovery period 6 s); %d grants, %d renewals, %d refusals%n",
                    promotion.toMillis(), (renewed - killedAt) / 1_000_000, (registered - killedAt) / 1_000_000,
                    traffic.grants(), traffic.renewals(), traffic.refusals());
            ApiClient.awaitAnswer(() -> lease, (response) -> traffic.grants() > 40, Duration.ofSeconds(30));
            traffic.close();
            assertThat(traffic.overlaps()).isEmpty();
            assertThat(registered - killedAt).as("registrations wait for the recovery period")
                .isGreaterThan(Duration.ofSeconds(6).toNanos());
        }
        assertThat(output.getOut()).contains("Redis run changed (run_id").contains("lease pool 'sentinel'");
        assertThat(api.renew(id, token, null).statusCode()).as("the first lease survived the failover").isEqualTo(200);
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
