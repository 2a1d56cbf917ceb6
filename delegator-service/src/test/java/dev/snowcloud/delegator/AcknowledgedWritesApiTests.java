package dev.snowcloud.delegator;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.snowcloud.testsupport.RedisReplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code snowcloud.delegator.redis.min-replicas-acked=1}, a generator gets a lease or an
 * extension only once a replica holds it: while the replica does not acknowledge, register
 * and renew answer 503 with Retry-After, so the generator never sees a 2xx for them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "snowcloud.delegator.store=redis", "snowcloud.delegator.namespace=acked",
                "snowcloud.delegator.recovery-period=0",
                "snowcloud.delegator.unsafe.allow-short-recovery=true", "snowcloud.delegator.api-keys=" + ApiClient.KEY,
                "snowcloud.delegator.redis.min-replicas-acked=1", "snowcloud.delegator.redis.ack-timeout=300ms",
                "spring.data.redis.timeout=2s" })
@DirtiesContext
class AcknowledgedWritesApiTests {

    static final RedisReplication redis = RedisReplication.start(1);

    @DynamicPropertySource
    static void redisProperties(DynamicPropertyRegistry properties) {
        properties.add("spring.data.redis.host", redis::host);
        properties.add("spring.data.redis.port", () -> redis.port(0));
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
        this.api = new ApiClient(this.port);
    }

    @AfterEach
    void thawReplica() {
        redis.thaw(1);
    }

    @Test
    void registerAndRenewAnswer503WhileTheReplicaDoesNotAcknowledgeAndSucceedOnceItDoes() {
        HttpResponse<String> lease = ApiClient.awaitAnswer(() -> this.api.register("{}"),
                (response) -> response.statusCode() == 201, Duration.ofSeconds(30));
        int id = ApiClient.read(lease, "$.workerId");
        String token = ApiClient.read(lease, "$.leaseToken");
        String tokenKey = "{snowcloud:acked}:token";
        long grantsBefore = (Long) redis.command(0, "HLEN", tokenKey);

        redis.freeze(1);
        HttpResponse<String> register = this.api.register("{}");
        HttpResponse<String> renew = this.api.renew(id, token, null);
        redis.thaw(1);

        for (HttpResponse<String> response : List.of(register, renew)) {
            WorkerApiTests.assertProblem(response, 503);
            assertThat((String) ApiClient.read(response, "$.type")).isEqualTo("urn:snowcloud:problem:store-unavailable");
            assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(response.body()).doesNotContain("leaseToken").doesNotContain("expiresAt");
        }
        // the unconfirmed grant is in Redis under a token nobody was told: it can only expire
        assertThat((Long) redis.command(0, "HLEN", tokenKey)).isEqualTo(grantsBefore + 1);

        assertThat(this.api.renew(id, token, null).statusCode()).isEqualTo(200);
        assertThat(this.api.register("{}").statusCode()).isEqualTo(201);
    }

}
