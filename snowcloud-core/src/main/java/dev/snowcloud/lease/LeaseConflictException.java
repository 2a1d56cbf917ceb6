package dev.snowcloud.lease;

/**
 * The delegator does not hold the lease for this token any more ({@code 409}): the
 * lease is lost and the generator must register again.
 */
public class LeaseConflictException extends DelegatorException {

    public LeaseConflictException(String message, int status) {
        super(message, status);
    }

}
