package dev.snowcloud.delegator;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.snowcloud.testsupport.RedisServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A delegator joining a pool whose other replica uses another max clock skew: every lease
 * call answers 503 naming the difference, and its health is DOWN.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "snowcloud.delegator.store=redis", "snowcloud.delegator.namespace=conflict",
                "snowcloud.delegator.max-clock-skew=2s", "snowcloud.delegator.api-keys=" + ApiClient.KEY })
class ReplicaSettingsConflictTests {

    static final RedisServer redis = RedisServer.startEmpty();

    @DynamicPropertySource
    static void redisProperties(DynamicPropertyRegistry properties) {
        // another replica (ttl 60 s, skew 1 s, recovery 60 s) recorded itself a moment ago
        redis.command("HSET", "{snowcloud:conflict}:meta", "recoveryUntil", "0", "runId", "0",
                "replica:60000:1000:60000", Long.toString(System.currentTimeMillis() + 3_600_000));
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
    void everyCallAnswers503NamingTheDifferenceAndHealthIsDown() {
        ApiClient api = new ApiClient(this.port);
        for (HttpResponse<String> response : new HttpResponse[] { api.register("{}"),
                api.renew(3, "AAAAAAAAAAAAAAAAAAAAAA", null), api.release(3, "AAAAAAAAAAAAAAAAAAAAAA", 1L),
                api.get("/workers"), api.get("/workers/3") }) {
            WorkerApiTests.assertProblem(response, 503);
            assertThat((String) ApiClient.read(response, "$.type"))
                .isEqualTo("urn:snowcloud:problem:replica-settings-conflict");
            assertThat((String) ApiClient.read(response, "$.detail"))
                .contains("max-clock-skew is 2000 ms here but 1000 ms on another replica of this pool");
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
        }
        HttpResponse<String> health = ApiClient.send(api.anonymous("/actuator/health").GET().build());
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat((String) ApiClient.read(health, "$.components.leaseStore.status")).isEqualTo("DOWN");
        // it changed nothing: the pool was not re-created and it did not record itself
        assertThat(redis.command("HEXISTS", "{snowcloud:conflict}:meta", "replica:60000:2000:60000")).isEqualTo(0L);
        assertThat(redis.command("EXISTS", "{snowcloud:conflict}:free")).isEqualTo(0L);
    }

}
