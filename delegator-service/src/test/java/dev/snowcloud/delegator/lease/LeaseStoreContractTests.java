package dev.snowcloud.delegator.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The rules every {@link LeaseStore} must follow; one subclass per store. Subclasses decide
 * how time passes: an injected clock moves, a real store's clock is waited for.
 */
abstract class LeaseStoreContractTests {

    static final Duration SKEW = Duration.ofSeconds(1);

    /** A store with a fresh, empty pool under these rules. */
    abstract LeaseStore newStore(LeaseRules rules);

    /**
     * Loses everything the last store kept (as a Redis restarted without persistence does)
     * and returns a store on the same pool location with these rules.
     */
    abstract LeaseStore loseStore(LeaseRules rules);

    /** Lets at least this much of the store's time pass. */
    abstract void passTime(Duration duration);

    /** A lease ttl short enough for tests that wait for expiry. */
    abstract Duration expiringTtl();

    /** A recovery period short enough for tests that wait for its end. */
    abstract Duration recoveryPeriod();

    LeaseRules rules(Duration ttl, Duration recovery) {
        return LeaseRules.of(ttl, SKEW, recovery);
    }

    LeaseStore store() {
        return newStore(rules(Duration.ofMinutes(5), Duration.ZERO));
    }

    LeaseStore storeOf(int size) {
        return newStore(rules(Duration.ofMinutes(5), Duration.ZERO).withPoolSize(size));
    }

    LeaseStore expiringStoreOf(int size) {
        return newStore(rules(expiringTtl(), Duration.ZERO).withPoolSize(size));
    }

    static Registration named(String name) {
        return new Registration(name, "10.0.0.1");
    }

    @Test
    void registerGrantsALeaseWithTokenTtlAndExpiry() {
        LeaseStore store = store();
        GrantedLease lease = store.register(named("orders-1"));
        assertThat(lease.workerId()).isBetween(0, 1023);
        assertThat(lease.leaseToken()).matches(LeaseTokens.SHAPE.pattern());
        assertThat(lease.ttl()).isEqualTo(Duration.ofMinutes(5));
        WorkerState state = store.worker(lease.workerId());
        assertThat(state.leased()).isTrue();
        assertThat(state.expiresAt()).isEqualTo(lease.expiresAt());
        assertThat(Duration.between(state.leasedAt(), lease.expiresAt())).isEqualTo(Duration.ofMinutes(5));
        assertThat(state.name()).isEqualTo("orders-1");
        assertThat(state.host()).isEqualTo("10.0.0.1");
        assertThat(state.notBefore()).isEqualTo(lease.notBefore());
    }

    @Test
    void freshPoolWithoutRecoveryStartsEveryIdAfterNowPlusSkew() {
        LeaseStore store = store();
        GrantedLease lease = store.register(Registration.anonymous());
        Instant grantedAt = lease.expiresAt().minus(lease.ttl());
        assertThat(lease.notBefore()).isGreaterThan(grantedAt.plus(SKEW).toEpochMilli());
        assertThat(store.pool().recovering()).isFalse();
    }

    @Test
    void registrationsGetDistinctIdsAndTokens() {
        LeaseStore store = store();
        Set<Integer> ids = new HashSet<>();
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            GrantedLease lease = store.register(Registration.anonymous());
            ids.add(lease.workerId());
            tokens.add(lease.leaseToken());
        }
        assertThat(ids).hasSize(20);
        assertThat(tokens).hasSize(20);
        assertThat(store.pool().leased()).isEqualTo(20);
        assertThat(store.pool().free()).isEqualTo(1004);
    }

    @Test
    void renewExtendsTheExpiryAndKeepsTheId() {
        LeaseStore store = store();
        GrantedLease lease = store.register(Registration.anonymous());
        passTime(Duration.ofMillis(20));
        Renewal renewal = store.renew(lease.workerId(), lease.leaseToken(), null);
        assertThat(renewal.reclaimed()).isFalse();
        assertThat(renewal.lease().workerId()).isEqualTo(lease.workerId());
        assertThat(renewal.lease().leaseToken()).isEqualTo(lease.leaseToken());
        assertThat(renewal.lease().expiresAt()).isAfter(lease.expiresAt());
        assertThat(renewal.lease().notBefore()).isEqualTo(lease.notBefore());
        assertThat(store.worker(lease.workerId()).expiresAt()).isEqualTo(renewal.lease().expiresAt());
    }

    @Test
    void renewWithAnotherTokenConflictsAndLeavesTheLeaseAlone() {
        LeaseStore store = store();
        GrantedLease lease = store.register(Registration.anonymous());
        GrantedLease other = store.register(Registration.anonymous());
        assertThatExceptionOfType(LeaseNotHeldException.class)
            .isThrownBy(() -> store.renew(lease.workerId(), other.leaseToken(), null));
        assertThatExceptionOfType(LeaseNotHeldException.class)
            .isThrownBy(() -> store.renew(lease.workerId(), "no-such-token", 1L));
        assertThat(store.worker(lease.workerId()).expiresAt()).isEqualTo(lease.expiresAt());
        assertThat(store.renew(lease.workerId(), lease.leaseToken(), null).lease().workerId())
            .isEqualTo(lease.workerId());
    }

    @Test
    void unknownTokenOnAFreeIdConflictsOutsideRecovery() {
        LeaseStore store = store();
        store.register(Registration.anonymous());
        assertThatExceptionOfType(LeaseNotHeldException.class).isThrownBy(() -> store.renew(500, "guess", null));
        assertThatExceptionOfType(LeaseNotHeldException.class).isThrownBy(() -> store.release(500, "guess", 1L));
        assertThat(store.worker(500).leased()).isFalse();
    }

    @Test
    void releaseFreesTheId() {
        LeaseStore store = store();
        GrantedLease lease = store.register(Registration.anonymous());
        store.release(lease.workerId(), lease.leaseToken(), lease.notBefore());
        assertThat(store.worker(lease.workerId()).leased()).isFalse();
        assertThat(store.pool().leased()).isZero();
    }

    @Test
    void releaseWithAnotherTokenConflictsAndKeepsTheLease() {
        LeaseStore store = store();
        GrantedLease lease = store.register(Registration.anonymous());
        assertThatExceptionOfType(LeaseNotHeldException.class)
            .isThrownBy(() -> store.release(lease.workerId(), "no-such-token", lease.notBefore()));
        assertThat(store.worker(lease.workerId()).leased()).isTrue();
    }

    @Test
    void releasedTokenCannotRenew() {
        LeaseStore store = store();
        GrantedLease lease = store.register(Registration.anonymous());
        store.release(lease.workerId(), lease.leaseToken(), lease.notBefore());
        assertThatExceptionOfType(LeaseNotHeldException.class)
            .isThrownBy(() -> store.renew(lease.workerId(), lease.leaseToken(), null));
        assertThat(store.worker(lease.workerId()).leased()).isFalse();
    }

    @Test
    void repeatedReleaseByTheSameTokenSucceeds() {
        LeaseStore store = storeOf(1);
        GrantedLease lease = store.register(Registration.anonymous());
        store.release(lease.workerId(), lease.leaseToken(), lease.notBefore());
        store.release(lease.workerId(), lease.leaseToken(), lease.notBefore());
        assertThat(store.worker(lease.workerId()).leased()).isFalse();
    }

    @Test
    void releasedTokenCannotTouchTheIdOnceItIsGrantedAgain() {
        LeaseStore store = storeOf(1);
        GrantedLease lease = store.register(Registration.anonymous());
        store.release(lease.workerId(), lease.leaseToken(), lease.notBefore());
        GrantedLease next = store.register(Registration.anonymous());
        long farFuture = next.notBefore() + Duration.ofDays(365).toMillis();
        assertThatExceptionOfType(LeaseNotHeldException.class)
                .isThrownBy(() -> store.release(lease.workerId(), lease.leaseToken(), farFuture));
        assertThat(store.worker(next.workerId()).leased()).isTrue();
        store.release(next.workerId(), next.leaseToken(), next.notBefore());
        assertThat(store.register(Registration.anonymous()).notBefore()).isEqualTo(next.notBefore() + 1);
    }

    @Test
    void idsOutsideThePoolAreUnknown() {
        LeaseStore store = store();
        GrantedLease lease = store.register(Registration.anonymous());
        for (int id : new int[] { -1, 1024, Integer.MAX_VALUE, Integer.MIN_VALUE }) {
            assertThatExceptionOfType(UnknownWorkerException.class)
                .isThrownBy(() -> store.renew(id, lease.leaseToken(), null));
            assertThatExceptionOfType(UnknownWorkerException.class)
                .isThrownBy(() -> store.release(id, lease.leaseToken(), 1L));
            assertThatExceptionOfType(UnknownWorkerException.class).isThrownBy(() -> store.worker(id));
        }
    }

    @Test
    void poolIsExhaustedAfterExactly1024Grants() {
        LeaseStore store = store();
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < 1024; i++) {
            ids.add(store.register(Registration.anonymous()).workerId());
        }
        assertThat(ids).hasSize(1024).allMatch((id) -> id >= 0 && id < 1024);
        assertThatExceptionOfType(PoolExhaustedException.class)
            .isThrownBy(() -> store.register(Registration.anonymous()))
            .satisfies((ex) -> assertThat(ex.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(5)));
        PoolStatus pool = store.pool();
        assertThat(pool.leased()).isEqualTo(1024);
        assertThat(pool.free()).isZero();
    }

    @Test
    void concurrentRegistrationsNeverShareAnId() throws Exception {
        LeaseStore store = storeOf(200);
        Set<Integer> granted = ConcurrentHashMap.newKeySet();
        AtomicInteger grants = new AtomicInteger();
        AtomicInteger exhausted = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                work.add(threads.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        try {
                            granted.add(store.register(Registration.anonymous()).workerId());
                            grants.incrementAndGet();
                        }
                        catch (PoolExhaustedException ex) {
                            exhausted.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> future : work) {
                future.get(2, TimeUnit.MINUTES);
            }
        }
        finally {
            threads.shutdownNow();
        }
        assertThat(grants).hasValue(200);
        assertThat(granted).hasSize(200);
        assertThat(exhausted).hasValue(120);
    }

    @Test
    void expiredLeaseIsGrantedAgainStartingAfterExpiryPlusSkew() {
        LeaseStore store = expiringStoreOf(1);
        GrantedLease first = store.register(Registration.anonymous());
        passTime(expiringTtl().plusMillis(50));
        GrantedLease second = store.register(Registration.anonymous());
        assertThat(second.workerId()).isEqualTo(first.workerId());
        assertThat(second.notBefore()).isGreaterThan(first.expiresAt().plus(SKEW).toEpochMilli());
        assertThatExceptionOfType(LeaseNotHeldException.class)
            .isThrownBy(() -> store.renew(first.workerId(), first.leaseToken(), null));
        assertThatExceptionOfType(LeaseNotHeldException.class)
            .isThrownBy(() -> store.release(first.workerId(), first.leaseToken(), first.notBefore()));
    }

    @Test
    void expiredLeaseIsRenewedByItsOwnTokenWhileNobodyTookTheId() {
        LeaseStore store = expiringStoreOf(2);
        GrantedLease lease = store.register(Registration.anonymous());
        passTime(expiringTtl().plusMillis(50));
        assertThat(store.worker(lease.workerId()).leased()).isFalse();
        assertThat(store.pool().leased()).isZero();
        Renewal renewal = store.renew(lease.workerId(), lease.leaseToken(), null);
        assertThat(renewal.reclaimed()).isFalse();
        assertThat(renewal.lease().workerId()).isEqualTo(lease.workerId());
        assertThat(renewal.lease().expiresAt()).isAfter(lease.expiresAt());
        assertThat(store.worker(lease.workerId()).leased()).isTrue();
        assertThat(store.register(Registration.anonymous()).workerId()).isNotEqualTo(lease.workerId());
    }

    @Test
    void expiredLeaseIsNotListedAsLeased() {
        LeaseStore store = expiringStoreOf(4);
        GrantedLease lease = store.register(named("short-lived"));
        passTime(expiringTtl().plusMillis(50));
        assertThat(store.pool().leases()).isEmpty();
        WorkerState state = store.worker(lease.workerId());
        assertThat(state.leased()).isFalse();
        assertThat(state.notBefore()).isGreaterThan(lease.expiresAt().plus(SKEW).toEpochMilli());
    }

    @Test
    void expiredLeaseIsListedAsLapsedUntilItsIdIsTakenOrReleased() {
        LeaseStore store = expiringStoreOf(2);
        GrantedLease lapsing = store.register(named("lapsing"));
        GrantedLease released = store.register(named("released"));
        passTime(expiringTtl().plusMillis(50));
        store.release(released.workerId(), released.leaseToken(), released.notBefore());
        PoolStatus pool = store.pool();
        assertThat(pool.leases()).isEmpty();
        assertThat(pool.lapsed()).singleElement().satisfies((state) -> {
            assertThat(state.workerId()).isEqualTo(lapsing.workerId());
            assertThat(state.lapsed()).isTrue();
            assertThat(state.leased()).isFalse();
            assertThat(state.name()).isEqualTo("lapsing");
            assertThat(state.host()).isEqualTo("10.0.0.1");
            assertThat(state.expiresAt()).isEqualTo(lapsing.expiresAt());
            assertThat(state.leasedAt()).isBefore(lapsing.expiresAt());
            assertThat(state.notBefore()).isEqualTo(lapsing.notBefore());
        });
        assertThat(pool.free()).isEqualTo(2);
        assertThat(pool.unclaimed()).isEqualTo(1);

        store.renew(lapsing.workerId(), lapsing.leaseToken(), null);
        assertThat(store.pool().lapsed()).isEmpty();
        assertThat(store.pool().leases()).extracting(WorkerState::workerId).containsExactly(lapsing.workerId());
    }

    @Test
    void nextHolderStartsAfterTheReleasedLastTimestamp() {
        LeaseStore store = storeOf(1);
        GrantedLease first = store.register(Registration.anonymous());
        long lastTimestamp = first.notBefore() + Duration.ofHours(1).toMillis();
        store.release(first.workerId(), first.leaseToken(), lastTimestamp);
        assertThat(store.worker(first.workerId()).notBefore()).isEqualTo(lastTimestamp + 1);
        GrantedLease second = store.register(Registration.anonymous());
        assertThat(second.workerId()).isEqualTo(first.workerId());
        assertThat(second.notBefore()).isEqualTo(lastTimestamp + 1);
    }

    @Test
    void watermarkNeverMovesBackwards() {
        LeaseStore store = storeOf(1);
        GrantedLease first = store.register(Registration.anonymous());
        store.release(first.workerId(), first.leaseToken(), 5L);
        GrantedLease second = store.register(Registration.anonymous());
        assertThat(second.notBefore()).isEqualTo(first.notBefore());
    }

    @Test
    void renewReportingALastTimestampRaisesTheWatermark() {
        LeaseStore store = storeOf(1);
        GrantedLease first = store.register(Registration.anonymous());
        long reported = first.notBefore() + Duration.ofHours(2).toMillis();
        store.renew(first.workerId(), first.leaseToken(), reported);
        store.release(first.workerId(), first.leaseToken(), first.notBefore());
        assertThat(store.register(Registration.anonymous()).notBefore()).isEqualTo(reported + 1);
    }

    @Test
    void registerTakesTheIdWhoseLastLeaseEndedLongestAgo() {
        LeaseStore store = storeOf(3);
        GrantedLease a = store.register(Registration.anonymous());
        GrantedLease b = store.register(Registration.anonymous());
        GrantedLease c = store.register(Registration.anonymous());
        store.release(b.workerId(), b.leaseToken(), b.notBefore());
        passTime(Duration.ofMillis(5));
        store.release(c.workerId(), c.leaseToken(), c.notBefore());
        passTime(Duration.ofMillis(5));
        store.release(a.workerId(), a.leaseToken(), a.notBefore());
        assertThat(store.register(Registration.anonymous()).workerId()).isEqualTo(b.workerId());
        assertThat(store.register(Registration.anonymous()).workerId()).isEqualTo(c.workerId());
        assertThat(store.register(Registration.anonymous()).workerId()).isEqualTo(a.workerId());
    }

    @Test
    void neverLeasedIdsComeBeforeRecentlyReleasedOnes() {
        LeaseStore store = storeOf(3);
        GrantedLease a = store.register(Registration.anonymous());
        store.release(a.workerId(), a.leaseToken(), a.notBefore());
        GrantedLease b = store.register(Registration.anonymous());
        GrantedLease c = store.register(Registration.anonymous());
        assertThat(Set.of(b.workerId(), c.workerId())).doesNotContain(a.workerId());
        assertThat(store.register(Registration.anonymous()).workerId()).isEqualTo(a.workerId());
    }

    @Test
    void freshPoolWithRecoveryRefusesRegistrationsUntilItEnds() {
        LeaseStore store = newStore(rules(Duration.ofMinutes(5), Duration.ofMinutes(2)));
        assertThatExceptionOfType(StoreRecoveringException.class)
            .isThrownBy(() -> store.register(Registration.anonymous()))
            .satisfies((ex) -> assertThat(ex.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(2)));
        PoolStatus pool = store.pool();
        assertThat(pool.recovering()).isTrue();
        assertThat(pool.recoveryUntil()).isNotNull();
    }

    @Test
    void afterStoreLossLiveHoldersReclaimTheirIdsBeforeRegistrationsResume() {
        LeaseStore before = newStore(rules(Duration.ofMinutes(5), Duration.ZERO));
        GrantedLease a = before.register(named("a"));
        GrantedLease b = before.register(named("b"));
        long aLast = a.notBefore() + 10;

        LeaseStore store = loseStore(rules(Duration.ofMinutes(5), recoveryPeriod()));
        assertThatExceptionOfType(StoreRecoveringException.class)
            .isThrownBy(() -> store.register(Registration.anonymous()));
        Renewal reclaimed = store.renew(a.workerId(), a.leaseToken(), aLast);
        assertThat(reclaimed.reclaimed()).isTrue();
        assertThat(reclaimed.lease().workerId()).isEqualTo(a.workerId());
        assertThat(reclaimed.lease().notBefore()).isEqualTo(aLast + 1);
        assertThat(store.renew(a.workerId(), a.leaseToken(), null).reclaimed()).isFalse();
        assertThatExceptionOfType(LeaseNotHeldException.class)
            .isThrownBy(() -> store.renew(a.workerId(), b.leaseToken(), null));
        PoolStatus recovering = store.pool();
        assertThat(recovering.recovering()).isTrue();
        assertThat(recovering.leases()).extracting(WorkerState::workerId).containsExactly(a.workerId());
        Instant recoveryUntil = recovering.recoveryUntil();

        passTime(recoveryPeriod().plusMillis(50));
        assertThat(store.pool().recovering()).isFalse();
        assertThatExceptionOfType(LeaseNotHeldException.class)
            .isThrownBy(() -> store.renew(b.workerId(), b.leaseToken(), null));
        GrantedLease next = store.register(Registration.anonymous());
        assertThat(next.workerId()).isNotEqualTo(a.workerId());
        assertThat(next.notBefore()).isGreaterThan(recoveryUntil.plus(SKEW).toEpochMilli());
    }

    @Test
    void releasedTokenCannotReclaimDuringRecovery() {
        newStore(rules(Duration.ofMinutes(5), Duration.ZERO)).register(Registration.anonymous());
        LeaseStore store = loseStore(rules(Duration.ofMinutes(5), Duration.ofMinutes(2)));
        store.renew(7, "live-holder", null);
        store.release(7, "live-holder", 100L);
        assertThatExceptionOfType(LeaseNotHeldException.class).isThrownBy(() -> store.renew(7, "live-holder", null));
        assertThat(store.renew(7, "another-live-holder", null).reclaimed()).isTrue();
    }

    @Test
    void recreatedPoolStartsEveryIdAfterRecoveryPlusSkew() {
        newStore(rules(Duration.ofMinutes(5), Duration.ZERO)).register(Registration.anonymous());
        LeaseStore store = loseStore(rules(Duration.ofMinutes(5), Duration.ofMinutes(2)));
        Instant recoveryUntil = store.pool().recoveryUntil();
        assertThat(recoveryUntil).isNotNull();
        for (int id : new int[] { 0, 511, 1023 }) {
            assertThat(store.worker(id).notBefore()).isEqualTo(recoveryUntil.plus(SKEW).toEpochMilli() + 1);
        }
    }


    // The timestamp fence: whichever way a worker ID changes hands, its next holder's notBefore
    // lies above every maxTimestamp any previous holder was given (or, after a release, above
    // the last timestamp it reported).

    @Test
    void everyLeaseAnswerCarriesItsExpiryPlusSkewAsMaxTimestamp() {
        LeaseStore store = store();
        GrantedLease lease = store.register(Registration.anonymous());
        assertThat(lease.maxTimestamp()).isEqualTo(lease.expiresAt().plus(SKEW).toEpochMilli());
        passTime(Duration.ofMillis(20));
        GrantedLease renewed = store.renew(lease.workerId(), lease.leaseToken(), null).lease();
        assertThat(renewed.maxTimestamp()).isEqualTo(renewed.expiresAt().plus(SKEW).toEpochMilli())
            .isGreaterThan(lease.maxTimestamp());
    }

    @Test
    void afterExpiryTheNextHolderStartsAboveEveryMaxTimestampThePreviousHolderWasGiven() {
        LeaseStore store = expiringStoreOf(1);
        GrantedLease first = store.register(Registration.anonymous());
        long highest = first.maxTimestamp();
        for (int i = 0; i < 3; i++) {
            passTime(Duration.ofMillis(20));
            highest = Math.max(highest, store.renew(first.workerId(), first.leaseToken(), null).lease().maxTimestamp());
        }
        passTime(expiringTtl().plusMillis(50));
        GrantedLease second = store.register(Registration.anonymous());
        assertThat(second.workerId()).isEqualTo(first.workerId());
        assertThat(second.notBefore()).isGreaterThan(highest);
    }

    @Test
    void renewingALapsedLeaseStartsItsHolderAboveItsOwnFence() {
        LeaseStore store = expiringStoreOf(1);
        GrantedLease lease = store.register(Registration.anonymous());
        passTime(expiringTtl().plusMillis(50));
        GrantedLease renewed = store.renew(lease.workerId(), lease.leaseToken(), null).lease();
        assertThat(renewed.notBefore()).isGreaterThan(lease.maxTimestamp());
        assertThat(renewed.maxTimestamp()).isGreaterThan(renewed.notBefore());
        assertThat(store.worker(lease.workerId()).notBefore()).isEqualTo(renewed.notBefore());
    }

    @Test
    void afterARenewalOfALapsedLeaseExpiresTheNextHolderStartsAboveItsNewFence() {
        LeaseStore store = expiringStoreOf(1);
        GrantedLease lease = store.register(Registration.anonymous());
        passTime(expiringTtl().plusMillis(50));
        GrantedLease renewed = store.renew(lease.workerId(), lease.leaseToken(), null).lease();
        passTime(expiringTtl().plusMillis(50));
        assertThat(store.register(Registration.anonymous()).notBefore()).isGreaterThan(renewed.maxTimestamp());
    }

    @Test
    void afterStoreLossTheNextHolderStartsAboveEveryMaxTimestampGivenBeforeTheLoss() {
        LeaseStore before = newStore(rules(expiringTtl(), Duration.ZERO).withPoolSize(1));
        GrantedLease lost = before.register(Registration.anonymous());
        passTime(Duration.ofMillis(20));
        long highest = before.renew(lost.workerId(), lost.leaseToken(), null).lease().maxTimestamp();

        LeaseStore store = loseStore(rules(expiringTtl(), recoveryPeriod()).withPoolSize(1));
        store.pool();
        passTime(recoveryPeriod().plusMillis(50));
        GrantedLease next = store.register(Registration.anonymous());
        assertThat(next.workerId()).isEqualTo(lost.workerId());
        assertThat(next.notBefore()).isGreaterThan(highest);
    }

    @Test
    void aLeaseReclaimedDuringRecoveryIsFencedLikeAnyOther() {
        newStore(rules(expiringTtl(), Duration.ZERO).withPoolSize(1)).register(Registration.anonymous());
        LeaseStore store = loseStore(rules(expiringTtl(), recoveryPeriod()).withPoolSize(1));
        Renewal reclaimed = store.renew(0, "live-holder", null);
        assertThat(reclaimed.reclaimed()).isTrue();
        assertThat(reclaimed.lease().maxTimestamp())
            .isEqualTo(reclaimed.lease().expiresAt().plus(SKEW).toEpochMilli());
        passTime(recoveryPeriod().plusMillis(50));
        GrantedLease next = store.register(Registration.anonymous());
        assertThat(next.notBefore()).isGreaterThan(reclaimed.lease().maxTimestamp());
    }

    @Test
    void aReleaseLetsTheNextHolderStartRightAfterTheReportedLastTimestamp() {
        LeaseStore store = storeOf(1);
        GrantedLease first = store.register(Registration.anonymous());
        long lastIssued = first.notBefore() + 5;
        store.release(first.workerId(), first.leaseToken(), lastIssued);
        GrantedLease second = store.register(Registration.anonymous());
        // the holder stopped and said where: its fence, a ttl ahead, does not hold the next one back
        assertThat(second.notBefore()).isEqualTo(lastIssued + 1).isLessThan(first.maxTimestamp());
    }

    // One process leasing several worker IDs registers once per ID under one name and host:
    // each grant is a lease of its own, and the listing finds them all by that name and host.

    @Test
    void oneHolderRegisteringSeveralTimesGetsDistinctLeasesEachWithItsOwnTokenAndFence() {
        LeaseStore store = store();
        Registration holder = new Registration("orders-7f9c", "10.0.0.12");
        GrantedLease other = store.register(new Registration("billing-1", "10.0.0.13"));
        List<GrantedLease> leases = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            leases.add(store.register(holder));
        }
        assertThat(leases).extracting(GrantedLease::workerId).doesNotHaveDuplicates().doesNotContain(other.workerId());
        assertThat(leases).extracting(GrantedLease::leaseToken).doesNotHaveDuplicates()
            .doesNotContain(other.leaseToken());
        for (GrantedLease lease : leases) {
            assertThat(lease.maxTimestamp()).isEqualTo(lease.expiresAt().plus(SKEW).toEpochMilli());
        }
        List<Integer> ids = leases.stream().map(GrantedLease::workerId).sorted().toList();
        PoolStatus pool = store.pool();
        assertThat(pool.leased()).isEqualTo(5);
        assertThat(pool.leasesOf(new Holder("orders-7f9c", null))).extracting(WorkerState::workerId)
            .containsExactlyElementsOf(ids);
        assertThat(pool.leasesOf(new Holder("orders-7f9c", "10.0.0.12"))).extracting(WorkerState::workerId)
            .containsExactlyElementsOf(ids);
        assertThat(pool.leasesOf(new Holder(null, "10.0.0.13"))).extracting(WorkerState::workerId)
            .containsExactly(other.workerId());
        assertThat(pool.leasesOf(new Holder("orders-7f9c", "10.0.0.13"))).isEmpty();
        assertThat(pool.leasesOf(new Holder("orders", null))).isEmpty();
    }

    @Test
    void aHolderRenewsAndReleasesEachOfItsIdsIndependently() {
        LeaseStore store = storeOf(3);
        Registration holder = named("orders-7f9c");
        GrantedLease first = store.register(holder);
        GrantedLease second = store.register(holder);
        GrantedLease third = store.register(holder);
        passTime(Duration.ofMillis(20));

        Renewal renewal = store.renew(first.workerId(), first.leaseToken(), first.notBefore() + 3);
        assertThat(renewal.lease().expiresAt()).isAfter(first.expiresAt());
        assertThat(store.worker(second.workerId()).expiresAt()).isEqualTo(second.expiresAt());
        assertThat(store.worker(third.workerId()).expiresAt()).isEqualTo(third.expiresAt());
        assertThatExceptionOfType(LeaseNotHeldException.class)
            .isThrownBy(() -> store.renew(second.workerId(), first.leaseToken(), null));
        assertThatExceptionOfType(LeaseNotHeldException.class)
            .isThrownBy(() -> store.release(third.workerId(), second.leaseToken(), third.notBefore()));

        long lastIssued = second.notBefore() + 1000;
        store.release(second.workerId(), second.leaseToken(), lastIssued);
        assertThat(store.pool().leasesOf(new Holder("orders-7f9c", null))).extracting(WorkerState::workerId)
            .containsExactlyInAnyOrder(first.workerId(), third.workerId());
        assertThat(store.renew(third.workerId(), third.leaseToken(), null).lease().notBefore())
            .isEqualTo(third.notBefore());

        GrantedLease again = store.register(holder);
        assertThat(again.workerId()).isEqualTo(second.workerId());
        assertThat(again.leaseToken()).isNotEqualTo(second.leaseToken());
        assertThat(again.notBefore()).isEqualTo(lastIssued + 1);
        assertThat(store.pool().leasesOf(new Holder("orders-7f9c", null))).hasSize(3);
    }

    @Test
    void aHolderAskingForMoreIdsThanAreFreeGetsWhatIsLeftAndThenPoolExhausted() {
        LeaseStore store = storeOf(3);
        store.register(named("billing-1"));
        Registration holder = named("orders-7f9c");
        store.register(holder);
        store.register(holder);
        assertThatExceptionOfType(PoolExhaustedException.class).isThrownBy(() -> store.register(holder));
        assertThat(store.pool().leasesOf(new Holder("orders-7f9c", null))).hasSize(2);
    }

    @Test
    void aHoldersLapsedLeasesAreFoundByItsNameUntilRenewed() {
        LeaseStore store = expiringStoreOf(3);
        GrantedLease lapsing = store.register(named("orders-7f9c"));
        GrantedLease othersLapsing = store.register(named("billing-1"));
        passTime(expiringTtl().plusMillis(50));
        PoolStatus pool = store.pool();
        assertThat(pool.leasesOf(new Holder("orders-7f9c", null))).isEmpty();
        assertThat(pool.lapsedOf(new Holder("orders-7f9c", null))).extracting(WorkerState::workerId)
            .containsExactly(lapsing.workerId());
        assertThat(pool.lapsedOf(new Holder("billing-1", "10.0.0.1"))).extracting(WorkerState::workerId)
            .containsExactly(othersLapsing.workerId());
        store.renew(lapsing.workerId(), lapsing.leaseToken(), null);
        assertThat(store.pool().leasesOf(new Holder("orders-7f9c", null))).extracting(WorkerState::workerId)
            .containsExactly(lapsing.workerId());
        assertThat(store.pool().lapsedOf(new Holder("orders-7f9c", null))).isEmpty();
    }

}
