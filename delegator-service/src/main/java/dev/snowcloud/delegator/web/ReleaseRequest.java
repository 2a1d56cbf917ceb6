package dev.snowcloud.delegator.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;

import dev.snowcloud.delegator.lease.LeaseRules;

/**
 * Body of {@code POST /workers/{id}/release}.
 *
 * @param leaseToken the token the lease was granted with
 * @param lastTimestamp the last Unix epoch millisecond the holder put into an ID; required,
 * because the next holder of the ID starts after it
 */
record ReleaseRequest(
        @Schema(description = "Token the lease was granted with", requiredMode = Schema.RequiredMode.REQUIRED,
                example = "3q2-7wAAAABx9Bc1c2VyMQ") @NotNull @Pattern(regexp = RenewRequest.TOKEN) String leaseToken,
        @Schema(description = "Last Unix epoch millisecond the holder put into an ID (if it issued none: its "
                + "notBefore - 1)", requiredMode = Schema.RequiredMode.REQUIRED,
                example = "1764300000123") @NotNull @PositiveOrZero @Max(LeaseRules.MAX_TIMESTAMP) Long lastTimestamp) {

}
