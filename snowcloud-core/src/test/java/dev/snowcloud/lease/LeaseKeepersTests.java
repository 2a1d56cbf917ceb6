package dev.snowcloud.lease;

import java.time.Duration;
import java.util.Optional;

import dev.snowcloud.id.SnowflakeGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link LeaseKeepers}: one keeper per slot of a generator with several worker IDs, each
 * lease registered, renewed, lost and released on its own.
 */
@Timeout(30)
class LeaseKeepersTests {

    private static final long TTL = 60_000;

    private final ManualClock clock = new ManualClock();

    private final SnowflakeGenerator generator = SnowflakeGenerator.builder().timeSource(this.clock).workers(3).build();

    private final FakeDelegator delegator = new FakeDelegator(this.clock).ttlMillis(TTL);

    private final LeaseKeepers keepers = LeaseKeepers.forEachSlot(LeaseKeeper.builder(this.generator, this.delegator)
        .instanceName("orders-1")
        .host("127.0.0.1")
        .backoff(new RetryBackoff(Duration.ofMillis(20), Duration.ofMillis(200)))
        .scheduler(this.clock));

    @AfterEach
    void stop() {
        this.keepers.stop();
    }

    @Test
    void registersOneLeasePerSlotAndIssuesFromAllOfThem() {
        start();
        assertThat(this.keepers.keepers()).extracting(LeaseKeeper::slot).containsExactly(0, 1, 2);
        assertThat(this.keepers.workerIds()).containsExactly(Optional.of(7), Optional.of(8), Optional.of(9));
        assertThat(this.delegator.calls("register")).hasSize(3);
        long[] ids = this.generator.nextIds(3 * 4096);
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(this.generator.layout().decode(ids[0]).workerId()).isEqualTo(7);
        assertThat(this.generator.layout().decode(ids[ids.length - 1]).workerId()).isEqualTo(9);
        assertThat(this.keepers.toString()).contains("3 × LeaseKeeper[orders-1 slot 0");
    }

    @Test
    void eachSlotRenewsItsOwnLeaseReportingItsOwnLastTimestamp() {
        start();
        this.generator.nextId();
        this.clock.advance(Duration.ofMillis(5));
        this.generator.nextIds(4097);
        this.clock.runFor(Duration.ofMillis(TTL / 3));
        assertThat(this.delegator.calls("renew")).extracting(FakeDelegator.Call::workerId)
            .containsExactlyInAnyOrder(7, 8, 9);
        long lastOfSeven = this.delegator.calls("renew").stream().filter((call) -> call.workerId() == 7)
            .findFirst().orElseThrow().lastTimestamp();
        long lastOfNine = this.delegator.calls("renew").stream().filter((call) -> call.workerId() == 9)
            .findFirst().orElseThrow().lastTimestamp();
        assertThat(lastOfSeven).isEqualTo(this.generator.lastTimestamp(0));
        assertThat(lastOfNine).isLessThan(lastOfSeven);
        assertThat(this.keepers.renewals(RenewalOutcome.SUCCESS)).isEqualTo(3);
    }

    @Test
    void aLostLeaseIsReplacedWhileTheOtherSlotsKeepIssuing() {
        start();
        this.delegator.giveToSomeoneElse(8);
        this.clock.runFor(Duration.ofMillis(TTL / 3));
        assertThat(this.keepers.keeper(1).renewals(RenewalOutcome.CONFLICT)).isEqualTo(1);
        assertThat(this.keepers.keeper(0).renewals(RenewalOutcome.CONFLICT)).isZero();
        assertThat(this.keepers.workerIds()).containsExactly(Optional.of(7), Optional.of(10), Optional.of(9));
        assertThat(this.generator.lease(1)).get().extracting((lease) -> lease.workerId()).isEqualTo(10);
        assertThat(this.generator.hasValidLease(0)).isTrue();
    }

    @Test
    void stopReleasesEveryLease() {
        start();
        this.generator.nextIds(5000);
        this.keepers.stop();
        assertThat(this.keepers.isRunning()).isFalse();
        assertThat(this.delegator.calls("release")).extracting(FakeDelegator.Call::workerId)
            .containsExactlyInAnyOrder(7, 8, 9);
        assertThat(this.generator.hasValidLease()).isFalse();
    }

    @Test
    void awaitingFailsNamingTheSlotWhoseLeaseDidNotArrive() {
        this.delegator.onRegister(() -> this.delegator.grant(7, "token-a"));
        this.delegator.onRegister(() -> {
            throw new DelegatorUnavailableException("pool exhausted", 503, null);
        });
        this.keepers.keeper(0).start();
        this.keepers.keeper(1).start();
        this.clock.runDue();
        assertThatExceptionOfType(LeaseRegistrationException.class)
            .isThrownBy(() -> this.keepers.awaitLeases(Duration.ofMillis(1)))
            .withMessageContaining("for worker ID 2 of 3")
            .withMessageContaining("within PT0.001S");
    }

    @Test
    void awaitingWaitsForALeaseThatArrivesAfterTheOthers() throws Exception {
        this.keepers.keeper(0).start();
        this.keepers.keeper(2).start();
        this.clock.runDue();
        this.keepers.keeper(1).start();
        assertThat(this.keepers.isRunning()).isTrue();
        Thread late = new Thread(() -> {
            try {
                Thread.sleep(100);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            this.clock.runDue();
        });
        late.start();
        this.keepers.awaitLeases(Duration.ofSeconds(20));
        late.join();
        assertThat(this.generator.hasValidLease(1)).isTrue();
    }

    @Test
    void closingStopsEveryKeeper() {
        try (LeaseKeepers closing = this.keepers) {
            start();
        }
        assertThat(this.keepers.isRunning()).isFalse();
        assertThat(this.delegator.calls("release")).hasSize(3);
    }

    private void start() {
        this.keepers.start();
        this.clock.runDue();
        this.keepers.awaitLeases(Duration.ofSeconds(1));
    }

}
