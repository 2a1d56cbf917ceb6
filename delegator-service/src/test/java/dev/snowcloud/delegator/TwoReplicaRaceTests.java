package dev.snowcloud.delegator;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.snowcloud.testsupport.RedisServer;

import static org.assertj.core.api.Assertions.assertThat;

/** Two delegator replicas on one Redis, racing 2,000 registrations for 1,024 worker IDs. */
class TwoReplicaRaceTests {

    static final int REQUESTS = 2000;

    @Test
    void everyWorkerIdIsGrantedOnceAndTheRestAre503() throws Exception {
        try (RedisServer redis = RedisServer.startEmpty();
                ConfigurableApplicationContext one = replica(redis);
                ConfigurableApplicationContext two = replica(redis)) {
            List<ApiClient> replicas = List.of(new ApiClient(port(one)), new ApiClient(port(two)));
            Map<Integer, Integer> grantsById = new ConcurrentHashMap<>();
            List<HttpResponse<String>> refusals = java.util.Collections.synchronizedList(new ArrayList<>());
            ExecutorService clients = Executors.newFixedThreadPool(32);
            try {
                List<Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < REQUESTS; i++) {
                    ApiClient api = replicas.get(i % 2);
                    calls.add(clients.submit(() -> {
                        HttpResponse<String> response = api.register("{\"name\":\"racer\"}");
                        if (response.statusCode() == 201) {
                            grantsById.merge(ApiClient.read(response, "$.workerId"), 1, Integer::sum);
                        }
                        else {
                            refusals.add(response);
                        }
                    }));
                }
                for (Future<?> call : calls) {
                    call.get(3, TimeUnit.MINUTES);
                }
            }
            finally {
                clients.shutdownNow();
            }
            assertThat(grantsById).hasSize(1024);
            assertThat(grantsById.keySet()).allMatch((id) -> id >= 0 && id < 1024);
            assertThat(grantsById.values()).containsOnly(1);
            assertThat(refusals).hasSize(REQUESTS - 1024).allSatisfy((response) -> {
                WorkerApiTests.assertProblem(response, 503);
                assertThat((String) ApiClient.read(response, "$.type")).isEqualTo("urn:snowcloud:problem:pool-exhausted");
                assertThat(Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow())).isPositive();
            });
            for (ApiClient api : replicas) {
                HttpResponse<String> pool = api.get("/workers");
                assertThat((Integer) ApiClient.read(pool, "$.leased")).isEqualTo(1024);
                assertThat((Integer) ApiClient.read(pool, "$.free")).isZero();
            }
        }
    }

    private static ConfigurableApplicationContext replica(RedisServer redis) {
        return new SpringApplicationBuilder(DelegatorApplication.class).run("--server.port=0",
                "--spring.main.banner-mode=off", "--spring.data.redis.host=" + redis.host(),
                "--spring.data.redis.port=" + redis.port(), "--snowcloud.delegator.namespace=race",
                "--snowcloud.delegator.recovery-period=0", "--snowcloud.delegator.unsafe.allow-short-recovery=true",
                "--snowcloud.delegator.api-keys=" + ApiClient.KEY);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

}
