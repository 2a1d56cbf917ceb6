package dev.snowcloud.example;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.snowcloud.id.SnowflakeLayout;
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
 * The whole system: a real Redis, a real delegator (its jar, as a process) with a
 * 3 s lease ttl, and two example apps (application contexts on their own ports)
 * leasing worker IDs from it, all over HTTP.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndTests {

    private static final String API_KEY = "e2e-key";

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final JsonMapper json = JsonMapper.builder().build();

    private static final HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();

    private static RedisServer redis;

    private static DelegatorProcess delegator;

    private static ConfigurableApplicationContext appA;

    private static ConfigurableApplicationContext appB;

    @BeforeAll
    static void startEverything() throws Exception {
        redis = RedisServer.startEmpty();
        delegator = new DelegatorProcess(redis);
        delegator.start();
        appA = startApp("e2e-a");
        appB = startApp("e2e-b");
    }

    @AfterAll
    static void stopEverything() {
        for (ConfigurableApplicationContext app : new ConfigurableApplicationContext[] { appA, appB }) {
            if (app != null) {
                app.close();
            }
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
    void theTwoAppsHoldDifferentWorkerIds() throws Exception {
        int a = workerId(appA);
        int b = workerId(appB);
        assertThat(a).isNotEqualTo(b);
        // A registration answered after the client gave up (a loaded machine) leaves a lease nobody
        // holds; it expires within the 3 s ttl.
        await().atMost(PATIENCE).until(() -> delegatorGet("/workers").get("leased").asInt() == 2);
        JsonNode pool = delegatorGet("/workers");
        assertThat(pool.get("leases").valueStream().map((lease) -> lease.get("workerId").asInt()))
            .containsExactlyInAnyOrder(a, b);
    }

    @Test
    @Order(2)
    void idsDrawnConcurrentlyFromBothAppsAreUniqueAndDecodeToTheirWorker() throws Exception {
        int a = workerId(appA);
        int b = workerId(appB);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<long[]>> fromA = new ArrayList<>();
            List<Future<long[]>> fromB = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                fromA.add(clients.submit(drawIds(appA, 40)));
                fromB.add(clients.submit(drawIds(appB, 40)));
            }
            List<long[]> batches = new ArrayList<>();
            for (Future<long[]> batch : fromA) {
                long[] ids = batch.get(5, TimeUnit.MINUTES);
                assertThat(Arrays.stream(ids).mapToObj((id) -> layout().decode(id).workerId()).distinct()).containsExactly(a);
                batches.add(ids);
            }
            for (Future<long[]> batch : fromB) {
                long[] ids = batch.get(5, TimeUnit.MINUTES);
                assertThat(Arrays.stream(ids).mapToObj((id) -> layout().decode(id).workerId()).distinct()).containsExactly(b);
                batches.add(ids);
            }
            long[] all = batches.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            assertThat(all).hasSize(4 * 40 * 1000);
            for (int i = 1; i < all.length; i++) {
                assertThat(all[i]).as("IDs must be unique").isNotEqualTo(all[i - 1]);
            }
        }
        finally {
            clients.shutdownNow();
        }
    }

    @Test
    @Order(3)
    void leasesAreRenewedInTheBackground() throws Exception {
        await().atMost(PATIENCE).until(() -> renewals(appA, "success") >= 2 && renewals(appB, "success") >= 2);
        assertThat(renewals(appA, "lapsed")).isZero();
        assertThat(renewals(appB, "lapsed")).isZero();
    }

    @Test
    @Order(4)
    void aDelegatorPausedForLessThanTheTtlDoesNotInterruptIssuing() throws Exception {
        double before = renewals(appA, "success");
        // Right after a renewal, the lease has its whole ttl (3 s, less the 0.5 s margin) to run.
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> renewals(appA, "success") > before);
        double atPause = renewals(appA, "success");
        delegator.pause();
        try {
            long pausedUntil = System.nanoTime() + Duration.ofMillis(1000).toNanos();
            while (System.nanoTime() - pausedUntil < 0) {
                assertThat(get(appA, "/ids").statusCode()).isEqualTo(200);
                Thread.sleep(50);
            }
        }
        finally {
            delegator.resume();
        }
        await().atMost(PATIENCE).until(() -> renewals(appA, "success") > atPause);
        assertThat(renewals(appA, "lapsed")).isZero();
        assertThat(get(appA, "/ids").statusCode()).isEqualTo(200);
        assertThat(workerId(appA)).isEqualTo(layout().decode(Long.parseLong(get(appA, "/ids").body())).workerId());
    }

    @Test
    @Order(5)
    void aKilledAndRestartedDelegatorLetsTheAppsCarryOn() throws Exception {
        long before = Long.parseLong(get(appA, "/ids").body());
        delegator.kill();
        delegator.start();
        double renewed = renewals(appA, "success");
        // Renewing again means the delegator is back and the app holds a lease, old or new.
        await().atMost(PATIENCE).until(() -> renewals(appA, "success") > renewed);
        assertThat(get(appA, "/ids").statusCode()).isEqualTo(200);
        long after = Long.parseLong(get(appA, "/ids").body());
        assertThat(after).isGreaterThan(before);
        // A call the cold, restarted delegator answered after the app's 1 s read timeout leaves a
        // lease nobody holds; it expires within the 3 s ttl.
        await().atMost(PATIENCE).until(() -> delegatorGet("/workers").get("leased").asInt() == 2);
    }

    @Test
    @Order(6)
    void stoppingAnAppReleasesItsWorkerId() throws Exception {
        int b = workerId(appB);
        appB.close();
        appB = null;
        // Leases left by calls answered too late for an app expire within the ttl; B's is released at once.
        await().atMost(PATIENCE).until(() -> delegatorGet("/workers").get("leased").asInt() == 1);
        JsonNode pool = delegatorGet("/workers");
        assertThat(pool.get("leases").valueStream().map((lease) -> lease.get("workerId").asInt()))
            .doesNotContain(b);
        JsonNode released = delegatorGet("/workers/" + b);
        assertThat(released.toString()).doesNotContain("leaseToken");
    }

    private static Callable<long[]> drawIds(ConfigurableApplicationContext app, int requests) {
        return () -> {
            long[] ids = new long[requests * 1000];
            int at = 0;
            for (int i = 0; i < requests; i++) {
                HttpResponse<String> response = get(app, "/ids?count=1000");
                assertThat(response.statusCode()).isEqualTo(200);
                for (String line : response.body().split("\n")) {
                    ids[at++] = Long.parseLong(line);
                }
            }
            return ids;
        };
    }

    private static ConfigurableApplicationContext startApp(String name) {
        return new SpringApplicationBuilder(ExampleApplication.class).run("--server.port=0",
                "--snowcloud.generator.delegator.urls=http://127.0.0.1:" + delegator.port(),
                "--snowcloud.generator.delegator.api-key=" + API_KEY, "--snowcloud.generator.lease.instance-name=" + name,
                "--snowcloud.generator.delegator.connect-timeout=500ms", "--snowcloud.generator.delegator.read-timeout=1s",
                "--snowcloud.generator.retry.max-backoff=500ms", "--snowcloud.generator.lease.registration-timeout=60s",
                "--spring.application.name=" + name);
    }

    private static int port(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    private static int workerId(ConfigurableApplicationContext app) throws Exception {
        return json.readTree(get(app, "/actuator/snowcloud").body()).get("workerId").asInt();
    }

    private static double renewals(ConfigurableApplicationContext app, String outcome) throws Exception {
        String scrape = get(app, "/actuator/prometheus").body();
        Matcher matcher = Pattern
            .compile("^snowcloud_lease_renewals_total\\{[^}]*outcome=\"" + outcome + "\"[^}]*\\} (\\S+)$",
                    Pattern.MULTILINE)
            .matcher(scrape);
        assertThat(matcher.find()).as("snowcloud_lease_renewals_total{outcome=%s} in %n%s", outcome, scrape).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    private static HttpResponse<String> get(ConfigurableApplicationContext app, String path)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(app) + path))
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
