package dev.snowcloud.id;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a renewal narrows the held lease, so the generator must fence its state before
 * taking it ({@link WorkerLease#narrows}): each of the three limits, at its boundary.
 */
class WorkerLeaseNarrowingTests {

    private static final long NOT_BEFORE = 1_000;

    private static final long MAX_TIMESTAMP = 9_000;

    private static final long DEADLINE = 5_000_000_000L;

    private final WorkerLease held = WorkerLease.until(3, NOT_BEFORE, MAX_TIMESTAMP, DEADLINE);

    @Test
    void theSameLimitsDoNotNarrow() {
        assertThat(WorkerLease.until(3, NOT_BEFORE, MAX_TIMESTAMP, DEADLINE).narrows(this.held)).isFalse();
    }

    @Test
    void aLaterNotBeforeNarrowsAnEarlierOneDoesNot() {
        assertThat(WorkerLease.until(3, NOT_BEFORE + 1, MAX_TIMESTAMP, DEADLINE).narrows(this.held)).isTrue();
        assertThat(WorkerLease.until(3, NOT_BEFORE - 1, MAX_TIMESTAMP, DEADLINE).narrows(this.held)).isFalse();
    }

    @Test
    void aLowerFenceNarrowsAHigherOneDoesNot() {
        assertThat(WorkerLease.until(3, NOT_BEFORE, MAX_TIMESTAMP - 1, DEADLINE).narrows(this.held)).isTrue();
        assertThat(WorkerLease.until(3, NOT_BEFORE, MAX_TIMESTAMP + 1, DEADLINE).narrows(this.held)).isFalse();
    }

    @Test
    void anEarlierDeadlineNarrowsALaterOneDoesNot() {
        assertThat(WorkerLease.until(3, NOT_BEFORE, MAX_TIMESTAMP, DEADLINE - 1).narrows(this.held)).isTrue();
        assertThat(WorkerLease.until(3, NOT_BEFORE, MAX_TIMESTAMP, DEADLINE + 1).narrows(this.held)).isFalse();
    }

    @Test
    void deadlinesCompareAcrossTheWrapOfTheMonotonicClock() {
        WorkerLease nearTheWrap = WorkerLease.until(3, NOT_BEFORE, MAX_TIMESTAMP, Long.MAX_VALUE - 10);
        // Twenty nanoseconds later, past the wrap: later, not earlier.
        assertThat(WorkerLease.until(3, NOT_BEFORE, MAX_TIMESTAMP, Long.MIN_VALUE + 9).narrows(nearTheWrap)).isFalse();
        assertThat(nearTheWrap.narrows(WorkerLease.until(3, NOT_BEFORE, MAX_TIMESTAMP, Long.MIN_VALUE + 9))).isTrue();
    }

    @Test
    void anExpiringLeaseNarrowsAFixedOneAndAFixedOneNarrowsNothingByItsDeadline() {
        WorkerLease fixed = new WorkerLease(3, NOT_BEFORE, MAX_TIMESTAMP, 0, false);
        assertThat(this.held.narrows(fixed)).isTrue();
        assertThat(fixed.narrows(this.held)).isFalse();
        assertThat(fixed.narrows(new WorkerLease(3, NOT_BEFORE, MAX_TIMESTAMP, DEADLINE, false))).isFalse();
    }

}
