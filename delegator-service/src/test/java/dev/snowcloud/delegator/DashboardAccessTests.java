package dev.snowcloud.delegator;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may read the pool over HTTP: read-only keys and the dashboard's cookie, on reads only. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "snowcloud.delegator.store=memory", "snowcloud.delegator.recovery-period=0",
                "snowcloud.delegator.unsafe.allow-short-recovery=true",
                "snowcloud.delegator.api-keys=" + ApiClient.KEY,
                "snowcloud.delegator.read.keys=" + DashboardAccessTests.READ_KEY })
class DashboardAccessTests {

    static final String READ_KEY = "read-only-key";

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void connect() {
        this.api = new ApiClient(this.port);
    }

    @Test
    void readKeyReadsThePoolButChangesNothing() {
        HttpResponse<String> lease = this.api.register("{}");
        int id = ApiClient.read(lease, "$.workerId");
        String token = ApiClient.read(lease, "$.leaseToken");
        assertThat(get("/workers", "Bearer " + READ_KEY, null).statusCode()).isEqualTo(200);
        assertThat(get("/workers/" + id, "Bearer " + READ_KEY, null).statusCode()).isEqualTo(200);
        assertThat(post("/workers", "{}", "Bearer " + READ_KEY, null).statusCode()).isEqualTo(401);
        String body = ApiClient.leaseJson(token, 1L);
        assertThat(post("/workers/" + id + "/renew", body, "Bearer " + READ_KEY, null).statusCode()).isEqualTo(401);
        assertThat(post("/workers/" + id + "/release", body, "Bearer " + READ_KEY, null).statusCode()).isEqualTo(401);
        assertThat(get("/workers/" + id + "/renew", "Bearer " + READ_KEY, null).statusCode()).isEqualTo(401);
        assertThat(get("/workers", "Bearer not-a-key", null).statusCode()).isEqualTo(401);
        assertThat(this.api.renew(id, token, null).statusCode()).isEqualTo(200);
    }

    @Test
    void signInSetsAStrictHttpOnlyCookieThatOnlyReads() {
        HttpResponse<String> signIn = signIn(READ_KEY);
        assertThat(signIn.statusCode()).isEqualTo(204);
        String setCookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("snowcloud-read=")
            .contains("HttpOnly")
            .contains("SameSite=Strict")
            .contains("Path=/")
            .contains("Max-Age=43200")
            .doesNotContain(READ_KEY)
            .doesNotContain("Secure");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        assertThat(get("/workers", null, cookie).statusCode()).isEqualTo(200);
        assertThat(get("/workers/3", null, cookie).statusCode()).isEqualTo(200);
        assertThat(post("/workers", "{}", null, cookie).statusCode()).isEqualTo(401);
        int mac = cookie.indexOf('.') + 1;
        String tampered = cookie.substring(0, mac) + ((cookie.charAt(mac) == 'A') ? 'B' : 'A') + cookie.substring(mac + 1);
        assertThat(get("/workers", null, tampered).statusCode()).isEqualTo(401);
    }

    @Test
    void anApiKeySignsInAndAnUnknownKeyGets401WithoutACookie() {
        assertThat(signIn(ApiClient.KEY).statusCode()).isEqualTo(204);
        HttpResponse<String> refused = signIn("not-a-key");
        WorkerApiTests.assertProblem(refused, 401);
        assertThat((String) ApiClient.read(refused, "$.type")).isEqualTo("urn:snowcloud:problem:unauthorized");
        assertThat(refused.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(refused.body()).doesNotContain("not-a-key");
    }

    @Test
    void signOutExpiresTheCookie() {
        HttpResponse<String> signOut = ApiClient.send(this.api.anonymous("/dashboard/session").DELETE().build());
        assertThat(signOut.statusCode()).isEqualTo(204);
        assertThat(signOut.headers().firstValue("Set-Cookie")).hasValueSatisfying(
                (cookie) -> assertThat(cookie).startsWith("snowcloud-read=;").contains("Max-Age=0"));
    }

    @Test
    void pageIsOpenAndLocksDownWhatItMayLoad() {
        HttpResponse<String> redirect = ApiClient.send(this.api.anonymous("/dashboard").GET().build());
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).hasValueSatisfying(
                (location) -> assertThat(location).isEqualTo("dashboard/"));
        HttpResponse<String> page = ApiClient.send(this.api.anonymous("/dashboard/").GET().build());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
                (type) -> assertThat(type).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                (policy) -> assertThat(policy).contains("default-src 'none'", "script-src 'self'",
                        "frame-ancestors 'none'"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.body()).contains("<script src=\"dashboard.js\" defer></script>")
            .doesNotContain("http://")
            .doesNotContain("https://");
        for (String asset : List.of("/dashboard/dashboard.js", "/dashboard/dashboard.css")) {
            HttpResponse<String> response = ApiClient.send(this.api.anonymous(asset).GET().build());
            assertThat(response.statusCode()).as(asset).isEqualTo(200);
            assertThat(response.body()).as(asset).doesNotContain("http://").doesNotContain("https://");
        }
    }

    private HttpResponse<String> signIn(String key) {
        return ApiClient.send(this.api.anonymous("/dashboard/session")
            .header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString("{\"key\":\"" + key + "\"}"))
            .build());
    }

    private HttpResponse<String> get(String path, String authorization, String cookie) {
        var request = this.api.anonymous(path).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return ApiClient.send(request.build());
    }

    private HttpResponse<String> post(String path, String json, String authorization, String cookie) {
        var request = this.api.anonymous(path).header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return ApiClient.send(request.build());
    }

}
