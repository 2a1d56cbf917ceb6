package dev.snowcloud.lease;

import java.util.Locale;

/**
 * How an attempt to renew the lease ended, as counted by
 * {@code snowcloud_lease_renewals_total{outcome}}.
 */
public enum RenewalOutcome {

    /** The delegator extended the lease. */
    SUCCESS,

    /** The delegator no longer held the lease for this token; the generator registers again. */
    CONFLICT,

    /** The delegator could not be reached or refused for now; the renewal is retried before the deadline. */
    FAILURE,

    /** The deadline passed before a renewal succeeded; the generator registers again instead of renewing. */
    LAPSED;

    /**
     * The value of the {@code outcome} tag.
     */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

}
