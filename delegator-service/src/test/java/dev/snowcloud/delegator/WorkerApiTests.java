package dev.snowcloud.delegator;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** The REST API v1 over real HTTP, on the in-memory store. */
@AutoConfigureMetrics
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "snowcloud.delegator.store=memory", "snowcloud.delegator.recovery-period=0",
                "snowcloud.delegator.unsafe.allow-short-recovery=true",
                "snowcloud.delegator.api-keys=" + ApiClient.KEY + ",test-key-2" })
class WorkerApiTests {

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void connect() {
        this.api = new ApiClient(this.port);
    }

    @Test
    void registerAnswers201WithLocationAndTheLease() {
        HttpResponse<String> response = this.api.register("{\"name\":\"orders-7f9c\",\"host\":\"10.0.0.12\"}");
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                (type) -> assertThat(type).startsWith("application/json"));
        int id = ApiClient.read(response, "$.workerId");
        assertThat(response.headers().firstValue("Location")).hasValue("/workers/" + id);
        Map<String, Object> lease = ApiClient.read(response, "$");
        assertThat(lease).containsOnlyKeys("workerId", "leaseToken", "ttlMillis", "expiresAt", "notBefore",
                "maxTimestamp");
        assertThat(lease.get("ttlMillis")).isEqualTo(60000);
        assertThat(Instant.parse((String) lease.get("expiresAt"))).isAfter(Instant.now());
        assertThat(((Number) lease.get("notBefore")).longValue()).isGreaterThan(0L);
        // the expiry on the delegator's clock plus the max clock skew (1 s by default)
        assertThat(((Number) lease.get("maxTimestamp")).longValue())
            .isEqualTo(Instant.parse((String) lease.get("expiresAt")).toEpochMilli() + 1000);

        HttpResponse<String> worker = this.api.get("/workers/" + id);
        assertThat(worker.statusCode()).isEqualTo(200);
        assertThat((String) ApiClient.read(worker, "$.state")).isEqualTo("leased");
        assertThat((String) ApiClient.read(worker, "$.name")).isEqualTo("orders-7f9c");
        assertThat((String) ApiClient.read(worker, "$.host")).isEqualTo("10.0.0.12");
        assertThat((String) ApiClient.read(worker, "$.expiresAt")).isEqualTo(lease.get("expiresAt"));
        assertThat(worker.body()).doesNotContain("leaseToken").doesNotContain((String) lease.get("leaseToken"));
    }

    @Test
    void registerNeedsNoBody() {
        HttpResponse<String> response = ApiClient.send(this.api.request("/workers").POST(BodyPublishers.noBody()).build());
        assertThat(response.statusCode()).isEqualTo(201);
    }

    @Test
    void unknownJsonFieldsAreTolerated() {
        assertThat(this.api.register("{\"name\":\"a\",\"zone\":{\"x\":[1,2]}}").statusCode()).isEqualTo(201);
    }

    @Test
    void renewAnswers200WithTheExtendedLease() {
        HttpResponse<String> registered = this.api.register("{}");
        int id = ApiClient.read(registered, "$.workerId");
        String token = ApiClient.read(registered, "$.leaseToken");
        HttpResponse<String> renewed = this.api.renew(id, token, 1L);
        assertThat(renewed.statusCode()).isEqualTo(200);
        assertThat((Integer) ApiClient.read(renewed, "$.workerId")).isEqualTo(id);
        assertThat((String) ApiClient.read(renewed, "$.leaseToken")).isEqualTo(token);
        assertThat(Instant.parse(ApiClient.read(renewed, "$.expiresAt")))
            .isAfterOrEqualTo(Instant.parse(ApiClient.read(registered, "$.expiresAt")));
        assertThat(((Number) ApiClient.read(renewed, "$.maxTimestamp")).longValue())
            .isEqualTo(Instant.parse(ApiClient.read(renewed, "$.expiresAt")).toEpochMilli() + 1000)
            .isGreaterThanOrEqualTo(((Number) ApiClient.read(registered, "$.maxTimestamp")).longValue());
        assertThat(this.api.renew(id, token, null).statusCode()).isEqualTo(200);
    }

    @Test
    void releaseAnswers204AndFreesTheId() {
        HttpResponse<String> registered = this.api.register("{}");
        int id = ApiClient.read(registered, "$.workerId");
        String token = ApiClient.read(registered, "$.leaseToken");
        HttpResponse<String> released = this.api.release(id, token, System.currentTimeMillis());
        assertThat(released.statusCode()).isEqualTo(204);
        assertThat(released.body()).isEmpty();
        HttpResponse<String> worker = this.api.get("/workers/" + id);
        assertThat(worker.body()).isEqualTo("{\"workerId\":" + id + ",\"state\":\"free\",\"notBefore\":"
                + ((Number) ApiClient.read(worker, "$.notBefore")).longValue() + "}");
        assertProblem(this.api.renew(id, token, null), 409);
    }

    @Test
    void poolListsCountsAndLeasesWithoutTokens() {
        HttpResponse<String> registered = this.api.register("{\"name\":\"listed\"}");
        String token = ApiClient.read(registered, "$.leaseToken");
        HttpResponse<String> pool = this.api.get("/workers");
        assertThat(pool.statusCode()).isEqualTo(200);
        Map<String, Object> body = ApiClient.read(pool, "$");
        assertThat(body).containsOnlyKeys("size", "leased", "free", "recovering", "leases", "lapsed", "lapsedLeases");
        assertThat(body.get("size")).isEqualTo(1024);
        assertThat(body.get("recovering")).isEqualTo(false);
        int leased = (Integer) body.get("leased");
        assertThat((Integer) body.get("free")).isEqualTo(1024 - leased);
        assertThat((List<?>) body.get("leases")).hasSize(leased);
        assertThat(pool.body()).contains("\"name\":\"listed\"").doesNotContain("leaseToken").doesNotContain(token);
    }

    @Test
    void aHolderWithSeveralIdsIsListedByItsNameAndHost() {
        Map<Integer, String> held = new java.util.TreeMap<>();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> granted = this.api.register("{\"name\":\"multi-a\",\"host\":\"10.9.0.1\"}");
            assertThat(granted.statusCode()).isEqualTo(201);
            held.put(ApiClient.read(granted, "$.workerId"), ApiClient.read(granted, "$.leaseToken"));
        }
        int sameNameOtherHost = ApiClient.read(this.api.register("{\"name\":\"multi-a\",\"host\":\"10.9.0.2\"}"),
                "$.workerId");
        this.api.register("{\"name\":\"multi-b\",\"host\":\"10.9.0.1\"}");

        HttpResponse<String> filtered = this.api.get("/workers?name=multi-a&host=10.9.0.1");
        assertThat(filtered.statusCode()).isEqualTo(200);
        Map<String, Object> body = ApiClient.read(filtered, "$");
        assertThat(body).containsOnlyKeys("size", "leased", "free", "recovering", "leases", "lapsed", "lapsedLeases",
                "holder");
        assertThat(body.get("size")).isEqualTo(1024);
        assertThat(body.get("leased")).isEqualTo(3);
        assertThat((Integer) body.get("free")).isLessThanOrEqualTo(1024 - 5);
        assertThat((List<Integer>) ApiClient.read(filtered, "$.leases[*].workerId"))
            .containsExactlyElementsOf(held.keySet());
        assertThat((List<String>) ApiClient.read(filtered, "$.leases[*].state")).containsOnly("leased");
        assertThat((Map<String, Object>) ApiClient.read(filtered, "$.holder"))
            .isEqualTo(Map.of("name", "multi-a", "host", "10.9.0.1"));
        assertThat(filtered.body()).doesNotContain("leaseToken");
        assertThat((List<Integer>) ApiClient.read(this.api.get("/workers?name=multi-a"), "$.leases[*].workerId"))
            .containsExactlyInAnyOrderElementsOf(Stream.concat(held.keySet().stream(), Stream.of(sameNameOtherHost))
                .toList());
        Map<String, Object> byHost = ApiClient.read(this.api.get("/workers?host=10.9.0.2"), "$");
        assertThat(byHost.get("leased")).isEqualTo(1);
        assertThat(byHost.get("holder")).isEqualTo(Map.of("host", "10.9.0.2"));

        Integer renewed = held.keySet().stream().findFirst().orElseThrow();
        Integer released = held.keySet().stream().skip(1).findFirst().orElseThrow();
        assertThat(this.api.renew(renewed, held.get(renewed), null).statusCode()).isEqualTo(200);
        assertThat(this.api.release(released, held.get(released), 1).statusCode()).isEqualTo(204);
        assertThat((List<Integer>) ApiClient.read(this.api.get("/workers?name=multi-a&host=10.9.0.1"),
                "$.leases[*].workerId")).hasSize(2).doesNotContain(released).contains(renewed);
    }

    @Test
    void aFilterThatMatchesNoHolderListsNoLeases() {
        HttpResponse<String> filtered = this.api.get("/workers?name=nobody-registered-this");
        assertThat(filtered.statusCode()).isEqualTo(200);
        assertThat((Integer) ApiClient.read(filtered, "$.leased")).isZero();
        assertThat((List<?>) ApiClient.read(filtered, "$.leases")).isEmpty();
        assertThat((List<?>) ApiClient.read(filtered, "$.lapsedLeases")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "?name=", "?host=", "?name=a%20b", "?name=%3Cscript%3E", "?host=a,b",
            "?name=a&name=b", "?name=%C3%A9", "?name=a%00" })
    void malformedHolderFiltersAre400(String query) {
        HttpResponse<String> response = this.api.get("/workers" + query);
        assertProblem(response, 400);
        assertThat((String) ApiClient.read(response, "$.title")).isEqualTo("Malformed holder filter");
    }

    @Test
    void holderFiltersLongerThanARegistrationAcceptsAre400() {
        assertThat(this.api.get("/workers?name=" + "n".repeat(128)).statusCode()).isEqualTo(200);
        assertProblem(this.api.get("/workers?name=" + "n".repeat(129)), 400);
        assertProblem(this.api.get("/workers?host=" + "h".repeat(129)), 400);
        assertProblem(this.api.get("/workers?name=ok&host=" + "h".repeat(5000)), 400);
    }

    @Test
    void renewWithAnotherTokenIsAConflict() {
        HttpResponse<String> registered = this.api.register("{}");
        int id = ApiClient.read(registered, "$.workerId");
        HttpResponse<String> response = this.api.renew(id, "not-the-token", null);
        assertProblem(response, 409);
        assertThat((String) ApiClient.read(response, "$.type")).isEqualTo("urn:snowcloud:problem:lease-conflict");
        assertProblem(this.api.release(id, "not-the-token", 1L), 409);
    }

    @ParameterizedTest
    @ValueSource(strings = { "1024", "-1", "4294967296", "99999999999999999999999999", "-99999999999999999999" })
    void idsOutsideThePoolAre404(String id) {
        assertProblem(this.api.get("/workers/" + id), 404);
        assertProblem(this.api.post("/workers/" + id + "/renew", ApiClient.leaseJson("abc", 1L)), 404);
        HttpResponse<String> release = this.api.post("/workers/" + id + "/release", ApiClient.leaseJson("abc", 1L));
        assertProblem(release, 404);
        assertThat((String) ApiClient.read(release, "$.type")).isEqualTo("urn:snowcloud:problem:unknown-worker");
    }

    @ParameterizedTest
    @ValueSource(strings = { "abc", "1.5", "0x10", "1e3", "%20" })
    void idsThatAreNotNumbersAre400(String id) {
        assertProblem(this.api.get("/workers/" + id), 400);
        assertProblem(this.api.post("/workers/" + id + "/renew", ApiClient.leaseJson("abc", 1L)), 400);
    }

    @Test
    void missingApiKeyIs401WithBearerChallenge() {
        HttpResponse<String> response = ApiClient.send(this.api.anonymous("/workers").GET().build());
        assertProblem(response, 401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                (challenge) -> assertThat(challenge).startsWith("Bearer"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "Bearer wrong-key", "Bearer ", "Basic dGVzdC1rZXktMQ==", "test-key-1", "Bearer test-key-1x",
            "Bearer test-key" })
    void unknownApiKeysAre401(String authorization) {
        String before = this.api.get("/workers").body();
        for (HttpRequest request : List.of(
                this.api.anonymous("/workers").header("Authorization", authorization).GET().build(),
                this.api.anonymous("/workers")
                    .header("Authorization", authorization)
                    .header("Content-Type", "application/json")
                    .POST(BodyPublishers.ofString("{}"))
                    .build(),
                this.api.anonymous("/workers/1/renew").header("Authorization", authorization)
                    .header("Content-Type", "application/json")
                    .POST(BodyPublishers.ofString(ApiClient.leaseJson("x", 1L)))
                    .build())) {
            assertProblem(ApiClient.send(request), 401);
        }
        assertThat(this.api.get("/workers").body()).isEqualTo(before);
    }

    @Test
    void everyConfiguredKeyIsAccepted() {
        HttpResponse<String> response = ApiClient
            .send(this.api.anonymous("/workers").header("Authorization", "Bearer test-key-2").GET().build());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void actuatorAndApiDocsNeedNoKey() {
        assertThat(ApiClient.send(this.api.anonymous("/actuator/health").GET().build()).statusCode()).isEqualTo(200);
        HttpResponse<String> docs = ApiClient.send(this.api.anonymous("/v3/api-docs").GET().build());
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat((String) ApiClient.read(docs, "$.components.securitySchemes.apiKey.scheme")).isEqualTo("bearer");
        assertThat((Map<String, Object>) ApiClient.read(docs, "$.paths")).containsKeys("/workers", "/workers/{id}",
                "/workers/{id}/renew", "/workers/{id}/release");
        assertThat((String) ApiClient.read(docs, "$.paths['/workers'].post.summary")).isNotBlank();
        assertThat((String) ApiClient.read(docs, "$.components.schemas.LeaseResponse.properties.maxTimestamp.description"))
            .contains("plus its max clock skew");
        assertThat(ApiClient.send(this.api.anonymous("/swagger-ui.html").GET().build()).statusCode()).isIn(200, 302);
    }

    @Test
    void healthIncludesTheLeaseStore() {
        HttpResponse<String> health = ApiClient.send(this.api.anonymous("/actuator/health").GET().build());
        assertThat((String) ApiClient.read(health, "$.status")).isEqualTo("UP");
        assertThat((String) ApiClient.read(health, "$.components.leaseStore.status")).isEqualTo("UP");
        assertThat((Integer) ApiClient.read(health, "$.components.leaseStore.details.size")).isEqualTo(1024);
    }

    @Test
    void prometheusShowsThePoolAndLeaseMetersWithHelp() {
        this.api.register("{}");
        String metrics = ApiClient.send(this.api.anonymous("/actuator/prometheus").GET().build()).body();
        assertThat(metrics).contains("# HELP snowcloud_pool_size ")
            .contains("# TYPE snowcloud_pool_size gauge")
            .containsPattern("snowcloud_pool_size\\{[^}]*\\} 1024.0")
            .contains("# HELP snowcloud_pool_leased ")
            .contains("# TYPE snowcloud_pool_leased gauge")
            .contains("# HELP snowcloud_leases_total ")
            .contains("# TYPE snowcloud_leases_total counter")
            .containsPattern("snowcloud_leases_total\\{[^}]*operation=\"register\",outcome=\"granted\"\\} [1-9]")
            .containsPattern("snowcloud_leases_total\\{[^}]*operation=\"renew\",outcome=\"reclaimed\"\\} 0.0");
    }

    @ParameterizedTest
    @ValueSource(strings = { "GET /workers/%zz HTTP/1.1", "GET /workers?name=%zz HTTP/1.1", "GET /workers/a%2Fb HTTP/1.1", "GET /workers/%00 HTTP/1.1" })
    void requestsTomcatRejectsStillGetAProblem(String requestLine) throws IOException {
        String response = raw(requestLine + "\r\nHost: localhost\r\nAuthorization: Bearer " + ApiClient.KEY
                + "\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400")
            .containsIgnoringCase("Content-Type: application/problem+json")
            .contains("\"status\":400")
            .doesNotContain("<html");
    }

    @Test
    void servletErrorDispatchesGetAProblem() {
        HttpResponse<String> response = this.api.get("/error");
        assertProblem(response, 500);
        assertThat(response.body()).doesNotContain("timestamp").doesNotContain("path");
    }

    @Test
    void oversizedHeadersGetAProblem() throws IOException {
        String response = raw("GET /workers HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400")
            .containsIgnoringCase("Content-Type: application/problem+json")
            .doesNotContain("<html");
    }

    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", this.port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void prometheusScrapeFollowsThePrometheusLinterRules() throws Exception {
        this.api.register("{}");
        String metrics = ApiClient.send(this.api.anonymous("/actuator/prometheus").GET().build()).body();
        Map<String, String> types = new java.util.TreeMap<>();
        Set<String> described = new java.util.HashSet<>();
        for (String line : metrics.split("\n")) {
            String[] words = line.split(" ", 4);
            if (line.startsWith("# TYPE ")) {
                types.put(words[2], words[3]);
            }
            else if (line.startsWith("# HELP ") && words.length == 4 && !words[3].isBlank()) {
                described.add(words[2]);
            }
        }
        assertThat(types).containsKeys("snowcloud_pool_size", "snowcloud_pool_leased", "snowcloud_pool_workers",
                "snowcloud_pool_recovery_remaining_seconds", "snowcloud_leases_total",
                "http_server_requests_seconds");
        Set<String> abbreviations = Set.of("s", "ms", "us", "ns", "sec", "secs", "b", "kb", "mb", "gb", "m", "h", "d");
        types.forEach((name, type) -> {
            assertThat(described).as("HELP for " + name).contains(name);
            if (type.equals("counter")) {
                assertThat(name).endsWith("_total");
            }
            else {
                assertThat(name).as(name).doesNotEndWith("_total");
            }
            if (!type.equals("histogram") && !type.equals("summary")) {
                assertThat(name).as(name).doesNotEndWith("_count").doesNotEndWith("_sum").doesNotEndWith("_bucket");
            }
            assertThat(List.of(name.split("_"))).as(name).doesNotContainAnyElementsOf(abbreviations);
        });
        java.io.File promtool = new java.io.File("/usr/bin/promtool");
        // CI installs promtool (Debian package prometheus); there its absence is a failure, not a skip.
        assertThat(promtool.canExecute() || System.getenv("CI") == null)
                .as("promtool must be installed when CI is set").isTrue();
        if (promtool.canExecute()) {
            Process check = new ProcessBuilder(promtool.getPath(), "check", "metrics").redirectErrorStream(true).start();
            check.getOutputStream().write(metrics.getBytes(StandardCharsets.UTF_8));
            check.getOutputStream().close();
            String complaints = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(check.waitFor()).as(complaints).isZero();
        }
    }

    static Stream<Arguments> badRequests() {
        String big = "{\"name\":\"" + "a".repeat(5000) + "\"}";
        return Stream.of(
                Arguments.of("malformed JSON", post("/workers/0/renew", "{\"leaseToken\":"), 400),
                Arguments.of("JSON array", post("/workers/0/renew", "[1,2]"), 400),
                Arguments.of("lastTimestamp as text", post("/workers/0/renew", "{\"leaseToken\":\"a\",\"lastTimestamp\":\"abc\"}"), 400),
                Arguments.of("lastTimestamp as number text", post("/workers/0/renew", "{\"leaseToken\":\"a\",\"lastTimestamp\":\"12\"}"), 400),
                Arguments.of("lastTimestamp fractional", post("/workers/0/release", "{\"leaseToken\":\"a\",\"lastTimestamp\":1.5}"), 400),
                Arguments.of("lastTimestamp negative", post("/workers/0/release", "{\"leaseToken\":\"a\",\"lastTimestamp\":-1}"), 400),
                Arguments.of("lastTimestamp beyond 2^53", post("/workers/0/release", "{\"leaseToken\":\"a\",\"lastTimestamp\":9007199254740993}"), 400),
                Arguments.of("lastTimestamp beyond long", post("/workers/0/release", "{\"leaseToken\":\"a\",\"lastTimestamp\":99999999999999999999999}"), 400),
                Arguments.of("leaseToken as object", post("/workers/0/renew", "{\"leaseToken\":{\"a\":1}}"), 400),
                Arguments.of("leaseToken with odd characters", post("/workers/0/renew", "{\"leaseToken\":\"a b\"}"), 400),
                Arguments.of("leaseToken missing", post("/workers/0/renew", "{\"lastTimestamp\":1}"), 400),
                Arguments.of("release without lastTimestamp", post("/workers/0/release", "{\"leaseToken\":\"a\"}"), 400),
                Arguments.of("renew without body", post("/workers/0/renew", null), 400),
                Arguments.of("name too long", post("/workers", "{\"name\":\"" + "n".repeat(129) + "\"}"), 400),
                Arguments.of("name with markup", post("/workers", "{\"name\":\"<script>\"}"), 400),
                Arguments.of("host as number", post("/workers", "{\"host\":5}"), 400),
                Arguments.of("body over 4 KiB", post("/workers", big), 413),
                Arguments.of("chunked body over 4 KiB", (Request) (url) -> base(url, "/workers")
                    .header("Content-Type", "application/json")
                    .POST(ApiClient.chunked(big.getBytes())), 413),
                Arguments.of("text body", (Request) (url) -> base(url, "/workers/0/renew")
                    .header("Content-Type", "text/plain")
                    .POST(BodyPublishers.ofString("leaseToken=a")), 415),
                Arguments.of("DELETE", (Request) (url) -> base(url, "/workers/0").DELETE(), 405),
                Arguments.of("PUT", (Request) (url) -> base(url, "/workers")
                    .PUT(BodyPublishers.ofString("{}")), 405),
                Arguments.of("unknown path", (Request) (url) -> base(url, "/workers/0/steal").GET(), 404),
                Arguments.of("unknown path outside the API", (Request) (url) -> base(url, "/nothing").GET(), 404));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badRequestsGetAProblemAndChangeNothing(String name, Request request, int status) {
        String before = this.api.get("/workers").body();
        assertProblem(ApiClient.send(request.to("http://127.0.0.1:" + this.port).build()), status);
        assertThat(this.api.get("/workers").body()).isEqualTo(before);
    }

    /** A request to send to the delegator at the given base URL. */
    interface Request {

        HttpRequest.Builder to(String url);

    }

    private static Request post(String path, String json) {
        return (url) -> base(url, path).header("Content-Type", "application/json")
            .POST((json != null) ? BodyPublishers.ofString(json) : BodyPublishers.noBody());
    }

    private static HttpRequest.Builder base(String url, String path) {
        return HttpRequest.newBuilder(java.net.URI.create(url + path))
            .timeout(java.time.Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + ApiClient.KEY);
    }

    static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                (type) -> assertThat(type).startsWith("application/problem+json"));
        assertThat((Integer) ApiClient.read(response, "$.status")).isEqualTo(status);
        assertThat((String) ApiClient.read(response, "$.title")).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("trace");
    }

}
