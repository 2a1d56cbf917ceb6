package dev.snowcloud.delegator;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.snowcloud.testsupport.RedisServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pool dashboard in a real browser while things go wrong: Redis stops (the page says the
 * store is unavailable and keeps the last pool greyed out), Redis comes back empty (the
 * recovery banner counts down while holders re-claim their IDs), and the delegator itself
 * stops (the page says so). No reload at any point, and no JavaScript error.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "snowcloud.delegator.store=redis", "snowcloud.delegator.namespace=dashboard",
                "snowcloud.delegator.recovery-period=" + DashboardRecoveryBrowserTests.RECOVERY_SECONDS + "s",
                "snowcloud.delegator.lease-ttl=" + DashboardRecoveryBrowserTests.RECOVERY_SECONDS + "s",
                "snowcloud.delegator.api-keys=" + ApiClient.KEY,
                "snowcloud.delegator.read.keys=" + DashboardBrowserTests.READ_KEY, "spring.data.redis.timeout=2s",
                "spring.data.redis.connect-timeout=2s" })
@DirtiesContext
class DashboardRecoveryBrowserTests {

    /** Long enough for the page to show the banner and a re-claim on a busy machine. */
    static final int RECOVERY_SECONDS = 25;

    static final Duration PATIENCE = Duration.ofSeconds(RECOVERY_SECONDS + 30);

    static final RedisServer redis = RedisServer.startEmpty();

    static Browser browser;

    @DynamicPropertySource
    static void redisProperties(DynamicPropertyRegistry properties) {
        properties.add("spring.data.redis.host", redis::host);
        properties.add("spring.data.redis.port", redis::port);
    }

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        }
        finally {
            redis.close();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    WebServerApplicationContext context;

    @Test
    void pageShowsStoreOutageThenRecoveryBannerThenDelegatorOutage() {
        ApiClient api = new ApiClient(this.port);
        // a fresh pool is itself a store loss: registrations resume when its recovery ends
        HttpResponse<String> lease = ApiClient.awaitAnswer(() -> api.register("{\"name\":\"survivor\",\"host\":\"10.0.7.1\"}"),
                (response) -> response.statusCode() == 201, PATIENCE);
        int id = ApiClient.read(lease, "$.workerId");
        String token = ApiClient.read(lease, "$.leaseToken");
        browser.openDashboardSignedIn(this.port, DashboardBrowserTests.READ_KEY);
        browser.until((driver) -> browser.cells("leased").size() == 1);
        assertThat(browser.visible("recovery")).isFalse();
        browser.script("window.notReloaded = true;");

        redis.kill();
        browser.until((driver) -> browser.visible("outage"));
        assertThat(browser.text("status")).isEqualTo("Store unavailable");
        assertThat(browser.text("outage")).startsWith("The lease store (Redis) is unavailable");
        assertThat(browser.driver().findElement(org.openqa.selenium.By.id("grid")).getAttribute("class"))
            .contains("stale");
        assertThat(browser.cells("leased")).containsOnlyKeys(id);

        redis.start();
        browser.until((driver) -> browser.visible("recovery"));
        assertThat(browser.text("recovery-left")).matches("\\d+ s");
        assertThat(browser.visible("outage")).isFalse();
        assertThat(browser.cells("leased")).isEmpty();
        assertThat(browser.cells("reclaimable")).hasSize(1024);

        // the holder renews during recovery and gets its ID back
        assertThat(api.renew(id, token, null).statusCode()).isEqualTo(200);
        browser.until((driver) -> browser.cells("leased").size() == 1);
        assertThat(browser.cells("leased")).containsOnlyKeys(id);
        assertThat(browser.cells("reclaimable")).hasSize(1023);

        this.context.getWebServer().stop();
        browser.until((driver) -> browser.text("status").equals("Delegator unreachable"));
        assertThat(browser.text("outage")).startsWith("The delegator does not answer");
        assertThat(browser.script("return window.notReloaded === true;")).isEqualTo(true);
        assertThat(browser.javaScriptErrors()).as("JavaScript errors in the browser log").isEmpty();
    }

}
