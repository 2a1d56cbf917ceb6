package dev.snowcloud.delegator.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import org.jspecify.annotations.Nullable;

import dev.snowcloud.delegator.lease.LeaseRules;

/**
 * Body of {@code POST /workers/{id}/renew}.
 *
 * @param leaseToken the token the lease was granted with
 * @param lastTimestamp the last Unix epoch millisecond the holder put into an ID, if any
 */
record RenewRequest(
        @Schema(description = "Token the lease was granted with", requiredMode = Schema.RequiredMode.REQUIRED,
                example = "3q2-7wAAAABx9Bc1c2VyMQ") @NotNull @Pattern(regexp = TOKEN) String leaseToken,
        @Schema(description = "Last Unix epoch millisecond the holder put into an ID; optional",
                example = "1764300000123") @Nullable @PositiveOrZero @Max(LeaseRules.MAX_TIMESTAMP) Long lastTimestamp) {

    /** What a lease token may look like. */
    static final String TOKEN = "[A-Za-z0-9_-]{1,64}";

}
