package dev.snowcloud.example.ids;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Switches {@link IdFastPathFilter} on with {@code example.ids.fast-path.enabled=true}
 * and maps it to exactly {@code /ids}, right after Spring's observation filter
 * ({@code HIGHEST_PRECEDENCE + 1}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("example.ids.fast-path.enabled")
class IdFastPathConfiguration {

    @Bean
    FilterRegistrationBean<IdFastPathFilter> idFastPathFilter(IdController controller, IssuedIdsTextConverter text) {
        FilterRegistrationBean<IdFastPathFilter> registration = new FilterRegistrationBean<>(
                new IdFastPathFilter(controller, text));
        registration.addUrlPatterns(IdFastPathFilter.PATH);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

}
