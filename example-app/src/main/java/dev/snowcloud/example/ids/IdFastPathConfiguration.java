package dev.snowcloud.example.ids;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Switches {@link IdFastPathFilter} on with {@code example.ids.fast-path.enabled=true}
 * and maps it to exactly {@code /ids}, first of all filters ({@code HIGHEST_PRECEDENCE}),
 * so the requests it answers skip Spring's observation, character-encoding, form-content
 * and request-context filters as well as Spring MVC.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("example.ids.fast-path.enabled")
class IdFastPathConfiguration {

    @Bean
    FilterRegistrationBean<IdFastPathFilter> idFastPathFilter(IdController controller, IssuedIdsTextConverter text) {
        FilterRegistrationBean<IdFastPathFilter> registration = new FilterRegistrationBean<>(
                new IdFastPathFilter(controller, text));
        registration.addUrlPatterns(IdFastPathFilter.PATH);
        // Ahead of Spring's observation filter and the rest: skipping them is most of what it saves.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

}
