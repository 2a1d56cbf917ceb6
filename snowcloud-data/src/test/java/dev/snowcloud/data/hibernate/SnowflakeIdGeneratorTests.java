package dev.snowcloud.data.hibernate;

import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.Map;

import dev.snowcloud.data.SnowflakeId;
import dev.snowcloud.id.SnowflakeGenerator;
import org.hibernate.MappingException;
import org.hibernate.engine.config.spi.ConfigurationService;
import org.hibernate.generator.EventType;
import org.hibernate.generator.GeneratorCreationContext;
import org.hibernate.service.ServiceRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class SnowflakeIdGeneratorTests {

    static class Sample {

        @SnowflakeId
        Long boxed;

        @SnowflakeId
        String text;

    }

    private final Map<String, Object> settings = new HashMap<>();

    @Test
    void takesIdsFromTheGeneratorInTheSessionFactorysSettings() throws Exception {
        SnowflakeGenerator generator = SnowflakeGenerator.withFixedWorkerId(5);
        this.settings.put(SnowflakeIdGenerator.GENERATOR_SETTING, generator);
        SnowflakeIdGenerator hibernateGenerator = create("boxed");
        Object id = hibernateGenerator.generate(null, new Sample(), null, EventType.INSERT);
        assertThat(id).isInstanceOf(Long.class);
        assertThat(generator.layout().decode((Long) id).workerId()).isEqualTo(5);
        assertThat(hibernateGenerator.getEventTypes()).containsExactly(EventType.INSERT);
        assertThat(hibernateGenerator.generatedOnExecution()).isFalse();
        assertThat(hibernateGenerator.allowAssignedIdentifiers()).isFalse();
    }

    @Test
    void withoutAGeneratorInTheSettingsTheMappingFailsAndSaysWhatToSet() {
        this.settings.put(SnowflakeIdGenerator.GENERATOR_SETTING, "not a generator");
        assertThatExceptionOfType(MappingException.class).isThrownBy(() -> create("boxed"))
            .withMessageContaining(SnowflakeIdGenerator.GENERATOR_SETTING)
            .withMessageContaining("java.lang.String")
            .withMessageContaining("Sample.boxed");
    }

    @Test
    void anAttributeThatIsNotALongIsRejected() {
        this.settings.put(SnowflakeIdGenerator.GENERATOR_SETTING, SnowflakeGenerator.withFixedWorkerId(5));
        assertThatExceptionOfType(MappingException.class).isThrownBy(() -> create("text"))
            .withMessageContaining("long or Long")
            .withMessageContaining("Sample.text is java.lang.String");
    }

    private SnowflakeIdGenerator create(String fieldName) throws Exception {
        Field field = Sample.class.getDeclaredField(fieldName);
        ConfigurationService configuration = mock(ConfigurationService.class);
        given(configuration.getSettings()).willReturn(this.settings);
        ServiceRegistry registry = mock(ServiceRegistry.class);
        given(registry.requireService(ConfigurationService.class)).willReturn(configuration);
        GeneratorCreationContext context = mock(GeneratorCreationContext.class);
        given(context.getServiceRegistry()).willReturn(registry);
        return new SnowflakeIdGenerator(field.getAnnotation(SnowflakeId.class), field, context);
    }

}
