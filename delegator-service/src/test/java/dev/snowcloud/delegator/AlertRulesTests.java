package dev.snowcloud.delegator;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Prometheus alert rules in {@code deploy/alerts.yml}: each one has a unit test in
 * {@code deploy/alerts-tests.yml} that {@code promtool test rules} passes, the compose
 * stack's Prometheus configuration loads them, and docs/operations.md explains each.
 */
class AlertRulesTests {

    static final Path DEPLOY = Path.of("..", "deploy");

    static final Pattern ALERT = Pattern.compile("(?m)^\\s*- alert: (\\w+)\\s*$");

    static final Pattern TESTED = Pattern.compile("(?m)^\\s*alertname: (\\w+)\\s*$");

    @Test
    void promtoolPassesEveryRuleTest() throws Exception {
        assertThat(promtool("test", "rules", "alerts-tests.yml")).contains("SUCCESS");
    }

    @Test
    void prometheusConfigurationLoadsTheRules() throws Exception {
        assertThat(Files.readString(DEPLOY.resolve("prometheus.yml"))).contains("alerts.yml");
        String checked = promtool("check", "config", "prometheus.yml");
        assertThat(checked).contains("alerts.yml").contains("SUCCESS");
    }

    @Test
    void everyAlertHasAUnitTest() throws IOException {
        Set<String> alerts = names(ALERT, DEPLOY.resolve("alerts.yml"));
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(9);
        assertThat(names(TESTED, DEPLOY.resolve("alerts-tests.yml"))).isEqualTo(alerts);
    }

    @Test
    void operationsGuideExplainsEveryAlert() throws IOException {
        String guide = Files.readString(Path.of("..", "docs", "operations.md"));
        assertThat(names(ALERT, DEPLOY.resolve("alerts.yml")))
            .allSatisfy((alert) -> assertThat(guide).contains("### " + alert));
    }

    private static Set<String> names(Pattern pattern, Path file) throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher matcher = pattern.matcher(Files.readString(file));
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** Runs promtool in deploy/ and answers what it printed; fails unless it exits with 0. */
    private static String promtool(String... args) throws Exception {
        Path promtool = Stream.of(System.getenv("PATH").split(File.pathSeparator))
            .map((dir) -> Path.of(dir, "promtool"))
            .filter(Files::isExecutable)
            .findFirst()
            .orElse(null);
        // CI installs promtool (Debian package prometheus); there its absence is a failure, not a skip.
        assertThat(promtool != null || System.getenv("CI") == null)
            .as("promtool must be installed when CI is set (Debian package prometheus)")
            .isTrue();
        assumeTrue(promtool != null, "promtool (Debian package prometheus) is not installed: alert rules untested");
        String[] command = Stream.concat(Stream.of(promtool.toString()), Stream.of(args)).toArray(String[]::new);
        Process process = new ProcessBuilder(command).directory(DEPLOY.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

}
