package dev.snowcloud.delegator.config;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import dev.snowcloud.delegator.auth.ApiKeyFilter;
import dev.snowcloud.delegator.auth.ApiKeys;
import dev.snowcloud.delegator.auth.ReadAccess;
import dev.snowcloud.delegator.web.MalformedRequestFilter;
import dev.snowcloud.delegator.web.ProblemReportValve;
import dev.snowcloud.delegator.web.ProblemWriter;

/**
 * The web layer's wiring: the servlet filters in front of the API (API key, malformed
 * requests), the problem writer, JSON strictness and Tomcat's error report. Health and
 * metrics are wired in {@link ActuateConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    /**
     * Request bodies are small and typed: a number where text belongs (or the reverse) is a
     * client error, not something to coerce.
     */
    @Bean
    JsonMapperBuilderCustomizer strictTextualFields() {
        return (builder) -> builder.withCoercionConfig(LogicalType.Textual, (config) -> config
            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    @Bean
    ProblemReportValveCustomizer problemReportValveCustomizer() {
        return new ProblemReportValveCustomizer();
    }

    @Bean
    ProblemWriter problemWriter() {
        return new ProblemWriter();
    }

    @Bean
    @ConditionalOnProperty(name = "snowcloud.delegator.auth-enabled", havingValue = "true", matchIfMissing = true)
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(DelegatorProperties properties, ProblemWriter problems,
            ReadAccess readers) {
        FilterRegistrationBean<ApiKeyFilter> registration = new FilterRegistrationBean<>(
                new ApiKeyFilter(new ApiKeys(properties.apiKeys()), problems, readers));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    FilterRegistrationBean<MalformedRequestFilter> malformedRequestFilter(ProblemWriter problems) {
        FilterRegistrationBean<MalformedRequestFilter> registration = new FilterRegistrationBean<>(
                new MalformedRequestFilter(problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 15);
        return registration;
    }

    /**
     * Replaces Tomcat's HTML error report, used for requests it rejects before any servlet
     * runs, with {@link ProblemReportValve}. Runs after Boot's own customizer, which adds a
     * plain {@link ErrorReportValve}.
     */
    static final class ProblemReportValveCustomizer
            implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers((context) -> {
                StandardHost host = (StandardHost) context.getParent();
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
            });
        }

    }

}
