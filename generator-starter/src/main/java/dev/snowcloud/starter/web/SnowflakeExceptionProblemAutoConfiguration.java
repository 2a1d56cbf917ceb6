package dev.snowcloud.starter.web;

import dev.snowcloud.id.SnowflakeException;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Auto-configuration that answers a {@link SnowflakeException} escaping a Spring
 * MVC handler with {@code 503 Service Unavailable}, {@code application/problem+json}
 * and {@code Retry-After}, rather than a bare {@code 500}: the generator refuses
 * to issue only while it holds no valid lease or its clock stands behind, and
 * resumes by itself. Switched off with
 * {@code snowcloud.generator.web.problem-details.enabled=false}.
 *
 * @see SnowflakeExceptionProblemHandler
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ SnowflakeException.class, DispatcherServlet.class })
@ConditionalOnBooleanProperty(name = "snowcloud.generator.web.problem-details.enabled", matchIfMissing = true)
public final class SnowflakeExceptionProblemAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SnowflakeExceptionProblemHandler snowflakeExceptionProblemHandler() {
        return new SnowflakeExceptionProblemHandler();
    }

}
