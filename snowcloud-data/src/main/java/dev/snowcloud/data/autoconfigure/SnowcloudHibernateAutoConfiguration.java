package dev.snowcloud.data.autoconfigure;

import dev.snowcloud.data.hibernate.SnowflakeIdGenerator;
import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.starter.autoconfigure.SnowcloudGeneratorAutoConfiguration;
import org.hibernate.generator.BeforeExecutionGenerator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Hands the application's {@link SnowflakeGenerator} to Hibernate, in the session factory's
 * settings, where each {@link SnowflakeIdGenerator} that Hibernate creates for an
 * {@link dev.snowcloud.data.SnowflakeId @SnowflakeId} attribute finds it.
 */
@AutoConfiguration(after = SnowcloudGeneratorAutoConfiguration.class,
        beforeName = "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration")
@ConditionalOnClass({ BeforeExecutionGenerator.class, HibernatePropertiesCustomizer.class })
@ConditionalOnBean(SnowflakeGenerator.class)
public final class SnowcloudHibernateAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "snowcloudHibernatePropertiesCustomizer")
    HibernatePropertiesCustomizer snowcloudHibernatePropertiesCustomizer(SnowflakeGenerator generator) {
        return (properties) -> properties.put(SnowflakeIdGenerator.GENERATOR_SETTING, generator);
    }

}
