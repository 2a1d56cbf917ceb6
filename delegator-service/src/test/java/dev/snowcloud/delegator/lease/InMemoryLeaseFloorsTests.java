package dev.snowcloud.delegator.lease;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.snowcloud.delegator.lease.memory.InMemoryLeaseStore;
import dev.snowcloud.delegator.lease.memory.LeaseFloors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The in-memory store with a data directory: a first start serves at once, a restart knows
 * what it granted. Each "restart" is a new store on the same directory.
 */
class InMemoryLeaseFloorsTests {

    private static final Duration TTL = Duration.ofSeconds(60);

    private static final Duration SKEW = Duration.ofSeconds(1);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T16:00:00Z"));

    @TempDir
    Path dataDir;

    private @Nullable InMemoryLeaseStore running;

    /** Starts a store on the data directory, after stopping the one started before (a restart). */
    private InMemoryLeaseStore start() {
        if (this.running != null) {
            this.running.close();
        }
        this.running = another();
        return this.running;
    }

    /** A store on the same data directory, leaving the running one running. */
    private InMemoryLeaseStore another() {
        return new InMemoryLeaseStore(LeaseRules.of(TTL, SKEW, TTL).withPoolSize(2), this.clock,
                new LeaseFloors(this.dataDir));
    }

    @AfterEach
    void stop() {
        if (this.running != null) {
            this.running.close();
        }
    }

    @Test
    void aFirstStartServesAtOnceAndItsFirstHolderNeedNotWait() {
        InMemoryLeaseStore store = start();
        assertThat(store.pool().recovering()).isFalse();
        GrantedLease lease = store.register(Registration.anonymous());
        assertThat(lease.notBefore()).isLessThanOrEqualTo(this.clock.millis() + 1);
        assertThat(this.dataDir.resolve(LeaseFloors.FILE_NAME)).exists();
    }

    @Test
    void aRestartWhileALeaseIsLiveRecoversUntilItExpiresAndStartsTheIdAboveItsFence() {
        GrantedLease live = start().register(Registration.anonymous());
        this.clock.advance(Duration.ofSeconds(5));
        InMemoryLeaseStore restarted = start();
        PoolStatus pool = restarted.pool();
        assertThat(pool.recoveryUntil()).isEqualTo(live.expiresAt());
        assertThatExceptionOfType(StoreRecoveringException.class)
            .isThrownBy(() -> restarted.register(Registration.anonymous()));
        assertThat(restarted.worker(live.workerId()).notBefore()).isGreaterThan(live.maxTimestamp());
        // its holder keeps it by renewing
        assertThat(restarted.renew(live.workerId(), live.leaseToken(), live.notBefore()).reclaimed()).isTrue();
    }

    @Test
    void aRestartAfterAnExpiryStartsTheIdAboveEveryFenceItsHolderWasGiven() {
        InMemoryLeaseStore store = start();
        GrantedLease lease = store.register(Registration.anonymous());
        this.clock.advance(Duration.ofSeconds(10));
        GrantedLease renewed = store.renew(lease.workerId(), lease.leaseToken(), null).lease();
        this.clock.advance(TTL.plusSeconds(1));
        InMemoryLeaseStore restarted = start();
        assertThat(restarted.pool().recovering()).isFalse();
        assertThat(restarted.worker(lease.workerId()).notBefore()).isGreaterThan(renewed.maxTimestamp());
    }

    @Test
    void aRestartAfterEveryLeaseWasReleasedServesAtOnceFromTheReportedTimestamps() {
        InMemoryLeaseStore store = start();
        GrantedLease lease = store.register(Registration.anonymous());
        long lastIssued = this.clock.millis() + 3;
        store.release(lease.workerId(), lease.leaseToken(), lastIssued);
        InMemoryLeaseStore restarted = start();
        assertThat(restarted.pool().recovering()).isFalse();
        assertThat(restarted.worker(lease.workerId()).notBefore()).isEqualTo(lastIssued + 1);
        GrantedLease next = restarted.register(Registration.anonymous());
        assertThat(next.notBefore()).isLessThanOrEqualTo(Math.max(lastIssued, this.clock.millis()) + 1);
    }

    @Test
    void aSecondRestartDuringRecoveryStillWaitsForTheLeasesFromBeforeTheFirst() {
        InMemoryLeaseStore store = start();
        GrantedLease first = store.register(Registration.anonymous());
        GrantedLease second = store.register(Registration.anonymous());
        this.clock.advance(Duration.ofSeconds(5));
        InMemoryLeaseStore restarted = start();
        // the second holder re-claims its ID and stops; the first one has not renewed yet
        restarted.renew(second.workerId(), second.leaseToken(), second.notBefore());
        restarted.release(second.workerId(), second.leaseToken(), second.notBefore());
        this.clock.advance(Duration.ofSeconds(5));

        InMemoryLeaseStore again = start();

        assertThat(again.pool().recoveryUntil()).isEqualTo(first.expiresAt());
        assertThatExceptionOfType(StoreRecoveringException.class)
            .isThrownBy(() -> again.register(Registration.anonymous()));
        assertThat(again.renew(first.workerId(), first.leaseToken(), first.notBefore()).reclaimed()).isTrue();
    }

    @Test
    void aSecondStoreOnTheSameDataDirectoryRefusesToStartWhileTheFirstRuns() {
        InMemoryLeaseStore store = start();
        store.register(Registration.anonymous());
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(this::another)
            .withMessageContaining("another delegator uses the data directory");
        // the first one still serves and writes
        store.register(Registration.anonymous());
    }

    @Test
    void twoStoresOnAnEmptyDataDirectoryGrantFromOnlyTheFirstToWrite() {
        InMemoryLeaseStore first = start();
        InMemoryLeaseStore second = another();
        try {
            first.register(Registration.anonymous());
            assertThatExceptionOfType(StoreUnavailableException.class)
                .isThrownBy(() -> second.register(Registration.anonymous()))
                .withMessageContaining("another delegator uses the data directory");
        }
        finally {
            second.close();
        }
    }

    @Test
    void aStoreThatNeverGrantedLeavesItsDataDirectoryEmpty() throws IOException {
        InMemoryLeaseStore store = start();
        assertThat(store.pool().recovering()).isFalse();
        store.close();
        try (Stream<Path> files = Files.list(this.dataDir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aFloorsFileThatCannotBeUnderstoodStopsTheStoreRatherThanStartingFromNothing() throws IOException {
        Files.writeString(this.dataDir.resolve(LeaseFloors.FILE_NAME), "latestExpiry=12\nfloor.x=3\n");
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(this::start)
            .withMessageContaining("floor.x=3");
    }

    @Test
    void withoutADataDirectoryEveryStartIsAStoreLoss() {
        InMemoryLeaseStore store = new InMemoryLeaseStore(LeaseRules.of(TTL, SKEW, TTL), this.clock);
        assertThat(store.pool().recovering()).isTrue();
    }

}
