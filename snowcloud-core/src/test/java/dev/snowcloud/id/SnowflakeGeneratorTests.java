package dev.snowcloud.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class SnowflakeGeneratorTests {

    private static final int WORKER = 42;

    private final ManualTimeSource clock = new ManualTimeSource();

    private final SnowflakeGenerator generator = SnowflakeGenerator.builder().timeSource(clock).build();

    @Test
    void idCarriesTheWallClockMillisecondTheLeasedWorkerAndSequenceZero() {
        generator.installLease(WorkerLease.fixed(WORKER));

        SnowflakeId id = generator.layout().decode(generator.nextId());

        assertThat(id.unixMillis()).isEqualTo(ManualTimeSource.DEFAULT_START.toEpochMilli());
        assertThat(id.workerId()).isEqualTo(WORKER);
        assertThat(id.sequence()).isZero();
    }

    @Test
    void idsWithinAMillisecondCountUpTheSequenceAndANewMillisecondStartsAtZero() {
        generator.installLease(WorkerLease.fixed(WORKER));

        long first = generator.nextId();
        long second = generator.nextId();
        long third = generator.nextId();
        clock.advance(Duration.ofMillis(1));
        long fourth = generator.nextId();

        assertThat(second).isEqualTo(first + 1);
        assertThat(third).isEqualTo(first + 2);
        SnowflakeId next = generator.layout().decode(fourth);
        assertThat(next.sequence()).isZero();
        assertThat(next.unixMillis()).isEqualTo(generator.layout().decode(first).unixMillis() + 1);
    }

    @Test
    void batchFillsOnlyTheAskedRangeOfTheCallersArrayWithConsecutiveIds() {
        generator.installLease(WorkerLease.fixed(WORKER));
        long before = generator.nextId();
        long[] target = new long[20];

        generator.nextIds(target, 5, 10);

        for (int i = 0; i < 10; i++) {
            assertThat(target[5 + i]).isEqualTo(before + 1 + i);
        }
        assertThat(target).startsWith(0, 0, 0, 0, 0).endsWith(0, 0, 0, 0, 0);
        assertThat(generator.nextId()).isEqualTo(before + 11);
        assertThat(generator.generatedCount()).isEqualTo(12);
    }

    @Test
    void batchIntoANewArrayGivesIncreasingIdsUnderTheLeasedWorker() {
        generator.installLease(WorkerLease.fixed(WORKER));

        long[] ids = generator.nextIds(3_000);

        assertThat(ids).hasSize(3_000).isSorted().doesNotHaveDuplicates();
        assertThat(generator.layout().decode(ids[2_999]).workerId()).isEqualTo(WORKER);
        assertThat(generator.generatedCount()).isEqualTo(3_000);
    }

    @Test
    void batchOfZeroIssuesNothingAndBadRangesAreRefusedBeforeIssuing() {
        generator.installLease(WorkerLease.fixed(WORKER));

        assertThat(generator.nextIds(0)).isEmpty();
        generator.nextIds(new long[4], 4, 0);
        assertThatIllegalArgumentException().isThrownBy(() -> generator.nextIds(-1));
        assertThatExceptionOfType(IndexOutOfBoundsException.class)
            .isThrownBy(() -> generator.nextIds(new long[4], 2, 3));
        assertThatExceptionOfType(IndexOutOfBoundsException.class)
            .isThrownBy(() -> generator.nextIds(new long[4], -1, 1));
        assertThatNullPointerException().isThrownBy(() -> generator.nextIds(null, 0, 1));

        assertThat(generator.generatedCount()).isZero();
    }

    @Test
    void lastTimestampFollowsTheIssuedIds() {
        generator.installLease(WorkerLease.fixed(WORKER));
        generator.nextId();
        clock.advance(Duration.ofMillis(7));
        long id = generator.nextId();

        assertThat(generator.lastTimestamp()).isEqualTo(generator.layout().decode(id).unixMillis());
    }

    @Test
    void customEpochShiftsEveryTimestamp() {
        SnowflakeLayout layout = new SnowflakeLayout(Instant.parse("2026-01-01T00:00:00Z"));
        SnowflakeGenerator custom = SnowflakeGenerator.builder().layout(layout).timeSource(clock).build();
        custom.installLease(WorkerLease.fixed(WORKER));

        long id = custom.nextId();

        assertThat(id >>> 22).isEqualTo(clock.peekWallMillis() - layout.epochMillis());
        assertThat(layout.decode(id).unixMillis()).isEqualTo(clock.peekWallMillis());
    }

    @Test
    void lastMillisecondOfTheLayoutIsIssuedAndTheNextIsRefusedRatherThanTurningNegative() {
        ManualTimeSource late = new ManualTimeSource(0, Instant.ofEpochMilli(SnowflakeLayout.MAX_TIMESTAMP - 1));
        SnowflakeGenerator generator = SnowflakeGenerator.builder()
            .layout(new SnowflakeLayout(Instant.EPOCH))
            .timeSource(late)
            .build();
        generator.installLease(WorkerLease.fixed(1023));
        generator.nextId();
        late.advance(Duration.ofMillis(1));

        long last = generator.nextId();
        long[] rest = generator.nextIds(4_095);
        late.advance(Duration.ofMillis(1));

        assertThat(last).isPositive();
        assertThat(rest[4_094]).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(generator::nextId).isInstanceOf(TimestampOutOfRangeException.class)
            .hasMessageContaining("lies past 2039-09-07T15:47:35.551Z");
        assertThat(generator.generatedCount()).isEqualTo(4_097);
    }

    @Test
    void fixedWorkerIdNeverExpires() {
        generator.installLease(WorkerLease.fixed(WORKER));
        generator.nextId();

        clock.advance(Duration.ofDays(365L * 30));

        assertThat(generator.hasValidLease()).isTrue();
        assertThat(generator.leaseRemaining()).isEqualTo(SnowflakeGenerator.FOREVER);
        assertThat(generator.layout().decode(generator.nextId()).workerId()).isEqualTo(WORKER);
    }

    @Test
    void fixedWorkerLeaseIsValidAtEveryMonotonicInstant() {
        WorkerLease fixed = WorkerLease.fixed(5);

        assertThat(fixed.isValidAt(Long.MIN_VALUE)).isTrue();
        assertThat(fixed.isValidAt(Long.MAX_VALUE)).isTrue();
        assertThat(fixed.remainingNanos(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void fixedWorkerIdGeneratorIssuesFromTheSystemClocks() {
        long before = System.currentTimeMillis();
        SnowflakeGenerator system = SnowflakeGenerator.withFixedWorkerId(7);

        SnowflakeId id = system.layout().decode(system.nextId());

        long after = System.currentTimeMillis();
        assertThat(id.workerId()).isEqualTo(7);
        // Generous bounds: only a wall clock stepped during the test could leave them.
        assertThat(id.unixMillis()).isBetween(before - 5_000, after + 5_000);
        assertThat(system.timeSource()).isSameAs(TimeSource.system());
        assertThat(system.lease()).contains(WorkerLease.fixed(7));
    }

    @Test
    void builderRefusesNegativeDurationsAndMissingParts() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> SnowflakeGenerator.builder().maxBackwardWait(Duration.ofMillis(-1)))
            .withMessageContaining("maxBackwardWait");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> SnowflakeGenerator.builder().wallClockResync(Duration.ofMillis(-1)))
            .withMessageContaining("wallClockResync");
        assertThatNullPointerException().isThrownBy(() -> SnowflakeGenerator.builder().timeSource(null));
        assertThatNullPointerException().isThrownBy(() -> SnowflakeGenerator.builder().layout(null));
    }

    @Test
    void workerLeaseRefusesAWorkerIdOutside0To1023() {
        assertThatIllegalArgumentException().isThrownBy(() -> WorkerLease.fixed(1024));
        assertThatIllegalArgumentException().isThrownBy(() -> WorkerLease.until(-1, 0, Long.MAX_VALUE, 0));
    }

}
