package dev.snowcloud.data.autoconfigure;

import dev.snowcloud.data.jackson.LongsAsStringsModule;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.json.JsonMapper;

/**
 * With {@code snowcloud.json.longs-as-strings=true}, registers a {@link LongsAsStringsModule}
 * with Spring Boot's {@link JsonMapper}, so every 64-bit number goes out as a string.
 * {@link dev.snowcloud.data.SnowflakeId @SnowflakeId} fields are written as strings without it.
 *
 * @see SnowcloudJsonProperties
 */
@AutoConfiguration(beforeName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass({ JsonMapper.class, JacksonModule.class })
@ConditionalOnBooleanProperty(name = "snowcloud.json.longs-as-strings")
@EnableConfigurationProperties(SnowcloudJsonProperties.class)
public final class SnowcloudJacksonAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    LongsAsStringsModule snowcloudLongsAsStringsModule() {
        return new LongsAsStringsModule();
    }

}
