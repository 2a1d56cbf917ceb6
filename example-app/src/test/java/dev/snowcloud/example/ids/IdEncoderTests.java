package dev.snowcloud.example.ids;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdEncoderTests {

    @Test
    void writesDigitsOfEveryMagnitude() {
        long value = 0;
        byte[] out = new byte[IdEncoder.MAX_DIGITS];
        for (int digits = 1; digits <= 19; digits++) {
            for (long candidate : new long[] { value, value + 1, value * 10 + 9 }) {
                if (candidate >= 0) {
                    int end = IdEncoder.writeDigits(candidate, out, 0);
                    assertThat(new String(out, 0, end, StandardCharsets.US_ASCII)).isEqualTo(Long.toString(candidate));
                }
            }
            value = value * 10 + 9;
        }
        int end = IdEncoder.writeDigits(Long.MAX_VALUE, out, 0);
        assertThat(new String(out, 0, end, StandardCharsets.US_ASCII)).isEqualTo(Long.toString(Long.MAX_VALUE));
    }

    @Test
    void writesRandomValuesLikeLongToString() {
        byte[] out = new byte[IdEncoder.MAX_DIGITS];
        for (int i = 0; i < 100_000; i++) {
            long value = ThreadLocalRandom.current().nextLong(Long.MAX_VALUE);
            int end = IdEncoder.writeDigits(value, out, 0);
            assertThat(new String(out, 0, end, StandardCharsets.US_ASCII)).isEqualTo(Long.toString(value));
        }
    }

    @Test
    void writesLinesAndJson() {
        long[] ids = { 1, 22, Long.MAX_VALUE };
        byte[] out = new byte[IdEncoder.maxJsonLength(3)];
        int length = IdEncoder.writeText(ids, 3, false, out);
        assertThat(new String(out, 0, length, StandardCharsets.US_ASCII)).isEqualTo("1\n22\n9223372036854775807\n");
        length = IdEncoder.writeText(ids, 1, true, out);
        assertThat(new String(out, 0, length, StandardCharsets.US_ASCII)).isEqualTo("1");
        length = IdEncoder.writeJson(ids, 3, out);
        assertThat(new String(out, 0, length, StandardCharsets.US_ASCII))
            .isEqualTo("{\"ids\":[\"1\",\"22\",\"9223372036854775807\"]}");
        assertThat(length).isLessThanOrEqualTo(IdEncoder.maxJsonLength(3));
    }

}
