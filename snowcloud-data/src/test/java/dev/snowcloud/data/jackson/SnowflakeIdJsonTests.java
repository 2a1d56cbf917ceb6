package dev.snowcloud.data.jackson;

import java.util.List;
import java.util.Map;

import dev.snowcloud.data.SnowflakeId;
import dev.snowcloud.id.SnowflakeLayout;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SnowflakeIdJsonTests {

    private static final long ABOVE_2_53 = 1_234_567_890_123_456_789L;

    private final JsonMapper mapper = JsonMapper.builder().build();

    record Order(@SnowflakeId Long id, @SnowflakeId long customerId, long quantity) {
    }

    static class Invoice {

        @SnowflakeId
        public Long id;

        @SnowflakeId
        public long orderId;

    }

    @Test
    void annotatedLongsAreWrittenAsStringsOfEveryDigitAndOtherLongsAsNumbers() {
        String json = this.mapper.writeValueAsString(new Order(ABOVE_2_53, Long.MAX_VALUE, 3));
        assertThat(json).isEqualTo("{\"id\":\"1234567890123456789\",\"customerId\":\"9223372036854775807\",\"quantity\":3}");
    }

    @Test
    void aNullIdIsWrittenAsNull() {
        assertThat(this.mapper.writeValueAsString(new Order(null, 0, 1))).contains("\"id\":null", "\"customerId\":\"0\"");
    }

    @Test
    void idsAreReadFromStringsOrNumbers() {
        Order fromStrings = this.mapper.readValue(
                "{\"id\":\"1234567890123456789\",\"customerId\":\"9223372036854775807\",\"quantity\":3}", Order.class);
        Order fromNumbers = this.mapper.readValue(
                "{\"id\":1234567890123456789,\"customerId\":9223372036854775807,\"quantity\":3}", Order.class);
        assertThat(fromStrings).isEqualTo(new Order(ABOVE_2_53, Long.MAX_VALUE, 3)).isEqualTo(fromNumbers);
        Invoice invoice = this.mapper.readValue("{\"id\":\"0\",\"orderId\":42}", Invoice.class);
        assertThat(invoice.id).isZero();
        assertThat(invoice.orderId).isEqualTo(42);
    }

    @Test
    void aRoundTripKeepsTheValue() {
        Invoice invoice = new Invoice();
        invoice.id = ABOVE_2_53;
        invoice.orderId = ABOVE_2_53 + 1;
        Invoice back = this.mapper.readValue(this.mapper.writeValueAsString(invoice), Invoice.class);
        assertThat(back.id).isEqualTo(ABOVE_2_53);
        assertThat(back.orderId).isEqualTo(ABOVE_2_53 + 1);
    }

    @Test
    void stringsThatAreNotANonNegative64BitDecimalAreRejectedWithAClearMessage() {
        for (String bad : List.of("", " 1", "1 ", "+1", "-1", "1.5", "1e3", "0x10", "12a", "١٢", "9223372036854775808",
                "99999999999999999999", "00000000000000000001")) {
            assertThatExceptionOfType(DatabindException.class)
                .as("\"%s\"", bad)
                .isThrownBy(() -> this.mapper.readValue("{\"id\":\"" + bad + "\"}", Invoice.class))
                .withMessageContaining("Invalid snowflake ID \"" + bad + "\"")
                .withMessageContaining("non-negative 64-bit integer");
        }
    }

    @Test
    void numbersThatAreNotANonNegative64BitIntegerAreRejected() {
        for (String bad : List.of("-1", "1.5", "9223372036854775808", "true", "[1]", "{}")) {
            assertThatExceptionOfType(DatabindException.class).as(bad)
                .isThrownBy(() -> this.mapper.readValue("{\"id\":" + bad + "}", Invoice.class))
                .withMessageContaining("Invalid snowflake ID");
        }
    }

    @Test
    void theDecodedIdValueTypeWritesItsIdAsAString() {
        long id = (1L << 62) + 12345;
        dev.snowcloud.id.SnowflakeId decoded = new SnowflakeLayout(SnowflakeLayout.DEFAULT_EPOCH).decode(id);
        Map<?, ?> json = this.mapper.readValue(this.mapper.writeValueAsString(decoded), Map.class);
        assertThat(json.get("id")).isEqualTo(Long.toString(id));
        assertThat(json.get("workerId")).isEqualTo(decoded.workerId());
        assertThat(this.mapper.readValue(this.mapper.writeValueAsString(decoded), dev.snowcloud.id.SnowflakeId.class))
            .isEqualTo(decoded);
    }

    @Test
    void theLongsAsStringsModuleWritesEveryLongAsAString() {
        JsonMapper mapper = JsonMapper.builder().addModule(new LongsAsStringsModule()).build();
        assertThat(mapper.writeValueAsString(new Order(1L, 2, 3)))
            .isEqualTo("{\"id\":\"1\",\"customerId\":\"2\",\"quantity\":\"3\"}");
        assertThat(mapper.writeValueAsString(Map.of("ids", List.of(ABOVE_2_53, -5L))))
            .isEqualTo("{\"ids\":[\"1234567890123456789\",\"-5\"]}");
        assertThat(mapper.writeValueAsString(new long[] { 1, ABOVE_2_53 })).isEqualTo("[\"1\",\"1234567890123456789\"]");
        assertThat(mapper.writeValueAsString(Map.of("count", 7))).isEqualTo("{\"count\":7}");
        assertThat(mapper.readValue("{\"id\":\"1\",\"customerId\":\"2\",\"quantity\":\"3\"}", Order.class))
            .isEqualTo(new Order(1L, 2, 3));
    }

}
