package dev.snowcloud.example.ids;

import dev.snowcloud.id.SnowflakeGenerator;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Maps {@link IdFastPathFilter} to exactly {@code /ids}, right after Spring's
 * observation filter ({@code HIGHEST_PRECEDENCE + 1}), so requests it answers are
 * still measured.
 */
@Configuration(proxyBeanMethods = false)
public class IdFastPathConfiguration {

    @Bean
    FilterRegistrationBean<IdFastPathFilter> idFastPathFilter(SnowflakeGenerator generator) {
        FilterRegistrationBean<IdFastPathFilter> registration = new FilterRegistrationBean<>(
                new IdFastPathFilter(generator));
        registration.addUrlPatterns(IdFastPathFilter.PATH);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

}
