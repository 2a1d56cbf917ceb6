package dev.snowcloud.starter.lease;

import java.time.Duration;

import dev.snowcloud.id.LeaseUnavailableException;
import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.lease.LeaseKeeper;
import dev.snowcloud.lease.LeaseKeepers;
import dev.snowcloud.lease.LeaseRegistrationException;
import dev.snowcloud.lease.RetryBackoff;
import dev.snowcloud.lease.http.DelegatorClient;
import dev.snowcloud.lease.http.DelegatorStub;
import dev.snowcloud.starter.actuate.SnowflakeGeneratorHealthIndicator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link LeaseKeeperLifecycle} around a real {@link LeaseKeeper} and a {@link DelegatorStub}
 * over HTTP: what start-up waits for and when it fails. The protocol itself is pinned in
 * the core's {@code LeaseKeeperTests}.
 */
@Timeout(60)
class LeaseKeeperLifecycleTests {

    private final SnowflakeGenerator generator = SnowflakeGenerator.builder().build();

    private final DelegatorStub delegator = DelegatorStub.start(60_000);

    private LeaseKeeperLifecycle lifecycle;

    @AfterEach
    void stopEverything() {
        if (this.lifecycle != null) {
            this.lifecycle.stop();
        }
        this.delegator.close();
    }

    @Test
    void startReturnsWithALeaseAndStopReleasesIt() {
        this.lifecycle = lifecycle(DelegatorStub.API_KEY, Duration.ofSeconds(30), true);
        this.lifecycle.start();
        assertThat(this.lifecycle.isRunning()).isTrue();
        assertThat(this.generator.layout().decode(this.generator.nextId()).workerId()).isZero();
        this.lifecycle.stop();
        assertThat(this.lifecycle.isRunning()).isFalse();
        assertThat(this.delegator.requests("release")).hasSize(1);
        assertThat(this.delegator.leased()).isZero();
    }

    @Test
    void startFailsWithAClearMessageWhenNoLeaseArrivesInTime() {
        this.delegator.fail(Integer.MAX_VALUE, 503, null);
        this.lifecycle = lifecycle(DelegatorStub.API_KEY, Duration.ofMillis(500), true);
        assertThatExceptionOfType(LeaseRegistrationException.class).isThrownBy(this.lifecycle::start)
            .withMessageContaining("No worker lease from the delegator at " + this.delegator.url() + " within PT0.5S")
            .withMessageContaining("503");
        assertThat(this.lifecycle.isRunning()).isFalse();
        assertThat(this.generator.hasValidLease()).isFalse();
    }

    @Test
    void startFailsAtOnceWhenTheApiKeyIsRefused() {
        this.lifecycle = lifecycle("wrong-key", Duration.ofSeconds(60), true);
        assertThatExceptionOfType(LeaseRegistrationException.class).isThrownBy(this.lifecycle::start)
            .withMessageContaining("401")
            .withMessageNotContaining("wrong-key");
        assertThat(this.lifecycle.isRunning()).isFalse();
    }

    @Test
    void withoutFailOnMissingStartReturnsAtOnceAndIssuesOnceALeaseArrives() {
        this.delegator.fail(Integer.MAX_VALUE, 503, null);
        this.lifecycle = lifecycle(DelegatorStub.API_KEY, Duration.ofMillis(100), false);
        this.lifecycle.start();
        assertThat(this.lifecycle.isRunning()).isTrue();
        assertThatExceptionOfType(LeaseUnavailableException.class).isThrownBy(this.generator::nextId);
        SnowflakeGeneratorHealthIndicator health = new SnowflakeGeneratorHealthIndicator(this.generator,
                this.lifecycle.keepers());
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        await().atMost(Duration.ofSeconds(30)).until(() -> health.health().getDetails().containsKey("lastProblem"));
        this.delegator.heal();
        await().atMost(Duration.ofSeconds(30)).until(this.generator::hasValidLease);
        assertThat(this.generator.nextId()).isPositive();
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void startReturnsOnlyOnceTheClockReachedNotBefore() {
        long notBefore = System.currentTimeMillis() + 300;
        this.delegator.notBefore(() -> notBefore);
        this.lifecycle = lifecycle(DelegatorStub.API_KEY, Duration.ofSeconds(30), true);
        this.lifecycle.start();
        assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(notBefore);
        assertThat(this.generator.layout().decode(this.generator.nextId()).unixMillis())
            .isGreaterThanOrEqualTo(notBefore);
    }

    @Test
    void startsBeforeAndStopsAfterTheWebServer() {
        this.lifecycle = lifecycle(DelegatorStub.API_KEY, Duration.ofSeconds(30), true);
        assertThat(this.lifecycle.getPhase()).isLessThan(org.springframework.context.SmartLifecycle.DEFAULT_PHASE);
        assertThat(this.lifecycle.isAutoStartup()).isTrue();
    }

    private LeaseKeeperLifecycle lifecycle(String apiKey, Duration registrationTimeout, boolean failOnMissing) {
        DelegatorClient client = DelegatorClient.builder().urls(this.delegator.url().toString()).apiKey(apiKey).build();
        LeaseKeepers keepers = LeaseKeepers.forEachSlot(LeaseKeeper.builder(this.generator, client)
            .instanceName("test-instance")
            .backoff(new RetryBackoff(Duration.ofMillis(20), Duration.ofMillis(200))));
        return new LeaseKeeperLifecycle(keepers, registrationTimeout, failOnMissing);
    }

}
