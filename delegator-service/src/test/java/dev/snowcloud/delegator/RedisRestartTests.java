package dev.snowcloud.delegator;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.snowcloud.testsupport.RedisServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delegator on a Redis that restarts with a pool that lost its latest writes (a crash
 * with {@code appendfsync everysec}, a restore, a failover to a lagging replica): a new
 * Redis run is a store loss, so a grant made in the lost writes is never granted again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "snowcloud.delegator.store=redis", "snowcloud.delegator.namespace=restart",
                "snowcloud.delegator.recovery-period=" + RedisRestartTests.RECOVERY_SECONDS + "s",
                // a short recovery beside the 60 s ttl, so that the test need not wait a minute
                "snowcloud.delegator.unsafe.allow-short-recovery=true",
                "snowcloud.delegator.api-keys=" + ApiClient.KEY, "spring.data.redis.timeout=2s",
                "spring.data.redis.connect-timeout=2s" })
@DirtiesContext
class RedisRestartTests {

    static final int RECOVERY_SECONDS = 4;

    static final Duration PATIENCE = Duration.ofSeconds(60);

    /** Persists only what an explicit SAVE writes: a restart loads that snapshot. */
    static final RedisServer redis = RedisServer.startEmpty();

    @DynamicPropertySource
    static void redisProperties(DynamicPropertyRegistry properties) {
        properties.add("spring.data.redis.host", redis::host);
        properties.add("spring.data.redis.port", redis::port);
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @LocalServerPort
    int port;

    @Test
    void aGrantLostWithTheLatestWritesIsNeverGrantedTwice() {
        ApiClient api = new ApiClient(this.port);
        HttpResponse<String> kept = await(() -> api.register("{}"), (response) -> response.statusCode() == 201);
        int keptId = ApiClient.read(kept, "$.workerId");
        String keptToken = ApiClient.read(kept, "$.leaseToken");
        redis.command("SAVE");
        HttpResponse<String> lost = api.register("{}");
        assertThat(lost.statusCode()).isEqualTo(201);
        int lostId = ApiClient.read(lost, "$.workerId");
        String lostToken = ApiClient.read(lost, "$.leaseToken");

        // Redis dies and comes back from the snapshot: the pool is there, the second grant is not.
        redis.kill();
        redis.start();
        HttpResponse<String> recovering = await(() -> api.get("/workers"), (response) -> response.statusCode() == 200);
        assertThat((Boolean) ApiClient.read(recovering, "$.recovering")).isTrue();
        assertThat((Integer) ApiClient.read(recovering, "$.leased")).isEqualTo(1);
        Instant recoveryUntil = Instant.parse(ApiClient.read(recovering, "$.recoveryUntil"));
        HttpResponse<String> refused = api.register("{}");
        WorkerApiTests.assertProblem(refused, 503);
        assertThat((String) ApiClient.read(refused, "$.type")).isEqualTo("urn:snowcloud:problem:store-recovering");

        // The surviving lease renews as before; the lost grant's holder re-claims its ID.
        assertThat(api.renew(keptId, keptToken, null).statusCode()).isEqualTo(200);
        HttpResponse<String> reclaimed = api.renew(lostId, lostToken, 42L);
        assertThat(reclaimed.statusCode()).isEqualTo(200);
        assertThat((Integer) ApiClient.read(reclaimed, "$.workerId")).isEqualTo(lostId);

        HttpResponse<String> next = await(() -> api.register("{}"), (response) -> response.statusCode() == 201);
        assertThat((Integer) ApiClient.read(next, "$.workerId")).isNotIn(keptId, lostId);
        assertThat(((Number) ApiClient.read(next, "$.notBefore")).longValue())
            .isGreaterThan(recoveryUntil.toEpochMilli() + 1000);
    }

    @Test
    void aPoolKeepsServingWithoutRecoveryWhileRedisKeepsRunning() {
        ApiClient api = new ApiClient(this.port);
        HttpResponse<String> lease = await(() -> api.register("{}"), (response) -> response.statusCode() == 201);
        HttpResponse<String> pool = api.get("/workers");
        assertThat((Boolean) ApiClient.read(pool, "$.recovering")).isFalse();
        assertThat(api.renew(ApiClient.read(lease, "$.workerId"), ApiClient.read(lease, "$.leaseToken"), null)
            .statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> await(Supplier<HttpResponse<String>> call,
            Predicate<HttpResponse<String>> done) {
        return ApiClient.awaitAnswer(call, done, PATIENCE);
    }

}
