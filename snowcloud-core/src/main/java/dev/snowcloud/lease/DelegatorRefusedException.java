package dev.snowcloud.lease;

/**
 * The delegator refused the request as such: {@code 401}/{@code 403} (the API key),
 * {@code 404} (the URL, or a worker ID it does not know) or {@code 400} (the request).
 * Retrying the same call will not help until the configuration changes.
 */
public class DelegatorRefusedException extends DelegatorException {

    public DelegatorRefusedException(String message, int status) {
        super(message, status);
    }

}
