package dev.snowcloud.starter.autoconfigure;

import dev.snowcloud.lease.LeaseRegistrationException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up that got no worker lease from the delegator.
 */
class LeaseRegistrationFailureAnalyzer extends AbstractFailureAnalyzer<LeaseRegistrationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, LeaseRegistrationException cause) {
        return new FailureAnalysis(cause.getMessage() + ". Without a worker lease the application cannot issue IDs.",
                "Check that " + cause.delegator() + " is up and reachable and accepts"
                        + " snowcloud.generator.delegator.api-key, or raise"
                        + " snowcloud.generator.lease.registration-timeout, or set"
                        + " snowcloud.generator.lease.fail-on-missing=false to start anyway (health DOWN and IDs"
                        + " refused until a lease arrives).",
                cause);
    }

}
