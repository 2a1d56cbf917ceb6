package dev.snowcloud.delegator;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pool dashboard in a real browser on a busy pool: generators that keep renewing, some
 * that released their IDs, and some that stopped renewing without a release (crashed), whose
 * leases lapse. Leaves a screenshot in {@code target/dashboard.png} (the README's picture is
 * one of these).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "snowcloud.delegator.store=memory", "snowcloud.delegator.recovery-period=0",
                "snowcloud.delegator.unsafe.allow-short-recovery=true",
                "snowcloud.delegator.lease-ttl=" + DashboardLapsedLeasesBrowserTests.TTL_SECONDS + "s",
                "snowcloud.delegator.api-keys=" + ApiClient.KEY,
                "snowcloud.delegator.read.keys=" + DashboardBrowserTests.READ_KEY })
@DirtiesContext
class DashboardLapsedLeasesBrowserTests {

    static final int TTL_SECONDS = 15;

    static final String[] SERVICES = { "orders", "billing", "search", "inventory", "payments", "checkout", "ledger",
            "notifications" };

    static Browser browser;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void lapsedLeasesAreShownApartFromLiveAndFreeIds() throws Exception {
        ApiClient api = new ApiClient(this.port);
        Map<Integer, String> live = new ConcurrentSkipListMap<>();
        Map<Integer, String> crashed = new LinkedHashMap<>();
        Map<Integer, String> tokens = new ConcurrentHashMap<>();
        // the live generators renew a few times a ttl, as the starter does; the crashed ones do not
        ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor();
        renewer.scheduleWithFixedDelay(() -> live.keySet().forEach((id) -> renew(api, id, tokens.get(id))), 1, 2,
                TimeUnit.SECONDS);
        try {
            registerBusyPool(api, live, crashed, tokens);
            browser.openDashboardSignedIn(this.port, DashboardBrowserTests.READ_KEY);
            browser.until((driver) -> browser.cells("lapsed").equals(crashed) && browser.cells("leased").equals(live));
            assertThat(browser.cells("free")).hasSize(1024 - live.size() - crashed.size());
            assertThat(browser.text("total-lapsed")).isEqualTo(String.valueOf(crashed.size()));

            int lapsed = crashed.keySet().iterator().next();
            browser.driver().findElement(By.id("w-" + lapsed)).click();
            browser.until((driver) -> browser.text("details-title").equals("Worker ID " + lapsed));
            assertThat(browser.text("d-state")).isEqualTo("lapsed: expired, not yet taken");
            assertThat(browser.text("d-name")).isEqualTo(crashed.get(lapsed));
            assertThat(browser.text("d-expiry")).endsWith(" ago");
            browser.screenshot(Path.of("target", "dashboard.png"));
        }
        finally {
            renewer.shutdownNow();
        }
        assertThat(browser.javaScriptErrors()).as("JavaScript errors in the browser log").isEmpty();
    }

    /** A renewal that failed is retried at the next round, as the starter does. */
    private static void renew(ApiClient api, int id, String token) {
        try {
            HttpResponse<String> response = api.renew(id, token, null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
        catch (RuntimeException | AssertionError ex) {
            System.err.println("Renewal of worker ID " + id + " failed: " + ex);
        }
    }

    /** 180 generators register; some release at once, some crash (never renew), the rest stay live. */
    private static void registerBusyPool(ApiClient api, Map<Integer, String> live, Map<Integer, String> crashed,
            Map<Integer, String> tokens) {
        for (int i = 0; i < 180; i++) {
            String name = SERVICES[i % SERVICES.length] + "-" + Integer.toHexString(0x5a3f1 + i * 7919);
            String host = "10.0." + (1 + i % 6) + "." + (10 + i);
            HttpResponse<String> response = api.register("{\"name\":\"" + name + "\",\"host\":\"" + host + "\"}");
            assertThat(response.statusCode()).isEqualTo(201);
            int id = ApiClient.read(response, "$.workerId");
            tokens.put(id, ApiClient.read(response, "$.leaseToken"));
            if (i % 13 == 7) {
                crashed.put(id, name);
            }
            else if (i % 7 == 3 || (i > 120 && i % 3 == 0)) {
                assertThat(api.release(id, tokens.get(id), 1).statusCode()).isEqualTo(204);
            }
            else {
                live.put(id, name);
            }
        }
    }

}
