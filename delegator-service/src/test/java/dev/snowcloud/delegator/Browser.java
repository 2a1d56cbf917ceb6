package dev.snowcloud.delegator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver, with a fresh profile
 * that it deletes on close. Where either is missing, {@link #start()} fails the test under
 * {@code CI} (CI installs them) and otherwise skips it with a message saying what to install.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** Generous: the machine that runs the tests may be busy with much else. */
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private final ChromeDriver driver;

    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static Browser start() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String missing = "The dashboard's browser tests need Debian's chromium and chromium-driver ("
                + CHROMIUM + ", " + CHROMEDRIVER + "): apt-get install -y chromium chromium-driver";
        // CI installs both (.ci/run); there their absence is a failure, not a skip.
        assertThat(installed || System.getenv("CI") == null).as(missing).isTrue();
        assumeTrue(installed, missing);
        try {
            Path profile = Files.createTempDirectory("snowcloud-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1280,1000", "--force-device-scale-factor=1",
                    "--user-data-dir=" + profile);
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
            return new Browser(new ChromeDriver(service, options), profile);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    WebDriver driver() {
        return this.driver;
    }

    /** Opens the dashboard with no session, and signs in with the key. */
    void openDashboardSignedIn(int port, String key) {
        this.driver.manage().deleteAllCookies();
        this.driver.get("http://127.0.0.1:" + port + "/dashboard");
        WebElement field = until((driver) -> {
            WebElement input = driver.findElement(By.id("key"));
            return input.isDisplayed() ? input : null;
        });
        field.sendKeys(key);
        this.driver.findElement(By.cssSelector("#sign-in button[type=submit]")).click();
    }

    /** Waits until the condition answers something other than null or false. */
    <T> T until(Function<WebDriver, T> condition) {
        return new WebDriverWait(this.driver, PATIENCE).withMessage(this::describe).until(condition::apply);
    }

    /** What the page shows, for a failed wait's message. */
    private String describe() {
        try {
            return "page status '" + text("status") + "', outage '" + text("outage") + "', leased " + cells("leased")
                    + ", lapsed " + cells("lapsed") + ", errors " + javaScriptErrors();
        }
        catch (RuntimeException ex) {
            return "page unreadable: " + ex.getMessage();
        }
    }

    /** Runs a script in the page. */
    Object script(String script, Object... args) {
        return ((JavascriptExecutor) this.driver).executeScript(script, args);
    }

    /** The cells in the given state, by worker ID, with the holder's name ("" when none). */
    @SuppressWarnings("unchecked")
    Map<Integer, String> cells(String state) {
        List<List<Object>> rows = (List<List<Object>>) script("""
                return Array.from(document.querySelectorAll('#grid .cell'))
                    .filter((cell) => cell.dataset.state === arguments[0])
                    .map((cell) => [Number(cell.dataset.id), cell.dataset.name || '']);""", state);
        return rows.stream().collect(java.util.stream.Collectors.toMap((row) -> ((Number) row.get(0)).intValue(),
                (row) -> (String) row.get(1)));
    }

    String text(String id) {
        return this.driver.findElement(By.id(id)).getText();
    }

    boolean visible(String id) {
        return this.driver.findElement(By.id(id)).isDisplayed();
    }

    /**
     * What the page logged as an error since the last call: uncaught exceptions and
     * {@code console.error}. Failed requests (a 401 before sign-in, a 503 while the store is
     * down) are how the page learns its state, so they are left out.
     */
    List<String> javaScriptErrors() {
        return this.driver.manage()
            .logs()
            .get(LogType.BROWSER)
            .getAll()
            .stream()
            .filter((entry) -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
            .map(LogEntry::getMessage)
            .filter((message) -> !message.contains("Failed to load resource"))
            .toList();
    }

    Path screenshot(Path target) {
        try {
            Files.createDirectories(target.getParent());
            // the page's body, not the window: no empty margin below
            Files.write(target, this.driver.findElement(By.tagName("body"))
                .getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
            return target;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close() {
        try {
            this.driver.quit();
        }
        finally {
            try (Stream<Path> files = Files.walk(this.profile)) {
                files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
            }
            catch (IOException ex) {
                // a temporary profile left behind harms nothing
            }
        }
    }

}
