package dev.snowcloud.example.ids;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link IdTextEncoder} writes the decimal digits {@link Long#toString(long)} gives, as
 * ASCII bytes, for every ID from 0 to {@link Long#MAX_VALUE}, and refuses what is never an ID.
 */
class IdTextEncoderTests {

    @Test
    void oneIdIsItsDigitsAlone() {
        assertThat(text(IdTextEncoder.bare(0))).isEqualTo("0");
        assertThat(text(IdTextEncoder.bare(7))).isEqualTo("7");
        assertThat(text(IdTextEncoder.bare(42))).isEqualTo("42");
        assertThat(text(IdTextEncoder.bare(Long.MAX_VALUE))).isEqualTo("9223372036854775807");
    }

    @Test
    void everyNumberOfDigitsAtItsBounds() {
        long power = 1;
        for (int digits = 1; digits <= IdTextEncoder.MAX_DIGITS; digits++) {
            long lowest = power;
            long highest = (digits == IdTextEncoder.MAX_DIGITS) ? Long.MAX_VALUE : power * 10 - 1;
            for (long value : new long[] { lowest, lowest + 1, highest - 1, highest }) {
                assertThat(text(IdTextEncoder.bare(value))).as("%d", value).isEqualTo(Long.toString(value));
                assertThat(IdTextEncoder.digits(value)).as("%d", value).isEqualTo(digits);
            }
            power *= 10;
        }
        assertThat(IdTextEncoder.digits(0)).isEqualTo(1);
    }

    @Test
    void anyIdReadsBackAsItself() {
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 100_000; i++) {
            long value = random.nextLong(Long.MAX_VALUE) >>> random.nextInt(63);
            assertThat(text(IdTextEncoder.bare(value))).isEqualTo(Long.toString(value));
        }
    }

    @Test
    void manyIdsOnePerLineEachEndingInANewline() {
        long[] ids = { 0, 5, 42, 466_893_214_449_516_544L, Long.MAX_VALUE };
        assertThat(text(IdTextEncoder.lines(ids)))
            .isEqualTo("0\n5\n42\n466893214449516544\n9223372036854775807\n");
        assertThat(text(IdTextEncoder.lines(new long[] { 12 }))).isEqualTo("12\n");
    }

    @Test
    void noIdsAreNoBytes() {
        assertThat(IdTextEncoder.lines(new long[0])).isEmpty();
    }

    @Test
    void aLargeBatchIsExactlyItsLines() {
        long[] ids = new long[IdController.MAX_COUNT];
        long first = 466_893_214_449_516_544L;
        for (int i = 0; i < ids.length; i++) {
            ids[i] = first + i;
        }
        byte[] text = IdTextEncoder.lines(ids);
        assertThat(text).hasSize(ids.length * 19);
        assertThat(text(text).lines().mapToLong(Long::parseLong).toArray()).isEqualTo(ids);
    }

    @Test
    void negativeValuesAreNeverIds() {
        for (long negative : new long[] { -1, -42, Long.MIN_VALUE }) {
            assertThatIllegalArgumentException().isThrownBy(() -> IdTextEncoder.bare(negative))
                .withMessageContaining("never negative");
            assertThatIllegalArgumentException().isThrownBy(() -> IdTextEncoder.lines(new long[] { 1, negative }))
                .withMessageContaining("never negative");
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }

}
