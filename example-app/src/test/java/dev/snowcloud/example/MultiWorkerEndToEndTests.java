package dev.snowcloud.example;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.snowcloud.id.SnowflakeId;
import dev.snowcloud.id.SnowflakeLayout;
import dev.snowcloud.lease.LeaseKeeper;
import dev.snowcloud.lease.LeaseKeepers;
import dev.snowcloud.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The example app with {@code snowcloud.generator.workers=4} against a real delegator (its
 * jar, as a process, on a real Redis, 3 s lease ttl): four leases under one name, IDs from
 * them, one of them taken away while the others issue, and all four handed back on shutdown.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiWorkerEndToEndTests {

    private static final String API_KEY = "e2e-key";

    private static final String NAME = "e2e-multi";

    private static final int WORKERS = 4;

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final JsonMapper json = JsonMapper.builder().build();

    private static final HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();

    private static RedisServer redis;

    private static DelegatorProcess delegator;

    private static ConfigurableApplicationContext app;

    @BeforeAll
    static void startEverything() throws Exception {
        redis = RedisServer.startEmpty();
        delegator = new DelegatorProcess(redis);
        delegator.start();
        app = new SpringApplicationBuilder(ExampleApplication.class).run("--server.port=0",
                "--snowcloud.generator.workers=" + WORKERS,
                "--snowcloud.generator.delegator.urls=http://127.0.0.1:" + delegator.port(),
                "--snowcloud.generator.delegator.api-key=" + API_KEY, "--snowcloud.generator.lease.instance-name=" + NAME,
                "--snowcloud.generator.delegator.connect-timeout=500ms", "--snowcloud.generator.delegator.read-timeout=1s",
                "--snowcloud.generator.retry.max-backoff=500ms", "--snowcloud.generator.lease.registration-timeout=60s",
                "--spring.application.name=" + NAME);
    }

    @AfterAll
    static void stopEverything() {
        if (app != null) {
            app.close();
        }
        if (delegator != null) {
            delegator.destroy();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    @Order(1)
    void theDelegatorListsFourLeasesUnderTheAppsName() throws Exception {
        // A registration the loaded delegator answered after the app's 1 s read timeout leaves a
        // lease under the name that nobody holds; it expires within the 3 s ttl.
        await().atMost(PATIENCE).until(() -> leasedUnder(NAME).size() == WORKERS);
        List<Integer> leased = leasedUnder(NAME);
        assertThat(leased).hasSize(WORKERS).doesNotHaveDuplicates();
        assertThat(leased).containsExactlyInAnyOrderElementsOf(heldWorkerIds());
    }

    @Test
    @Order(2)
    void theActuatorShowsEverySlot() throws Exception {
        JsonNode endpoint = json.readTree(get("/actuator/snowcloud").body());
        assertThat(endpoint.get("workers").valueStream().map((slot) -> slot.get("slot").asInt()))
            .containsExactly(0, 1, 2, 3);
        assertThat(endpoint.get("workers").valueStream().map((slot) -> slot.get("leaseValid").asBoolean()))
            .containsOnly(true);
        JsonNode health = snowcloudHealth();
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.get("details").get("validWorkers").asString()).isEqualTo("4 of 4");
        String scrape = get("/actuator/prometheus").body();
        for (int slot = 0; slot < WORKERS; slot++) {
            Matcher workerId = Pattern.compile("^snowcloud_worker_id\\{[^}]*slot=\"" + slot + "\"[^}]*\\} (\\S+)$",
                    Pattern.MULTILINE).matcher(scrape);
            assertThat(workerId.find()).as("snowcloud_worker_id{slot=\"%d\"} in%n%s", slot, scrape).isTrue();
            assertThat((int) Double.parseDouble(workerId.group(1))).isEqualTo(heldWorkerIds().get(slot));
        }
    }

    @Test
    @Order(3)
    void aBigBatchIsUniqueIncreasingAndDrawnFromTheHeldWorkerIds() throws Exception {
        Set<Integer> held = new TreeSet<>(heldWorkerIds());
        Set<Integer> usedInOneResponse = Set.of();
        // 10,000 IDs need two worker IDs when they fall in fewer than three milliseconds, which is
        // likely but not certain for one response; it is all but certain for one of many.
        for (int attempt = 0; attempt < 50 && usedInOneResponse.size() < 2; attempt++) {
            long[] ids = drawIds(10_000);
            assertThat(ids).hasSize(10_000);
            Map<Long, Integer> perWorkerAndMilli = new HashMap<>();
            Set<Integer> used = new TreeSet<>();
            for (int i = 0; i < ids.length; i++) {
                if (i > 0) {
                    assertThat(ids[i]).as("IDs of one call strictly increase").isGreaterThan(ids[i - 1]);
                }
                SnowflakeId id = layout().decode(ids[i]);
                used.add(id.workerId());
                perWorkerAndMilli.merge(id.timestamp().toEpochMilli() * 1024 + id.workerId(), 1, Integer::sum);
            }
            assertThat(held).containsAll(used);
            assertThat(perWorkerAndMilli.values()).allSatisfy((n) -> assertThat(n).isLessThanOrEqualTo(4096));
            usedInOneResponse = used;
        }
        assertThat(usedInOneResponse).as("worker IDs of one response of 10,000 IDs").hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    @Order(4)
    void oneLeaseTakenAwayLeavesTheOthersIssuing() throws Exception {
        LeaseKeeper last = app.getBean(LeaseKeepers.class).keeper(WORKERS - 1);
        int lost = last.workerId().orElseThrow();
        // Its keeper stopped: slot 3's lease is revoked in the generator and released at the delegator.
        last.stop();
        try {
            assertThat(leasedUnder(NAME)).doesNotContain(lost);
            await().atMost(PATIENCE).until(() -> leasedUnder(NAME).size() == WORKERS - 1);
            JsonNode health = snowcloudHealth();
            assertThat(health.get("status").asString()).isEqualTo("UP");
            assertThat(health.get("details").get("validWorkers").asString()).isEqualTo("3 of 4");
            JsonNode slot3 = health.get("details").get("workers").get(WORKERS - 1);
            assertThat(slot3.get("slot").asInt()).isEqualTo(WORKERS - 1);
            assertThat(slot3.get("valid").asBoolean()).isFalse();
            assertThat(slot3.get("reason").asString()).isEqualTo("no worker lease is held");
            // Over several lease renewals (3 s ttl) the other three keep issuing, never under the lost ID.
            long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            while (System.nanoTime() - until < 0) {
                for (long id : drawIds(10_000)) {
                    assertThat(layout().decode(id).workerId()).isNotEqualTo(lost);
                }
            }
            assertThat(snowcloudHealth().get("details").get("validWorkers").asString()).isEqualTo("3 of 4");
        }
        finally {
            last.start();
        }
        await().atMost(PATIENCE).until(() -> leasedUnder(NAME).size() == WORKERS);
        await().atMost(PATIENCE)
            .until(() -> "4 of 4".equals(snowcloudHealth().get("details").get("validWorkers").asString()));
    }

    @Test
    @Order(5)
    void shuttingDownReleasesAllFourLeases() throws Exception {
        await().atMost(PATIENCE).until(() -> leasedUnder(NAME).size() == WORKERS);
        double releasedBefore = delegatorReleases();
        app.close();
        app = null;
        // Released, not left to expire: the delegator counted four releases and lists none (an
        // orphan of a late-answered registration would expire within the ttl).
        assertThat(delegatorReleases() - releasedBefore).isEqualTo(WORKERS);
        await().atMost(PATIENCE).until(() -> leasedUnder(NAME).isEmpty());
    }

    private static List<Integer> heldWorkerIds() {
        return app.getBean(LeaseKeepers.class).workerIds().stream().map((id) -> id.orElse(-1)).toList();
    }

    private static List<Integer> leasedUnder(String name) throws IOException, InterruptedException {
        return delegatorGet("/workers").get("leases").valueStream()
            .filter((lease) -> lease.hasNonNull("name") && name.equals(lease.get("name").asString()))
            .map((lease) -> lease.get("workerId").asInt())
            .toList();
    }

    private static JsonNode snowcloudHealth() throws IOException, InterruptedException {
        return json.readTree(get("/actuator/health").body()).get("components").get("snowcloud");
    }

    private static long[] drawIds(int count) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/ids?count=" + count);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body().lines().mapToLong(Long::parseLong).toArray();
    }

    private static double delegatorReleases() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + delegator.port() + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher matcher = Pattern
            .compile("^snowcloud_leases_total\\{[^}]*operation=\"release\",outcome=\"released\"[^}]*\\} (\\S+)$",
                    Pattern.MULTILINE)
            .matcher(response.body());
        assertThat(matcher.find()).as("release counter in%n%s", response.body()).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode delegatorGet(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + delegator.port() + path))
                    .header("Authorization", "Bearer " + API_KEY)
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static SnowflakeLayout layout() {
        return SnowflakeLayout.defaultLayout();
    }

}
