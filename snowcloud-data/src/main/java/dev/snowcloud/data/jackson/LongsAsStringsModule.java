package dev.snowcloud.data.jackson;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;
import tools.jackson.databind.ser.std.ToStringSerializer;

/**
 * A Jackson module that writes every {@code long}, {@code Long} and {@code long[]} as JSON
 * strings of decimal digits, for applications whose IDs also travel without
 * {@link dev.snowcloud.data.SnowflakeId @SnowflakeId}: in DTOs, {@code List<Long>}, map
 * values. Reading is left to Jackson, which accepts a string or a number for a {@code long}.
 * <p>
 * It changes every 64-bit number the mapper writes, counts and sizes included, so Spring
 * Boot registers it only with {@code snowcloud.json.longs-as-strings=true}.
 */
public final class LongsAsStringsModule extends SimpleModule {

    private static final long serialVersionUID = 1L;

    public LongsAsStringsModule() {
        super("snowcloud-longs-as-strings");
        addSerializer(Long.class, ToStringSerializer.instance);
        addSerializer(Long.TYPE, ToStringSerializer.instance);
        addSerializer(long[].class, new LongArrayAsStringsSerializer());
    }

    private static final class LongArrayAsStringsSerializer extends StdSerializer<long[]> {

        LongArrayAsStringsSerializer() {
            super(long[].class);
        }

        @Override
        public void serialize(long[] values, JsonGenerator generator, SerializationContext context) {
            generator.writeStartArray(values, values.length);
            for (long value : values) {
                generator.writeString(Long.toString(value));
            }
            generator.writeEndArray();
        }

    }

}
