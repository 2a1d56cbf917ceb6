package dev.snowcloud.delegator.web;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

import org.springframework.context.annotation.Configuration;

/** OpenAPI description of the API ({@code /v3/api-docs}, {@code /swagger-ui.html}). */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "Snowcloud delegator", version = "v1",
        description = "Leases worker IDs 0..1023 to snowflake generators.",
        license = @License(name = "MIT", url = "https://opensource.org/licenses/MIT")))
@SecurityScheme(name = OpenApiDocs.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "One of the keys in snowcloud.delegator.api-keys")
class OpenApiDocs {

    static final String BEARER = "apiKey";

}
