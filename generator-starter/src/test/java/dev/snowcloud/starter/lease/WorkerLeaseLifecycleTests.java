package dev.snowcloud.starter.lease;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.snowcloud.id.LeaseUnavailableException;
import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.starter.actuate.SnowflakeGeneratorHealthIndicator;
import dev.snowcloud.starter.test.DelegatorStub;
import dev.snowcloud.starter.test.DelegatorStub.Request;
import dev.snowcloud.starter.test.MutableTimeSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.health.contributor.Status;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link WorkerLeaseLifecycle} against a {@link DelegatorStub} over real HTTP.
 */
@Timeout(60)
class WorkerLeaseLifecycleTests {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final MutableTimeSource time = new MutableTimeSource();

    private final SnowflakeGenerator generator = SnowflakeGenerator.builder().timeSource(this.time).build();

    private final DelegatorStub delegator = DelegatorStub.start(60_000);

    private WorkerLeaseLifecycle lifecycle;

    @AfterEach
    void stopEverything() {
        if (this.lifecycle != null) {
            this.lifecycle.stop();
        }
        this.delegator.close();
    }

    @Test
    void registersOnStartAndRenewsInTheBackgroundReportingTheLastTimestamp() {
        this.delegator.ttlMillis(900);
        start(settings(true, Duration.ofSeconds(30)));
        long id = this.generator.nextId();
        assertThat(this.generator.layout().decode(id).workerId()).isEqualTo(0);
        await().atMost(PATIENCE).until(() -> this.lifecycle.renewals(RenewalOutcome.SUCCESS) >= 2);
        Request renewal = this.delegator.requests("renew").get(0);
        assertThat(renewal.workerId()).isEqualTo(0);
        assertThat(this.delegator.holderOf(renewal.leaseToken())).isEqualTo(0);
        assertThat(renewal.lastTimestamp()).isGreaterThanOrEqualTo(this.generator.layout().decode(id).unixMillis());
        assertThat(renewal.authorization()).isEqualTo("Bearer " + DelegatorStub.API_KEY);
        assertThat(this.generator.hasValidLease()).isTrue();
    }

    @Test
    void conflictOnRenewalRevokesAndRegistersAgainUnderAnotherWorkerId() {
        this.delegator.ttlMillis(900);
        start(settings(true, Duration.ofSeconds(30)));
        long before = this.generator.nextId();
        this.delegator.giveToSomeoneElse(0);
        await().atMost(PATIENCE).until(() -> this.lifecycle.workerId().orElse(-1) == 1);
        long after = this.generator.nextId();
        assertThat(this.lifecycle.renewals(RenewalOutcome.CONFLICT)).isEqualTo(1);
        assertThat(this.generator.layout().decode(after).workerId()).isEqualTo(1);
        assertThat(after).isGreaterThan(before);
        assertThat(this.delegator.requests("register")).hasSize(2);
    }

    @Test
    void refusesOnceTheDeadlinePassesWhileTheDelegatorIsDownAndResumesWhenItIsBack() {
        this.delegator.ttlMillis(3_000);
        start(settings(true, Duration.ofSeconds(30)));
        SnowflakeGeneratorHealthIndicator health = new SnowflakeGeneratorHealthIndicator(this.generator, this.lifecycle);
        this.generator.nextId();
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);

        this.delegator.goDown();
        this.time.advance(Duration.ofSeconds(10));
        assertThatExceptionOfType(LeaseUnavailableException.class).isThrownBy(this.generator::nextId)
            .withMessageContaining("passed its deadline");
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        await().atMost(PATIENCE).until(() -> this.lifecycle.renewals(RenewalOutcome.LAPSED) == 1);
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getDetails()).containsKey("lastProblem");

        int renewalsBeforeComingBack = this.delegator.requests("renew").size();
        this.delegator.comeBack();
        await().atMost(PATIENCE).until(this.generator::hasValidLease);
        assertThat(this.generator.nextId()).isPositive();
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        // The lapsed token was never renewed again: the generator registered instead.
        assertThat(this.delegator.requests("renew")).hasSize(renewalsBeforeComingBack);
        assertThat(this.delegator.requests("register")).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void transientRenewalFailuresAreRetriedBeforeTheDeadline() {
        this.delegator.ttlMillis(1_500);
        start(settings(true, Duration.ofSeconds(30)));
        this.delegator.fail(2, 503, null);
        await().atMost(PATIENCE).until(() -> this.lifecycle.renewals(RenewalOutcome.SUCCESS) >= 1);
        assertThat(this.lifecycle.renewals(RenewalOutcome.FAILURE)).isEqualTo(2);
        assertThat(this.lifecycle.renewals(RenewalOutcome.LAPSED)).isZero();
        assertThat(this.lifecycle.workerId()).contains(0);
        assertThat(this.delegator.requests("register")).hasSize(1);
    }

    @Test
    void stopRevokesAndReleasesWithTheLastIssuedTimestamp() {
        start(settings(true, Duration.ofSeconds(30)));
        long last = 0;
        for (int i = 0; i < 10_000; i++) {
            last = this.generator.nextId();
        }
        this.lifecycle.stop();
        assertThatExceptionOfType(LeaseUnavailableException.class).isThrownBy(this.generator::nextId);
        List<Request> releases = this.delegator.requests("release");
        assertThat(releases).hasSize(1);
        assertThat(releases.get(0).workerId()).isEqualTo(0);
        assertThat(releases.get(0).lastTimestamp()).isEqualTo(this.generator.layout().decode(last).unixMillis());
        assertThat(this.delegator.leased()).isZero();
    }

    @Test
    void startUpHonoursRetryAfter() {
        this.delegator.fail(1, 503, "1");
        start(settings(true, Duration.ofSeconds(30)));
        List<Request> registrations = this.delegator.requests("register");
        assertThat(registrations).hasSize(2);
        long waited = registrations.get(1).receivedAtNanos() - registrations.get(0).receivedAtNanos();
        assertThat(Duration.ofNanos(waited)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(this.generator.hasValidLease()).isTrue();
    }

    @Test
    void startUpFailsWithAClearMessageWhenNoLeaseArrivesInTime() {
        this.delegator.fail(Integer.MAX_VALUE, 503, null);
        this.lifecycle = lifecycle(settings(true, Duration.ofMillis(500)));
        assertThatExceptionOfType(LeaseRegistrationException.class).isThrownBy(this.lifecycle::start)
            .withMessageContaining("No worker lease from the delegator at " + this.delegator.url() + " within PT0.5S")
            .withMessageContaining("503");
        assertThat(this.lifecycle.isRunning()).isFalse();
        assertThat(this.generator.hasValidLease()).isFalse();
    }

    @Test
    void startUpFailsAtOnceWhenTheApiKeyIsRefused() {
        WorkerLeaseLifecycle refused = new WorkerLeaseLifecycle(this.generator,
                DelegatorClient.create(RestClient.builder(), this.delegator.url(), "wrong-key", Duration.ofSeconds(2),
                        Duration.ofSeconds(5)),
                settings(true, Duration.ofSeconds(60)));
        this.lifecycle = refused;
        assertThatExceptionOfType(LeaseRegistrationException.class).isThrownBy(refused::start)
            .withMessageContaining("401")
            .withMessageNotContaining("wrong-key");
    }

    @Test
    void startUpFailsAtOnceWhenTheDelegatorRefusesTheRequest() {
        this.delegator.fail(1, 400, null);
        this.lifecycle = lifecycle(settings(true, Duration.ofSeconds(60)));
        assertThatExceptionOfType(LeaseRegistrationException.class).isThrownBy(this.lifecycle::start)
            .withMessageContaining("400");
    }

    @Test
    void withoutFailOnMissingLeaseStartsAtOnceAndIssuesOnceALeaseArrives() {
        this.delegator.fail(Integer.MAX_VALUE, 503, null);
        start(settings(false, Duration.ofMillis(100)));
        assertThat(this.lifecycle.isRunning()).isTrue();
        assertThatExceptionOfType(LeaseUnavailableException.class).isThrownBy(this.generator::nextId);
        assertThat(new SnowflakeGeneratorHealthIndicator(this.generator, this.lifecycle).health().getStatus())
            .isEqualTo(Status.DOWN);
        this.delegator.heal();
        await().atMost(PATIENCE).until(this.generator::hasValidLease);
        assertThat(this.generator.nextId()).isPositive();
    }

    @Test
    void startReturnsOnlyOnceTheClockReachedNotBefore() {
        long notBefore = this.time.currentTimeMillis() + 300;
        this.delegator.notBefore(() -> notBefore);
        start(settings(true, Duration.ofSeconds(30)));
        assertThat(this.time.currentTimeMillis()).isGreaterThanOrEqualTo(notBefore);
        long id = this.generator.nextId();
        assertThat(this.generator.layout().decode(id).unixMillis()).isGreaterThanOrEqualTo(notBefore);
    }

    @Test
    void anUnexpectedFailureDoesNotEndTheLeaseChain() {
        AtomicInteger grants = new AtomicInteger();
        // The first lease starts past what the layout can encode: installing it throws.
        this.delegator.notBefore(() -> (grants.incrementAndGet() == 1) ? Long.MAX_VALUE / 2 : 1);
        start(settings(false, Duration.ofSeconds(30)));
        await().atMost(PATIENCE).until(this.generator::hasValidLease);
        assertThat(this.generator.nextId()).isPositive();
        assertThat(grants.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aRenewalAnsweredAfterTheDeadlineIsNotUsed() {
        this.delegator.ttlMillis(1_500);
        start(settings(true, Duration.ofSeconds(30)));
        // Renewals go out about 500 ms in; the deadline is 1,125 ms after registering.
        this.delegator.delayResponses(Duration.ofMillis(2_000));
        await().atMost(PATIENCE).until(() -> this.lifecycle.renewals(RenewalOutcome.LAPSED) >= 1);
        assertThat(this.lifecycle.renewals(RenewalOutcome.SUCCESS)).isZero();
        assertThat(this.delegator.requests("renew")).isNotEmpty();
        assertThatExceptionOfType(LeaseUnavailableException.class).isThrownBy(this.generator::nextId);

        this.delegator.delayResponses(Duration.ZERO);
        await().atMost(PATIENCE).until(this.generator::hasValidLease);
        assertThat(this.generator.nextId()).isPositive();
        assertThat(this.delegator.requests("register")).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void deadlineCountsFromWhenTheRequestWasSent() {
        this.delegator.delayResponses(Duration.ofMillis(400));
        start(settings(true, Duration.ofSeconds(30)));
        // 60 s ttl less the 500 ms margin, counted from before the 400 ms the answer took, not from its arrival.
        assertThat(this.generator.leaseRemaining()).isLessThanOrEqualTo(Duration.ofMillis(59_100))
            .isGreaterThan(Duration.ofSeconds(30));
    }

    private void start(LeaseSettings settings) {
        this.lifecycle = lifecycle(settings);
        this.lifecycle.start();
    }

    private WorkerLeaseLifecycle lifecycle(LeaseSettings settings) {
        return new WorkerLeaseLifecycle(this.generator, DelegatorClient.create(RestClient.builder(),
                this.delegator.url(), DelegatorStub.API_KEY, Duration.ofSeconds(2), Duration.ofSeconds(5)), settings);
    }

    private static LeaseSettings settings(boolean failOnMissingLease, Duration registrationTimeout) {
        return new LeaseSettings("test-instance", "127.0.0.1", Duration.ofMillis(500), registrationTimeout,
                failOnMissingLease, new RetryBackoff(Duration.ofMillis(20), Duration.ofMillis(200)),
                Duration.ofSeconds(5));
    }

}
