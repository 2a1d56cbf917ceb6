package dev.snowcloud.delegator;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.interactions.Actions;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pool dashboard in a real browser (headless Chromium) against a running delegator on the
 * in-memory store: what the grid shows is exactly what the REST API granted, and it follows
 * the pool without a reload. After each test, the page must have logged no JavaScript error.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "snowcloud.delegator.store=memory", "snowcloud.delegator.recovery-period=0",
                "snowcloud.delegator.unsafe.allow-short-recovery=true",
                "snowcloud.delegator.lease-ttl=1h", "snowcloud.delegator.api-keys=" + ApiClient.KEY,
                "snowcloud.delegator.read.keys=" + DashboardBrowserTests.READ_KEY })
@DirtiesContext
class DashboardBrowserTests {

    static final String READ_KEY = "dashboard-read-key";

    static Browser browser;

    @LocalServerPort
    int port;

    ApiClient api;

    final Map<Integer, String> granted = new LinkedHashMap<>();

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

    @BeforeEach
    void connect() {
        this.api = new ApiClient(this.port);
    }

    @AfterEach
    void pageLoggedNoJavaScriptError() {
        for (Map.Entry<Integer, String> lease : this.granted.entrySet()) {
            this.api.release(lease.getKey(), lease.getValue(), 1);
        }
        assertThat(browser.javaScriptErrors()).as("JavaScript errors in the browser log").isEmpty();
    }

    @Test
    void gridShowsExactlyTheLeasedIdsWithTheirHolders() {
        Map<Integer, String> names = new LinkedHashMap<>();
        for (String name : new String[] { "orders-1", "orders-2", "billing-7f9c", "search-a", "search-b" }) {
            int id = register(name, "10.0.3." + (names.size() + 1));
            names.put(id, name);
        }
        browser.openDashboardSignedIn(this.port, READ_KEY);
        browser.until((driver) -> browser.cells("leased").size() == names.size());
        assertThat(browser.cells("leased")).isEqualTo(names);
        assertThat(browser.cells("lapsed")).isEmpty();
        assertThat(browser.cells("free")).hasSize(1024 - names.size());
        assertThat(browser.text("total-leased")).isEqualTo("5");
        assertThat(browser.text("total-free")).isEqualTo("1019");
        assertThat(browser.visible("recovery")).isFalse();
        assertThat(browser.text("status")).isEqualTo("Live");

        int billing = names.entrySet().stream().filter((e) -> e.getValue().equals("billing-7f9c")).findFirst()
            .orElseThrow().getKey();
        new Actions(browser.driver()).moveToElement(browser.driver().findElement(By.id("w-" + billing))).perform();
        browser.until((driver) -> browser.text("details-title").equals("Worker ID " + billing));
        assertThat(browser.text("d-state")).isEqualTo("leased");
        assertThat(browser.text("d-name")).isEqualTo("billing-7f9c");
        assertThat(browser.text("d-host")).isEqualTo("10.0.3.3");
        assertThat(browser.text("d-expiry")).matches("(59 min \\d+ s|1 h 0 min)");
        HttpResponse<String> worker = this.api.get("/workers/" + billing);
        assertThat(browser.text("d-notbefore")).startsWith(String.valueOf((Long) ApiClient.read(worker, "$.notBefore")));
    }

    @Test
    void detailsListEveryIdOfTheHoveredLeasesHolder() {
        List<Integer> held = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(register("multi-7f9c", "10.0.7.1"));
        }
        int other = register("multi-7f9c", "10.0.7.2");
        held.sort(null);
        browser.openDashboardSignedIn(this.port, READ_KEY);
        browser.until((driver) -> browser.cells("leased").size() == 4);

        new Actions(browser.driver()).moveToElement(browser.driver().findElement(By.id("w-" + held.get(1)))).perform();
        browser.until((driver) -> browser.text("details-title").equals("Worker ID " + held.get(1)));
        assertThat(browser.text("d-holder-ids"))
            .isEqualTo("#" + held.get(0) + ", #" + held.get(1) + ", #" + held.get(2) + " (3 IDs)");

        new Actions(browser.driver()).moveToElement(browser.driver().findElement(By.id("w-" + other))).perform();
        browser.until((driver) -> browser.text("details-title").equals("Worker ID " + other));
        assertThat(browser.text("d-holder-ids")).isEqualTo("#" + other);
    }

    @Test
    void releasedLeaseTurnsFreeWithoutAReload() {
        int kept = register("kept", "10.0.4.1");
        int released = register("released", "10.0.4.2");
        browser.openDashboardSignedIn(this.port, READ_KEY);
        browser.until((driver) -> browser.cells("leased").size() == 2);
        browser.script("window.notReloaded = true;");

        assertThat(this.api.release(released, this.granted.remove(released), 1).statusCode()).isEqualTo(204);
        browser.until((driver) -> browser.cells("leased").size() == 1);
        assertThat(browser.cells("leased")).containsOnlyKeys(kept);
        assertThat(browser.cells("free")).containsKey(released);
        assertThat(browser.script("return window.notReloaded === true;")).isEqualTo(true);
    }

    @Test
    void signInRefusesAnUnknownKeyAndShowsNothingOfThePool() {
        register("secret-holder", "10.0.5.1");
        browser.openDashboardSignedIn(this.port, "not-a-key");
        browser.until((driver) -> browser.visible("sign-in-error"));
        assertThat(browser.text("sign-in-error")).isEqualTo("That key is not accepted.");
        assertThat(browser.visible("board")).isFalse();
        assertThat(browser.driver().getPageSource()).doesNotContain("secret-holder");
    }

    @Test
    void anApiKeySignsInToo() {
        int id = register("api-key-reader", "10.0.6.1");
        browser.openDashboardSignedIn(this.port, ApiClient.KEY);
        browser.until((driver) -> "api-key-reader".equals(browser.cells("leased").get(id)));
    }

    @Test
    void browserLogCheckCatchesAnUncaughtError() {
        browser.openDashboardSignedIn(this.port, READ_KEY);
        browser.until((driver) -> browser.text("status").equals("Live"));
        browser.script("setTimeout(() => { throw new Error('planted by the test'); }, 0);");
        List<String> errors = browser.until((driver) -> {
            List<String> logged = browser.javaScriptErrors();
            return logged.isEmpty() ? null : logged;
        });
        assertThat(errors).anySatisfy((error) -> assertThat(error).contains("planted by the test"));
    }

    private int register(String name, String host) {
        HttpResponse<String> response = this.api.register("{\"name\":\"" + name + "\",\"host\":\"" + host + "\"}");
        assertThat(response.statusCode()).isEqualTo(201);
        int id = ApiClient.read(response, "$.workerId");
        this.granted.put(id, ApiClient.read(response, "$.leaseToken"));
        return id;
    }

}
