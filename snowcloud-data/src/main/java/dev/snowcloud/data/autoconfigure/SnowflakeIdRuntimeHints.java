package dev.snowcloud.data.autoconfigure;

import dev.snowcloud.data.SnowflakeId;
import dev.snowcloud.data.hibernate.SnowflakeIdGenerator;
import dev.snowcloud.data.jackson.SnowflakeIdJsonDeserializer;
import dev.snowcloud.data.jackson.SnowflakeIdJsonSerializer;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What a GraalVM native image needs for {@link SnowflakeId @SnowflakeId}: Hibernate and
 * Jackson instantiate the generator, serializer and deserializer named in its
 * meta-annotations by reflection, and read the annotation itself reflectively.
 */
class SnowflakeIdRuntimeHints implements RuntimeHintsRegistrar {

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        hints.reflection().registerType(SnowflakeId.class, MemberCategory.INVOKE_PUBLIC_METHODS);
        hints.reflection().registerType(SnowflakeIdGenerator.class, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
        hints.reflection().registerType(SnowflakeIdJsonSerializer.class, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
        hints.reflection().registerType(SnowflakeIdJsonDeserializer.class, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
    }

}
