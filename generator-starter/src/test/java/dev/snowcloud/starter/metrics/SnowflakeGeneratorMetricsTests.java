package dev.snowcloud.starter.metrics;

import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.id.SnowflakeLayout;
import dev.snowcloud.id.WorkerLease;
import dev.snowcloud.lease.LeaseKeeper;
import dev.snowcloud.lease.LeaseKeepers;
import dev.snowcloud.lease.http.DelegatorClient;
import dev.snowcloud.lease.http.DelegatorStub;
import dev.snowcloud.starter.test.MutableTimeSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SnowflakeGeneratorMetricsTests {

    private final MutableTimeSource time = new MutableTimeSource();

    private final SnowflakeGenerator generator = SnowflakeGenerator.builder().timeSource(this.time).build();

    @Test
    void prometheusShowsTheDesignedNamesEachWithHelp() {
        this.generator.installLease(WorkerLease.until(17, 0, Long.MAX_VALUE, this.time.nanoTime() + Duration.ofSeconds(42).toNanos()));
        this.generator.nextIds(5);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new SnowflakeGeneratorMetrics(this.generator, null).bindTo(registry);
        String scrape = registry.scrape();
        assertThat(scrape).contains("# TYPE snowcloud_ids_generated_total counter",
                "# HELP snowcloud_ids_generated_total IDs issued by this generator", "snowcloud_ids_generated_total 5.0",
                "# TYPE snowcloud_lease_remaining_seconds gauge", "# TYPE snowcloud_lease_renewals_total counter",
                "snowcloud_lease_renewals_total{outcome=\"success\"} 0.0",
                "snowcloud_lease_renewals_total{outcome=\"conflict\"} 0.0",
                "snowcloud_lease_renewals_total{outcome=\"failure\"} 0.0",
                "snowcloud_lease_renewals_total{outcome=\"lapsed\"} 0.0",
                "# TYPE snowcloud_sequence_exhausted_total counter", "# TYPE snowcloud_clock_backwards_total counter",
                "# TYPE snowcloud_worker_id gauge", "snowcloud_worker_id 17.0",
                "# TYPE snowcloud_clock_backwards_refused_total counter", "snowcloud_clock_backwards_refused_total 0.0",
                "# TYPE snowcloud_fence_refused_total counter", "snowcloud_fence_refused_total 0.0",
                "# TYPE snowcloud_epoch_remaining_seconds gauge");
        assertThat(scrape.lines().filter((line) -> line.startsWith("# TYPE snowcloud_")))
            .extracting((line) -> line.split(" ")[2])
            .containsExactlyInAnyOrder("snowcloud_ids_generated_total", "snowcloud_lease_remaining_seconds",
                    "snowcloud_lease_renewals_total", "snowcloud_sequence_exhausted_total",
                    "snowcloud_clock_backwards_total", "snowcloud_clock_backwards_refused_total",
                    "snowcloud_fence_refused_total", "snowcloud_worker_id", "snowcloud_epoch_remaining_seconds");
        assertThat(scrape.lines().filter((line) -> line.startsWith("# HELP snowcloud_")))
            .hasSize(9)
            .allSatisfy((line) -> assertThat(line.split(" ", 4)[3]).isNotBlank());
    }

    @Test
    void epochRemainingCountsDownToTheLastTimestamp() {
        Instant epoch = Instant.parse("2020-01-01T00:00:00Z");
        SnowflakeGenerator generator = SnowflakeGenerator.builder()
            .timeSource(this.time)
            .layout(new SnowflakeLayout(epoch))
            .build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new SnowflakeGeneratorMetrics(generator, null).bindTo(registry);
        // 2^41 ms after 2020-01-01 is 2089-09-06T15:47:35.551Z
        double expected = (Instant.parse("2089-09-06T15:47:35.551Z").toEpochMilli() - this.time.currentTimeMillis())
                / 1000.0;
        assertThat(registry.get("snowcloud.epoch.remaining").gauge().value()).isCloseTo(expected, within(1.0));
        this.time.advance(Duration.ofDays(365));
        assertThat(registry.get("snowcloud.epoch.remaining").gauge().value())
            .isCloseTo(expected - 365 * 86400, within(1.0));
    }

    @Test
    void promtoolAcceptsTheMeters() throws Exception {
        Path promtool = Stream.of(System.getenv("PATH").split(File.pathSeparator))
            .map((dir) -> Path.of(dir, "promtool"))
            .filter(Files::isExecutable)
            .findFirst()
            .orElse(null);
        // CI installs promtool (Debian package prometheus); there its absence is a failure, not a skip.
        assertThat(promtool != null || System.getenv("CI") == null).as("promtool must be installed when CI is set")
            .isTrue();
        assumeTrue(promtool != null, "promtool (Debian package prometheus) is not installed");
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (DelegatorStub delegator = DelegatorStub.start(60_000); LeaseKeepers keepers = leasing(delegator)) {
            new SnowflakeGeneratorMetrics(this.generator, keepers).bindTo(registry);
        }
        Process process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(registry.scrape().getBytes(StandardCharsets.UTF_8));
        }
        String complaints = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(complaints).isEmpty();
        assertThat(process.exitValue()).isZero();
    }

    @Test
    void aKeptLeaseShowsItsRenewalsAndTheClockOffsetFromTheDelegator() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (DelegatorStub delegator = DelegatorStub.start(60_000); LeaseKeepers keepers = leasing(delegator)) {
            new SnowflakeGeneratorMetrics(this.generator, keepers).bindTo(registry);
            String scrape = registry.scrape();
            assertThat(scrape).contains("# TYPE snowcloud_clock_offset_seconds gauge",
                    "# HELP snowcloud_clock_offset_seconds How far this generator's wall clock ran ahead");
            // The stub runs on this host's clock: the offset is within the round trip.
            assertThat(registry.get("snowcloud.clock.offset").gauge().value()).isBetween(-1.0, 1.0);
        }
    }

    @Test
    void theClockOffsetIsNotANumberBeforeTheFirstAnswer() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LeaseKeepers idle = LeaseKeepers.forEachSlot(LeaseKeeper.builder(this.generator,
                DelegatorClient.builder().urls("http://127.0.0.1:1").build()));
        new SnowflakeGeneratorMetrics(this.generator, idle).bindTo(registry);
        assertThat(registry.get("snowcloud.clock.offset").gauge().value()).isNaN();
    }

    @Test
    void leaseRemainingFollowsTheDeadline() {
        this.generator.installLease(WorkerLease.until(3, 0, Long.MAX_VALUE, this.time.nanoTime() + Duration.ofSeconds(42).toNanos()));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new SnowflakeGeneratorMetrics(this.generator, null).bindTo(registry);
        assertThat(remaining(registry)).isBetween(30.0, 42.0);
        this.time.advance(Duration.ofSeconds(43));
        assertThat(remaining(registry)).isZero();
        assertThat(registry.get("snowcloud.worker.id").gauge().value()).isEqualTo(3);
        this.generator.revokeLease();
        assertThat(registry.get("snowcloud.worker.id").gauge().value()).isEqualTo(-1);
    }

    @Test
    void fixedWorkerIdHasNoDeadline() {
        this.generator.installLease(WorkerLease.fixed(9));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new SnowflakeGeneratorMetrics(this.generator, null).bindTo(registry);
        assertThat(remaining(registry)).isInfinite();
    }

    private LeaseKeepers leasing(DelegatorStub delegator) {
        LeaseKeepers keepers = LeaseKeepers.forEachSlot(LeaseKeeper.builder(this.generator,
                DelegatorClient.builder().urls(delegator.url().toString()).apiKey(DelegatorStub.API_KEY).build()));
        keepers.start();
        keepers.awaitLeases(Duration.ofSeconds(30));
        return keepers;
    }

    private static double remaining(SimpleMeterRegistry registry) {
        return registry.get("snowcloud.lease.remaining").gauge().value();
    }

}
