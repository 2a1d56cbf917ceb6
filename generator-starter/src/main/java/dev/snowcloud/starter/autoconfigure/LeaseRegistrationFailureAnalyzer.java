package dev.snowcloud.starter.autoconfigure;

import dev.snowcloud.lease.DelegatorRefusedException;
import dev.snowcloud.lease.LeaseRegistrationException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up that got no worker lease from the delegator: a refusal that
 * only a configuration change can fix (a key, a URL) apart from a delegator that
 * did not answer in time.
 */
class LeaseRegistrationFailureAnalyzer extends AbstractFailureAnalyzer<LeaseRegistrationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, LeaseRegistrationException cause) {
        if (cause.getCause() instanceof DelegatorRefusedException refused) {
            return new FailureAnalysis(refused.getMessage() + ". The delegator refused to register this instance,"
                    + " and asking again will not change its answer: without a worker lease the application cannot"
                    + " issue IDs.", refusedAction(refused.status()), cause);
        }
        return new FailureAnalysis(cause.getMessage() + ". Without a worker lease the application cannot issue IDs.",
                "Check that " + cause.delegator() + " is up and reachable and accepts"
                        + " snowcloud.generator.delegator.api-key, or raise"
                        + " snowcloud.generator.lease.registration-timeout, or set"
                        + " snowcloud.generator.lease.fail-on-missing=false to start anyway (health DOWN and IDs"
                        + " refused until a lease arrives).",
                cause);
    }

    private static String refusedAction(int status) {
        return switch (status) {
            case 401, 403 -> "Check snowcloud.generator.delegator.api-key (or the environment variable"
                    + " SNOWCLOUD_GENERATOR_DELEGATOR_API_KEY): the delegator accepts only the keys in its"
                    + " snowcloud.delegator.api-keys.";
            case 404 -> "Check snowcloud.generator.delegator.urls: each must be the base URL of a delegator, such as"
                    + " http://delegator:8080, to which the starter appends /workers; the URL above does not serve"
                    + " the delegator's API.";
            default -> "Check that snowcloud.generator.delegator.urls names a Snowcloud delegator of a matching"
                    + " version, and snowcloud.generator.lease.instance-name: the delegator rejected the request"
                    + " itself.";
        };
    }

}
