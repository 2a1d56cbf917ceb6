package dev.snowcloud.delegator;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.snowcloud.testsupport.RedisServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delegator on a real Redis that goes away and comes back empty: 503s and health DOWN
 * while it is gone, then a recovery period in which live holders re-claim their IDs first,
 * all without restarting the delegator.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "snowcloud.delegator.store=redis", "snowcloud.delegator.namespace=outage",
                "snowcloud.delegator.recovery-period=" + RedisOutageTests.RECOVERY_SECONDS + "s",
                // a short recovery beside the 60 s ttl, so that the test need not wait a minute
                "snowcloud.delegator.unsafe.allow-short-recovery=true",
                "snowcloud.delegator.api-keys=" + ApiClient.KEY, "spring.data.redis.timeout=2s",
                "spring.data.redis.connect-timeout=2s" })
@DirtiesContext
class RedisOutageTests {

    static final int RECOVERY_SECONDS = 4;

    static final Duration PATIENCE = Duration.ofSeconds(60);

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

    ApiClient api;

    @BeforeEach
    void connect() {
        if (!redis.isRunning()) {
            redis.start();
        }
        this.api = new ApiClient(this.port);
    }

    @Test
    void redisDownAnswers503AndHealthDownThenServesAgainWithoutRestart() {
        HttpResponse<String> lease = awaitRegistration();
        int id = ApiClient.read(lease, "$.workerId");
        String token = ApiClient.read(lease, "$.leaseToken");
        redis.stop();

        for (HttpResponse<String> response : new HttpResponse[] { this.api.register("{}"),
                this.api.renew(id, token, null), this.api.release(id, token, 1L), this.api.get("/workers"),
                this.api.get("/workers/" + id) }) {
            WorkerApiTests.assertProblem(response, 503);
            assertThat((String) ApiClient.read(response, "$.type")).isEqualTo("urn:snowcloud:problem:store-unavailable");
            assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(response.body()).doesNotContain("lettuce").doesNotContain("Redis");
        }
        HttpResponse<String> health = ApiClient.send(this.api.anonymous("/actuator/health").GET().build());
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat((String) ApiClient.read(health, "$.status")).isEqualTo("DOWN");
        assertThat((String) ApiClient.read(health, "$.components.leaseStore.status")).isEqualTo("DOWN");

        redis.start();
        HttpResponse<String> pool = await(() -> this.api.get("/workers"), (response) -> response.statusCode() == 200);
        assertThat((Integer) ApiClient.read(pool, "$.size")).isEqualTo(1024);
        HttpResponse<String> healthAgain = ApiClient.send(this.api.anonymous("/actuator/health").GET().build());
        assertThat((String) ApiClient.read(healthAgain, "$.components.leaseStore.status")).isEqualTo("UP");
    }

    @Test
    void redisRestartedEmptyLetsLiveHoldersReclaimBeforeRegistrationsResume() {
        HttpResponse<String> lease = awaitRegistration();
        int id = ApiClient.read(lease, "$.workerId");
        String token = ApiClient.read(lease, "$.leaseToken");
        HttpResponse<String> other = awaitRegistration();
        int otherId = ApiClient.read(other, "$.workerId");
        String otherToken = ApiClient.read(other, "$.leaseToken");

        redis.stop();
        redis.start();
        HttpResponse<String> recovering = await(() -> this.api.get("/workers"),
                (response) -> response.statusCode() == 200);
        assertThat((Boolean) ApiClient.read(recovering, "$.recovering")).isTrue();
        assertThat((Integer) ApiClient.read(recovering, "$.leased")).isZero();
        Instant recoveryUntil = Instant.parse(ApiClient.read(recovering, "$.recoveryUntil"));

        HttpResponse<String> refused = this.api.register("{}");
        WorkerApiTests.assertProblem(refused, 503);
        assertThat((String) ApiClient.read(refused, "$.type")).isEqualTo("urn:snowcloud:problem:store-recovering");
        assertThat(refused.headers().firstValue("Retry-After").map(Long::parseLong))
            .hasValueSatisfying((seconds) -> assertThat(seconds).isBetween(1L, (long) RECOVERY_SECONDS));

        HttpResponse<String> reclaimed = this.api.renew(id, token, 42L);
        assertThat(reclaimed.statusCode()).isEqualTo(200);
        assertThat((Integer) ApiClient.read(reclaimed, "$.workerId")).isEqualTo(id);
        WorkerApiTests.assertProblem(this.api.renew(id, otherToken, null), 409);

        HttpResponse<String> next = awaitRegistration();
        assertThat((Integer) ApiClient.read(next, "$.workerId")).isNotEqualTo(id);
        assertThat(((Number) ApiClient.read(next, "$.notBefore")).longValue())
            .isGreaterThan(recoveryUntil.toEpochMilli() + 1000);
        WorkerApiTests.assertProblem(this.api.renew(otherId, otherToken, null), 409);
        assertThat(this.api.renew(id, token, null).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> awaitRegistration() {
        return await(() -> this.api.register("{}"), (response) -> response.statusCode() == 201);
    }

    private static HttpResponse<String> await(Supplier<HttpResponse<String>> call,
            Predicate<HttpResponse<String>> done) {
        return ApiClient.awaitAnswer(call, done, PATIENCE);
    }

}
