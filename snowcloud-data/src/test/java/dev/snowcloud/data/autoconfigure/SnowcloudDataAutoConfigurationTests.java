package dev.snowcloud.data.autoconfigure;

import java.util.HashMap;
import java.util.Map;

import dev.snowcloud.data.hibernate.SnowflakeIdGenerator;
import dev.snowcloud.data.jackson.LongsAsStringsModule;
import dev.snowcloud.data.jdbc.SnowflakeIdBeforeConvertCallback;
import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.starter.autoconfigure.SnowcloudGeneratorAutoConfiguration;
import org.hibernate.generator.BeforeExecutionGenerator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.jdbc.core.mapping.JdbcMappingContext;
import org.springframework.data.relational.core.mapping.RelationalMappingContext;
import org.springframework.data.relational.core.mapping.event.BeforeConvertCallback;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class SnowcloudDataAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SnowcloudGeneratorAutoConfiguration.class,
                SnowcloudHibernateAutoConfiguration.class, SnowcloudDataJdbcAutoConfiguration.class,
                SnowcloudJacksonAutoConfiguration.class, JacksonAutoConfiguration.class))
        .withPropertyValues("snowcloud.generator.worker-id=9")
        .withBean(JdbcMappingContext.class, JdbcMappingContext::new);

    @Test
    void hibernateGetsTheApplicationsGeneratorInItsSettings() {
        this.runner.run((context) -> {
            Map<String, Object> settings = new HashMap<>();
            context.getBeansOfType(HibernatePropertiesCustomizer.class).values().forEach((c) -> c.customize(settings));
            assertThat(settings).containsEntry(SnowflakeIdGenerator.GENERATOR_SETTING,
                    context.getBean(SnowflakeGenerator.class));
        });
    }

    @Test
    void withoutHibernateNoCustomizerIsDefined() {
        this.runner.withClassLoader(new FilteredClassLoader(BeforeExecutionGenerator.class))
            .run((context) -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(HibernatePropertiesCustomizer.class)
                .hasSingleBean(SnowflakeIdBeforeConvertCallback.class));
    }

    @Test
    void springDataJdbcGetsTheCallback() {
        this.runner.run((context) -> assertThat(context).hasSingleBean(SnowflakeIdBeforeConvertCallback.class));
    }

    @Test
    void withoutSpringDataJdbcNoCallbackIsDefined() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SnowcloudGeneratorAutoConfiguration.class,
                    SnowcloudDataJdbcAutoConfiguration.class, SnowcloudHibernateAutoConfiguration.class))
            .withPropertyValues("snowcloud.generator.worker-id=9")
            .withClassLoader(new FilteredClassLoader(BeforeConvertCallback.class, RelationalMappingContext.class))
            .run((context) -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(SnowflakeIdBeforeConvertCallback.class)
                .hasSingleBean(HibernatePropertiesCustomizer.class));
    }

    @Test
    void withoutAGeneratorNothingIsDefined() {
        this.runner.withPropertyValues("snowcloud.generator.enabled=false")
            .run((context) -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(SnowflakeGenerator.class)
                .doesNotHaveBean(HibernatePropertiesCustomizer.class)
                .doesNotHaveBean(SnowflakeIdBeforeConvertCallback.class));
    }

    @Test
    void longsStayNumbersUnlessLongsAsStringsIsSet() {
        this.runner.run((context) -> {
            assertThat(context).doesNotHaveBean(LongsAsStringsModule.class);
            assertThat(context.getBean(JsonMapper.class).writeValueAsString(Map.of("n", 5L))).isEqualTo("{\"n\":5}");
        });
        this.runner.withPropertyValues("snowcloud.json.longs-as-strings=true").run((context) -> {
            assertThat(context).hasSingleBean(LongsAsStringsModule.class);
            assertThat(context.getBean(JsonMapper.class).writeValueAsString(Map.of("n", 5L)))
                .isEqualTo("{\"n\":\"5\"}");
        });
    }

    @Test
    void withoutJacksonTheOptInIsIgnored() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SnowcloudJacksonAutoConfiguration.class))
            .withPropertyValues("snowcloud.json.longs-as-strings=true")
            .withClassLoader(new FilteredClassLoader(JsonMapper.class))
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LongsAsStringsModule.class));
    }

}
