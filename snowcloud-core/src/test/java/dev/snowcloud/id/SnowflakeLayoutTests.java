package dev.snowcloud.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SnowflakeLayoutTests {

    private static final SnowflakeLayout LAYOUT = SnowflakeLayout.defaultLayout();
    private static final long EPOCH = Instant.parse("2020-01-01T00:00:00Z").toEpochMilli();
    private static final long LAST = EPOCH + (1L << 41) - 1;

    @Test
    void defaultEpochIsTheStartOf2020() {
        assertThat(LAYOUT.epoch()).isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
        assertThat(LAYOUT.epochMillis()).isEqualTo(EPOCH);
    }

    @Test
    void fieldsSitWhereTheDesignDrawsThem() {
        long id = LAYOUT.encode(EPOCH + 5, 3, 7);

        assertThat(id).isEqualTo((5L << 22) | (3L << 12) | 7);
    }

    @Test
    void smallestIdIsZeroAtTheEpochWithWorkerAndSequenceZero() {
        assertThat(LAYOUT.encode(EPOCH, 0, 0)).isZero();
        assertThat(LAYOUT.decode(0)).isEqualTo(new SnowflakeId(0, EPOCH, 0, 0));
    }

    @Test
    void largestIdIsLongMaxValueAtTheLastMillisecondWithWorker1023AndSequence4095() {
        long id = LAYOUT.encode(LAST, 1023, 4095);

        assertThat(id).isEqualTo(Long.MAX_VALUE);
        assertThat(LAYOUT.decode(id)).isEqualTo(new SnowflakeId(Long.MAX_VALUE, LAST, 1023, 4095));
    }

    @Test
    void lastMillisecondIsSeptember2089() {
        assertThat(LAYOUT.maxUnixMillis()).isEqualTo(LAST);
        assertThat(Instant.ofEpochMilli(LAST)).isEqualTo(Instant.parse("2089-09-06T15:47:35.551Z"));
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 511, 1022, 1023 })
    void workerIdRoundTripsAtEveryBoundary(int workerId) {
        SnowflakeId decoded = LAYOUT.decode(LAYOUT.encode(EPOCH + 1234, workerId, 99));

        assertThat(decoded.workerId()).isEqualTo(workerId);
        assertThat(decoded.sequence()).isEqualTo(99);
        assertThat(decoded.unixMillis()).isEqualTo(EPOCH + 1234);
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 2048, 4094, 4095 })
    void sequenceRoundTripsAtEveryBoundaryWithoutTouchingTheWorker(int sequence) {
        SnowflakeId decoded = LAYOUT.decode(LAYOUT.encode(EPOCH + 1234, 1023, sequence));

        assertThat(decoded.sequence()).isEqualTo(sequence);
        assertThat(decoded.workerId()).isEqualTo(1023);
    }

    @Test
    void timestampAtTheEpochAndAtItsLastMillisecondRoundTrip() {
        assertThat(LAYOUT.decode(LAYOUT.encode(EPOCH, 17, 0)).unixMillis()).isEqualTo(EPOCH);
        assertThat(LAYOUT.decode(LAYOUT.encode(LAST, 17, 0)).unixMillis()).isEqualTo(LAST);
        assertThat(LAYOUT.encode(LAST, 0, 0)).isPositive();
    }

    @Test
    void decodedTimestampIsAnInstant() {
        long at = Instant.parse("2026-11-28T07:00:00.123Z").toEpochMilli();

        assertThat(LAYOUT.decode(LAYOUT.encode(at, 1, 1)).timestamp())
            .isEqualTo(Instant.parse("2026-11-28T07:00:00.123Z"));
    }

    @Test
    void timestampOneMillisecondPastTheRangeIsRefusedRatherThanTurningNegative() {
        assertThatThrownBy(() -> LAYOUT.encode(LAST + 1, 0, 0))
            .isInstanceOf(TimestampOutOfRangeException.class)
            .isInstanceOf(SnowflakeException.class)
            .hasMessageContaining("2089-09-06T15:47:35.552Z")
            .hasMessageContaining("lies past 2089-09-06T15:47:35.551Z")
            .hasMessageContaining("epoch 2020-01-01T00:00:00Z");
    }

    @Test
    void timestampBeforeTheEpochIsRefused() {
        assertThatThrownBy(() -> LAYOUT.encode(EPOCH - 1, 0, 0))
            .isInstanceOf(TimestampOutOfRangeException.class)
            .hasMessage("Timestamp 2019-12-31T23:59:59.999Z lies before the epoch 2020-01-01T00:00:00Z");
    }

    @Test
    void timestampsFarOutsideTheRangeAreRefusedWithoutOverflowing() {
        assertThatThrownBy(() -> LAYOUT.encode(Long.MAX_VALUE, 0, 0)).isInstanceOf(TimestampOutOfRangeException.class);
        assertThatThrownBy(() -> LAYOUT.encode(Long.MIN_VALUE + 1, 0, 0))
            .isInstanceOf(TimestampOutOfRangeException.class);
        assertThatThrownBy(() -> LAYOUT.encode(0, 0, 0)).isInstanceOf(TimestampOutOfRangeException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = { -1, 1024, Integer.MIN_VALUE, Integer.MAX_VALUE })
    void workerIdOutside0To1023IsRefused(int workerId) {
        assertThatIllegalArgumentException().isThrownBy(() -> LAYOUT.encode(EPOCH, workerId, 0))
            .withMessage("Worker ID " + workerId + " is outside 0..1023");
    }

    @ParameterizedTest
    @ValueSource(ints = { -1, 4096, Integer.MIN_VALUE, Integer.MAX_VALUE })
    void sequenceOutside0To4095IsRefused(int sequence) {
        assertThatIllegalArgumentException().isThrownBy(() -> LAYOUT.encode(EPOCH, 0, sequence))
            .withMessage("Sequence " + sequence + " is outside 0..4095");
    }

    @ParameterizedTest
    @ValueSource(longs = { -1, Long.MIN_VALUE, Long.MIN_VALUE | 12345 })
    void decodingANegativeValueIsRefused(long id) {
        assertThatIllegalArgumentException().isThrownBy(() -> LAYOUT.decode(id))
            .withMessageContaining("never negative");
    }

    @Test
    void customEpochShiftsTheRange() {
        Instant epoch = Instant.parse("2024-06-01T00:00:00Z");
        SnowflakeLayout layout = new SnowflakeLayout(epoch);
        long at = Instant.parse("2026-11-28T07:00:00Z").toEpochMilli();

        long id = layout.encode(at, 42, 4095);

        assertThat(layout.epoch()).isEqualTo(epoch);
        assertThat(id >>> 22).isEqualTo(at - epoch.toEpochMilli());
        assertThat(layout.decode(id)).isEqualTo(new SnowflakeId(id, at, 42, 4095));
        assertThat(layout.maxUnixMillis()).isEqualTo(epoch.toEpochMilli() + (1L << 41) - 1);
        assertThatThrownBy(() -> layout.encode(EPOCH, 0, 0)).isInstanceOf(TimestampOutOfRangeException.class)
            .hasMessageContaining("before the epoch 2024-06-01T00:00:00Z");
    }

    @Test
    void sameIdDecodesToInstantsAsFarApartAsTheEpochsOfTwoLayouts() {
        SnowflakeLayout later = new SnowflakeLayout(Instant.parse("2021-01-01T00:00:00Z"));
        long id = LAYOUT.encode(EPOCH + 10, 1, 1);

        assertThat(later.decode(id).unixMillis() - LAYOUT.decode(id).unixMillis())
            .isEqualTo(later.epochMillis() - EPOCH);
    }

    @Test
    void unixEpochIsTheEarliestEpochAllowed() {
        assertThat(new SnowflakeLayout(Instant.EPOCH).encode(0, 0, 0)).isZero();
        assertThatIllegalArgumentException().isThrownBy(() -> new SnowflakeLayout(Instant.EPOCH.minusMillis(1)))
            .withMessageContaining("before 1970-01-01T00:00:00Z");
    }

    @Test
    void epochWhoseRangeWouldOverflowALongIsRefused() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new SnowflakeLayout(Instant.ofEpochMilli(Long.MAX_VALUE - (1L << 41) + 2)))
            .withMessageContaining("too far in the future");
    }

    @Test
    void layoutsOrderIdsByTimestampThenWorkerThenSequence() {
        assertThat(LAYOUT.encode(EPOCH + 1, 0, 0)).isGreaterThan(LAYOUT.encode(EPOCH, 1023, 4095));
        assertThat(LAYOUT.encode(EPOCH, 1, 0)).isGreaterThan(LAYOUT.encode(EPOCH, 0, 4095));
        assertThat(LAYOUT.encode(EPOCH, 0, 1)).isGreaterThan(LAYOUT.encode(EPOCH, 0, 0));
    }

}
