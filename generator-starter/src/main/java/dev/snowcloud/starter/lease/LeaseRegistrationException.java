package dev.snowcloud.starter.lease;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Start-up got no worker lease from the delegator in time, so the application
 * would not be able to issue IDs.
 */
public class LeaseRegistrationException extends RuntimeException {

    private final URI delegatorUrl;

    public LeaseRegistrationException(URI delegatorUrl, Duration timeout, @Nullable String lastProblem,
            @Nullable Throwable cause) {
        super("No worker lease from the delegator at " + delegatorUrl + " within " + timeout
                + (lastProblem != null ? "; last problem: " + lastProblem : ""), cause);
        this.delegatorUrl = delegatorUrl;
    }

    public URI delegatorUrl() {
        return this.delegatorUrl;
    }

}
