package dev.snowcloud.data.jackson;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Writes a {@link dev.snowcloud.data.SnowflakeId @SnowflakeId} value as a JSON string of
 * decimal digits: a snowflake ID needs more than the 53 bits a JavaScript number holds,
 * and {@code JSON.parse} would silently round it.
 */
public final class SnowflakeIdJsonSerializer extends StdSerializer<Long> {

    public SnowflakeIdJsonSerializer() {
        super(Long.class);
    }

    @Override
    public void serialize(Long value, JsonGenerator generator, SerializationContext context) {
        generator.writeString(Long.toString(value));
    }

}
