package dev.snowcloud.data.jackson;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.type.LogicalType;

/**
 * Reads a {@link dev.snowcloud.data.SnowflakeId @SnowflakeId} value from a JSON string of
 * decimal digits, as {@link SnowflakeIdJsonSerializer} writes it, or from a JSON integer, as
 * clients that do not know better send it. Anything that is not a non-negative 64-bit
 * integer is rejected with a message that says so, which Spring MVC answers with
 * {@code 400 Bad Request}.
 */
public final class SnowflakeIdJsonDeserializer extends StdDeserializer<Long> {

    private static final String EXPECTED = "a snowflake ID is a non-negative 64-bit integer,"
            + " written as a string of at most 19 decimal digits (0 to 9223372036854775807) or as a JSON integer";

    public SnowflakeIdJsonDeserializer() {
        super(Long.class);
    }

    @Override
    public Long deserialize(JsonParser parser, DeserializationContext context) {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            String text = parser.getString();
            Long id = parse(text);
            if (id == null) {
                return context.reportInputMismatch(this, "Invalid snowflake ID \"%s\": %s", text, EXPECTED);
            }
            return id;
        }
        if (token == JsonToken.VALUE_NUMBER_INT) {
            JsonParser.NumberType type = parser.getNumberType();
            if ((type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG)
                    || parser.getLongValue() < 0) {
                return context.reportInputMismatch(this, "Invalid snowflake ID %s: %s", parser.getString(), EXPECTED);
            }
            return parser.getLongValue();
        }
        return context.reportInputMismatch(this, "Invalid snowflake ID (JSON %s): %s", token, EXPECTED);
    }

    @Override
    public LogicalType logicalType() {
        return LogicalType.Integer;
    }

    /**
     * The ID that {@code text} spells as 1 to 19 ASCII digits, or {@code null} if it spells
     * none: no sign, blanks, separators or values above {@link Long#MAX_VALUE}.
     */
    static @Nullable Long parse(String text) {
        int length = text.length();
        if (length == 0 || length > 19) {
            return null;
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        try {
            return Long.parseLong(text);
        }
        catch (NumberFormatException ex) {
            // 19 digits above Long.MAX_VALUE
            return null;
        }
    }

}
