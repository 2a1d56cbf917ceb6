package dev.snowcloud.lease;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * No worker lease arrived in time, or the delegator refused to register in a way
 * that retrying will not fix: the generator cannot issue IDs.
 */
public class LeaseRegistrationException extends RuntimeException {

    private final String delegator;

    public LeaseRegistrationException(String delegator, Duration timeout, @Nullable String lastProblem,
            @Nullable Throwable cause) {
        super("No worker lease from " + delegator + " within " + timeout
                + ((lastProblem != null) ? "; last problem: " + lastProblem : ""), cause);
        this.delegator = delegator;
    }

    /**
     * The delegator asked, as its {@code toString()} names it.
     */
    public String delegator() {
        return this.delegator;
    }

}
