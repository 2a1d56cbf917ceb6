package dev.snowcloud.delegator.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import dev.snowcloud.delegator.lease.Registration;

/**
 * Body of {@code POST /workers}; both fields are optional and only shown in listings.
 *
 * @param name the generator's name, e.g. application and instance
 * @param host the generator's host name or address
 */
record RegisterRequest(
        @Schema(description = "Generator name, e.g. application and instance", example = "orders-7f9c",
                maxLength = 128) @Nullable @Size(max = 128) @Pattern(regexp = LABEL) String name,
        @Schema(description = "Generator host name or address", example = "10.0.0.12",
                maxLength = 128) @Nullable @Size(max = 128) @Pattern(regexp = LABEL) String host) {

    /** Letters, digits and the punctuation of names, host names, IPv4 and IPv6 addresses. */
    static final String LABEL = "[A-Za-z0-9._:@/%+\\[\\]-]*";

    Registration toRegistration() {
        return new Registration(blankToNull(this.name), blankToNull(this.host));
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return (value == null || value.isEmpty()) ? null : value;
    }

}
