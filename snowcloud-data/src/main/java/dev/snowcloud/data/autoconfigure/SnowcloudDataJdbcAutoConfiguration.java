package dev.snowcloud.data.autoconfigure;

import dev.snowcloud.data.jdbc.SnowflakeIdBeforeConvertCallback;
import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.starter.autoconfigure.SnowcloudGeneratorAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.data.relational.core.mapping.RelationalMappingContext;
import org.springframework.data.relational.core.mapping.event.BeforeConvertCallback;

/**
 * Assigns {@link dev.snowcloud.data.SnowflakeId @SnowflakeId} IDs to new Spring Data JDBC
 * aggregates, through a {@link SnowflakeIdBeforeConvertCallback}.
 */
@AutoConfiguration(after = SnowcloudGeneratorAutoConfiguration.class,
        afterName = "org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration")
@ConditionalOnClass({ BeforeConvertCallback.class, RelationalMappingContext.class })
@ConditionalOnBean({ SnowflakeGenerator.class, RelationalMappingContext.class })
public final class SnowcloudDataJdbcAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SnowflakeIdBeforeConvertCallback snowflakeIdBeforeConvertCallback(SnowflakeGenerator generator,
            RelationalMappingContext mappingContext) {
        return new SnowflakeIdBeforeConvertCallback(generator, mappingContext);
    }

}
