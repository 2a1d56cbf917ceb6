package dev.snowcloud.starter.lease;

/**
 * The delegator refused the API key ({@code 401} or {@code 403}); retrying will
 * not help until the key is fixed.
 */
public class DelegatorAuthenticationException extends DelegatorException {

    public DelegatorAuthenticationException(String message, int status) {
        super(message, status);
    }

}
