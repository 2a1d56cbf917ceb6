package dev.snowcloud.data.autoconfigure;

import java.lang.reflect.Member;

import dev.snowcloud.data.SnowflakeId;
import dev.snowcloud.data.hibernate.SnowflakeIdGenerator;
import dev.snowcloud.data.jackson.SnowflakeIdJsonDeserializer;
import dev.snowcloud.data.jackson.SnowflakeIdJsonSerializer;
import org.hibernate.generator.GeneratorCreationContext;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;

import static org.assertj.core.api.Assertions.assertThat;

class SnowflakeIdRuntimeHintsTests {

    @Test
    void theReflectivelyCreatedClassesAreRegisteredThroughAotFactories() throws Exception {
        RuntimeHints hints = new RuntimeHints();
        AotServices.factories().load(RuntimeHintsRegistrar.class)
            .forEach((registrar) -> registrar.registerHints(hints, getClass().getClassLoader()));
        assertThat(RuntimeHintsPredicates.reflection()
            .onConstructorInvocation(SnowflakeIdGenerator.class.getConstructor(SnowflakeId.class, Member.class,
                    GeneratorCreationContext.class)))
            .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection()
            .onConstructorInvocation(SnowflakeIdJsonSerializer.class.getConstructor())).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection()
            .onConstructorInvocation(SnowflakeIdJsonDeserializer.class.getConstructor())).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(SnowflakeId.class)).accepts(hints);
    }

}
