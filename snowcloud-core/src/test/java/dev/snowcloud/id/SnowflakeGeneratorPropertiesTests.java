package dev.snowcloud.id;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Whatever the clocks do, the generator's IDs strictly increase, or a call throws one of
 * the documented exceptions.
 */
class SnowflakeGeneratorPropertiesTests {

    @Property(tries = 500)
    void idsStrictlyIncreaseUnderAnySequenceOfClockMovesCallsAndLeaseSwitches(
            @ForAll("steps") @Size(max = 40) List<Step> steps, @ForAll("resyncs") Duration resync,
            @ForAll @IntRange(max = 5) int maxBackwardWaitMillis) {
        ManualTimeSource clock = new ManualTimeSource();
        SnowflakeGenerator generator = SnowflakeGenerator.builder()
            .timeSource(clock)
            .wallClockResync(resync)
            .maxBackwardWait(Duration.ofMillis(maxBackwardWaitMillis))
            .build();
        // Time passes while a caller waits: each clock read that finds nothing issued since
        // the last one moves the clock on by a millisecond.
        long[] progress = { -1 };
        clock.beforeEachNanoRead(() -> {
            long issued = generator.generatedCount();
            if (issued == progress[0]) {
                clock.advance(Duration.ofMillis(1));
            }
            progress[0] = issued;
        });
        int worker = 0;
        long notBefore = clock.peekWallMillis();
        generator.installLease(lease(clock, worker, notBefore));
        long last = -1;
        // The wall clock as it would read had it never been stepped back: no ID may run ahead of it.
        long backwardSteps = 0;

        for (Step step : steps) {
            if (step instanceof Advance advance) {
                clock.advanceNanos(advance.nanos());
            }
            else if (step instanceof StepWall stepWall) {
                clock.stepWallClock(Duration.ofMillis(stepWall.millis()));
                backwardSteps += Math.max(0, -stepWall.millis());
            }
            else if (step instanceof SwitchLease switchLease) {
                long revoked = generator.revokeLease();
                if (last >= 0) {
                    assertThat(revoked).isGreaterThanOrEqualTo(timestampOf(generator, last));
                }
                worker = switchLease.worker();
                notBefore = revoked + switchLease.notBeforeOffsetMillis();
                generator.installLease(lease(clock, worker, notBefore));
            }
            else {
                int count = ((Draw) step).count();
                long[] ids = new long[count];
                try {
                    if (count == 1) {
                        ids[0] = generator.nextId();
                    }
                    else {
                        generator.nextIds(ids, 0, count);
                    }
                }
                catch (ClockMovedBackwardsException | LeaseUnavailableException refused) {
                    // Documented refusals; whatever a batch wrote before one is still checked.
                }
                long ceiling = clock.peekWallMillis() + backwardSteps;
                for (long id : ids) {
                    if (id == 0) {
                        break;
                    }
                    SnowflakeId decoded = generator.layout().decode(id);
                    assertThat(id).isGreaterThan(last);
                    assertThat(decoded.workerId()).isEqualTo(worker);
                    assertThat(decoded.unixMillis()).isGreaterThanOrEqualTo(notBefore).isLessThanOrEqualTo(ceiling);
                    last = id;
                }
            }
        }
    }

    @Provide
    Arbitrary<Duration> resyncs() {
        return Arbitraries.of(Duration.ZERO, Duration.ofMillis(1), Duration.ofMillis(100));
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> advance = Arbitraries
            .oneOf(Arbitraries.longs().between(0, 3_000_000), Arbitraries.of(0L, 999_999L, 1_000_000L))
            .map(Advance::new);
        Arbitrary<Step> stepWall = Arbitraries.longs().between(-8, 8).map(StepWall::new);
        Arbitrary<Step> draw = Arbitraries
            .oneOf(Arbitraries.integers().between(1, 9_000), Arbitraries.of(4_095, 4_096, 4_097))
            .map(Draw::new);
        Arbitrary<Step> single = Arbitraries.just(new Draw(1));
        Arbitrary<Step> switchLease = Combinators
            .combine(Arbitraries.integers().between(0, 1_023), Arbitraries.longs().between(-50, 3))
            .as(SwitchLease::new);
        return Arbitraries.frequencyOf(Tuple.of(3, advance), Tuple.of(2, stepWall), Tuple.of(4, draw),
                Tuple.of(4, single), Tuple.of(1, switchLease))
            .list();
    }

    private static WorkerLease lease(ManualTimeSource clock, int worker, long notBefore) {
        return WorkerLease.until(worker, notBefore, Long.MAX_VALUE, clock.peekNanos() + Duration.ofDays(1).toNanos());
    }

    private static long timestampOf(SnowflakeGenerator generator, long id) {
        return generator.layout().decode(id).unixMillis();
    }

    sealed interface Step permits Advance, StepWall, Draw, SwitchLease {
    }

    /** Both clocks move forward. */
    record Advance(long nanos) implements Step {
    }

    /** Only the wall clock steps, either way. */
    record StepWall(long millis) implements Step {
    }

    /** One {@code nextId()} for a count of 1, else a batch. */
    record Draw(int count) implements Step {
    }

    /** Revoke, then install a lease on another worker ID starting near the revoked timestamp. */
    record SwitchLease(int worker, long notBeforeOffsetMillis) implements Step {
    }

}
