package dev.snowcloud.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A wall clock stepped backwards never makes the generator repeat or decrease an ID:
 * it continues from the last timestamp while sequence numbers last, then waits, and
 * refuses once the wait would exceed {@code maxBackwardWait}.
 */
class ClockBackwardsTests {

    private static final int WORKER = 77;

    private final ManualTimeSource clock = new ManualTimeSource();

    private final BackgroundCaller background = new BackgroundCaller();

    @AfterEach
    void stopBackgroundCalls() {
        background.close();
    }

    @ParameterizedTest(name = "step back {0} ms")
    @CsvSource({ "1, 0", "2, 1", "500, 1", "1000, 1" })
    void stepWithinTheMaxWaitContinuesFromTheLastTimestampThenWaitsForTheClock(long stepMillis,
            long countedSteps) throws Exception {
        SnowflakeGenerator generator = generator(Duration.ZERO, Duration.ofSeconds(1));
        long before = generator.nextId();
        long timestamp = timestampOf(generator, before);

        clock.stepWallClock(Duration.ofMillis(-stepMillis));
        long continued = generator.nextId();
        long[] rest = generator.nextIds(4_094);
        Future<Long> waiting = background.call(generator::nextId);
        BackgroundCaller.awaitReads(clock::nanoReads, clock.nanoReads(), 2);

        assertThat(continued).isEqualTo(before + 1);
        assertThat(timestampOf(generator, rest[4_093])).isEqualTo(timestamp);
        assertThat(generator.layout().decode(rest[4_093]).sequence()).isEqualTo(4_095);
        assertThat(waiting).as("an ID while the clock still stands behind the last timestamp").isNotDone();
        clock.advance(Duration.ofMillis(stepMillis + 1));
        long resumed = BackgroundCaller.result(waiting);
        assertThat(resumed).isGreaterThan(rest[4_093]);
        assertThat(timestampOf(generator, resumed)).isEqualTo(timestamp + 1);
        assertThat(generator.clockBackwardsCount()).isEqualTo(countedSteps);
        assertThat(generator.clockBackwardsRefusedCount()).isZero();
    }

    @Test
    void stepBeyondTheMaxWaitIsRefusedOnceTheLastMillisecondsSequenceIsSpent() {
        SnowflakeGenerator generator = generator(Duration.ZERO, Duration.ofSeconds(1));
        long before = generator.nextId();

        clock.stepWallClock(Duration.ofSeconds(-5));
        long[] continued = generator.nextIds(4_095);

        assertThat(continued[0]).isEqualTo(before + 1);
        assertThat(timestampOf(generator, continued[4_094])).isEqualTo(timestampOf(generator, before));
        assertThatExceptionOfType(ClockMovedBackwardsException.class).isThrownBy(generator::nextId)
            .withMessageContaining("5000 ms behind")
            .withMessageContaining("1000 ms")
            .satisfies(e -> assertThat(e.behindMillis()).isEqualTo(5_000));
        assertThatExceptionOfType(ClockMovedBackwardsException.class).isThrownBy(() -> generator.nextIds(10));
        assertThat(generator.clockBackwardsCount()).isEqualTo(1);
        assertThat(generator.clockBackwardsRefusedCount()).isEqualTo(2);
        assertThat(generator.generatedCount()).isEqualTo(4_096);
    }

    @Test
    void issuingResumesAboveTheLastIdOnceTheClockPassesTheLastTimestamp() {
        SnowflakeGenerator generator = generator(Duration.ZERO, Duration.ofSeconds(1));
        generator.nextId();
        clock.stepWallClock(Duration.ofSeconds(-5));
        long last = generator.nextIds(4_095)[4_094];
        assertThatExceptionOfType(ClockMovedBackwardsException.class).isThrownBy(generator::nextId);

        clock.advance(Duration.ofMillis(3_999));
        assertThatExceptionOfType(ClockMovedBackwardsException.class).isThrownBy(generator::nextId)
            .satisfies(e -> assertThat(e.behindMillis()).isEqualTo(1_001));
        clock.advance(Duration.ofMillis(1_002));
        long resumed = generator.nextId();

        assertThat(resumed).isGreaterThan(last);
        assertThat(timestampOf(generator, resumed)).isEqualTo(timestampOf(generator, last) + 1);
    }

    @Test
    void maxWaitIsConfigurable() throws Exception {
        SnowflakeGenerator patient = generator(Duration.ZERO, Duration.ofSeconds(3));
        long last = patient.nextId();
        clock.stepWallClock(Duration.ofSeconds(-2));
        patient.nextIds(4_095);

        Future<Long> waiting = background.call(patient::nextId);
        BackgroundCaller.awaitReads(clock::nanoReads, clock.nanoReads(), 2);

        assertThat(waiting).as("a 2 s regression with a 3 s max wait waits rather than throws").isNotDone();
        clock.advance(Duration.ofMillis(2_001));
        assertThat(timestampOf(patient, BackgroundCaller.result(waiting))).isEqualTo(timestampOf(patient, last) + 1);
    }

    @Test
    void zeroMaxWaitRefusesAsSoonAsTheClockStandsBehindTheSpentLastMillisecond() {
        SnowflakeGenerator impatient = generator(Duration.ZERO, Duration.ZERO);
        impatient.nextId();
        clock.stepWallClock(Duration.ofMillis(-2));
        impatient.nextIds(4_095);

        assertThatExceptionOfType(ClockMovedBackwardsException.class).isThrownBy(impatient::nextId)
            .satisfies(e -> assertThat(e.behindMillis()).isEqualTo(2));
    }

    @Test
    void onTheDefaultPathAStepIsSeenAtTheNextResyncAndNothingIsIssuedBelowTheLastTimestamp() {
        SnowflakeGenerator generator = generator(Duration.ofMillis(100), Duration.ofSeconds(1));
        long start = timestampOf(generator, generator.nextId());

        clock.stepWallClock(Duration.ofSeconds(-5));
        clock.advance(Duration.ofMillis(50));
        long beforeResync = generator.nextId();
        assertThat(timestampOf(generator, beforeResync)).as("projected from the anchor, step not seen yet")
            .isEqualTo(start + 50);
        assertThat(generator.clockBackwardsCount()).isZero();

        clock.advance(Duration.ofMillis(50));
        long afterResync = generator.nextId();
        assertThat(generator.clockBackwardsCount()).isEqualTo(1);
        assertThat(afterResync).isEqualTo(beforeResync + 1);

        long[] rest = generator.nextIds(4_094);
        assertThat(timestampOf(generator, rest[4_093])).isEqualTo(start + 50);
        assertThatExceptionOfType(ClockMovedBackwardsException.class).isThrownBy(generator::nextId)
            .satisfies(e -> assertThat(e.behindMillis()).isEqualTo(4_950));
        assertThat(generator.clockBackwardsRefusedCount()).isEqualTo(1);
    }

    @Test
    void onTheDefaultPathASmallStepIsRiddenOutAndIssuingResumesAboveTheLastId() throws Exception {
        SnowflakeGenerator generator = generator(Duration.ofMillis(100), Duration.ofSeconds(1));
        long start = timestampOf(generator, generator.nextId());

        clock.stepWallClock(Duration.ofMillis(-500));
        clock.advance(Duration.ofMillis(100));
        long[] continued = generator.nextIds(4_095);
        Future<Long> waiting = background.call(generator::nextId);
        BackgroundCaller.awaitReads(clock::nanoReads, clock.nanoReads(), 2);

        assertThat(timestampOf(generator, continued[4_094])).isEqualTo(start);
        assertThat(generator.clockBackwardsCount()).isEqualTo(1);
        assertThat(waiting).isNotDone();
        clock.advance(Duration.ofMillis(401));
        long resumed = BackgroundCaller.result(waiting);
        assertThat(resumed).isGreaterThan(continued[4_094]);
        assertThat(timestampOf(generator, resumed)).isEqualTo(start + 1);
    }

    @Test
    void stepForwardIsFollowedAndCountsNothing() {
        SnowflakeGenerator generator = generator(Duration.ZERO, Duration.ofSeconds(1));
        long start = timestampOf(generator, generator.nextId());

        clock.stepWallClock(Duration.ofMinutes(3));

        assertThat(timestampOf(generator, generator.nextId())).isEqualTo(start + 180_000);
        assertThat(generator.clockBackwardsCount()).isZero();
    }

    private SnowflakeGenerator generator(Duration resync, Duration maxBackwardWait) {
        SnowflakeGenerator generator = SnowflakeGenerator.builder()
            .timeSource(clock)
            .wallClockResync(resync)
            .maxBackwardWait(maxBackwardWait)
            .build();
        generator.installLease(WorkerLease.fixed(WORKER));
        return generator;
    }

    private static long timestampOf(SnowflakeGenerator generator, long id) {
        return generator.layout().decode(id).unixMillis();
    }

}
