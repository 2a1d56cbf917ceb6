package dev.snowcloud.lease;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import dev.snowcloud.id.SnowflakeGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link LeaseKeeper} tells an operator through {@code System.Logger} (here backed by
 * {@code java.util.logging}): a retry loop logs its first failure and every tenth, not each
 * retry, and a warning names what went wrong.
 */
@Timeout(30)
class LeaseKeeperLoggingTests {

    private final Logger julLogger = Logger.getLogger(LeaseKeeper.class.getName());

    private final List<String> logged = new CopyOnWriteArrayList<>();

    private final Handler recorder = new Handler() {

        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            LeaseKeeperLoggingTests.this.logged.add(record.getLevel() + " " + this.formatter.formatMessage(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

    };

    private final ManualClock clock = new ManualClock();

    private final SnowflakeGenerator generator = SnowflakeGenerator.builder().timeSource(this.clock).build();

    private final FakeDelegator delegator = new FakeDelegator(this.clock).ttlMillis(60_000);

    private LeaseKeeper keeper = keeper(new RetryBackoff(Duration.ofMillis(1), Duration.ofMillis(1)));

    @BeforeEach
    void record() {
        this.julLogger.addHandler(this.recorder);
    }

    @AfterEach
    void stop() {
        this.keeper.stop();
        this.julLogger.removeHandler(this.recorder);
    }

    @Test
    void failedRegistrationsAreLoggedAtTheFirstAndEveryTenthAttempt() {
        for (int i = 0; i < 12; i++) {
            this.delegator.onRegister(() -> {
                throw new DelegatorUnavailableException("pool exhausted", 503, null);
            });
        }
        this.keeper.start();
        this.clock.runDue();
        for (int i = 0; i < 12; i++) {
            this.clock.runNext();
        }
        assertThat(this.keeper.workerId()).contains(7);
        assertThat(logged("WARNING No lease from the delegator")).satisfiesExactly(
                (line) -> assertThat(line).startsWith("WARNING No lease from the delegator (attempt 1), retrying in ")
                    .endsWith(" ms: pool exhausted"),
                (line) -> assertThat(line).startsWith("WARNING No lease from the delegator (attempt 11), retrying in ")
                    .endsWith(" ms: pool exhausted"));
    }

    @Test
    void aRefusedRegistrationIsLoggedAsRefusedEachTime() {
        this.delegator.onRegister(() -> {
            throw new DelegatorRefusedException("The delegator answered 401 to register", 401);
        });
        this.delegator.onRegister(() -> {
            throw new DelegatorRefusedException("The delegator answered 401 to register", 401);
        });
        this.keeper.start();
        this.clock.runDue();
        this.clock.runNext();
        assertThat(logged("WARNING")).containsExactly(
                "WARNING The delegator refused to register this instance: The delegator answered 401 to register",
                "WARNING The delegator refused to register this instance: The delegator answered 401 to register");
    }

    @Test
    void failedRenewalsAreLoggedAtTheFirstAndEveryTenthAttemptAndTheirEndOnce() {
        start();
        for (int i = 0; i < 12; i++) {
            this.delegator.onRenew(() -> {
                throw new DelegatorUnavailableException("Redis down", 503, null);
            });
        }
        for (int i = 0; i < 13; i++) {
            this.clock.runNext();
        }
        assertThat(this.keeper.renewals(RenewalOutcome.FAILURE)).isEqualTo(12);
        assertThat(this.keeper.renewals(RenewalOutcome.SUCCESS)).isEqualTo(1);
        assertThat(logged("WARNING Could not renew")).hasSize(2).allSatisfy((line) -> assertThat(line)
            .startsWith("WARNING Could not renew the lease on worker 7, ").endsWith(" ms: Redis down"));
        assertThat(logged("INFO Renewed")).containsExactly(
                "INFO Renewed the lease on worker 7 after 12 failed attempts");
        // A renewal that follows a successful one is not news.
        this.clock.runNext();
        assertThat(this.keeper.renewals(RenewalOutcome.SUCCESS)).isEqualTo(2);
        assertThat(logged("INFO Renewed")).hasSize(1);
    }

    @Test
    void aLeaseThatLapsesWhileRenewalsFailSaysWhyTheyFailed() {
        this.keeper.stop();
        this.keeper = keeper(new RetryBackoff(Duration.ofMinutes(10), Duration.ofMinutes(20)));
        start();
        for (int i = 0; i < 100; i++) {
            this.delegator.onRenew(() -> {
                throw new DelegatorUnavailableException("Redis down", 503, null);
            });
        }
        while (this.keeper.renewals(RenewalOutcome.LAPSED) == 0) {
            this.clock.runNext();
        }
        assertThat(logged("WARNING The lease on worker 7")).containsExactly(
                "WARNING The lease on worker 7 passed its deadline before it was renewed (Redis down);"
                        + " IDs are refused until a new lease is granted");
    }

    private List<String> logged(String prefix) {
        return this.logged.stream().filter((line) -> line.startsWith(prefix)).toList();
    }

    private void start() {
        this.keeper.start();
        this.clock.runDue();
    }

    private LeaseKeeper keeper(RetryBackoff backoff) {
        return LeaseKeeper.builder(this.generator, this.delegator)
            .instanceName("test-instance")
            .host("127.0.0.1")
            .scheduler(this.clock)
            .backoff(backoff)
            .build();
    }

}
