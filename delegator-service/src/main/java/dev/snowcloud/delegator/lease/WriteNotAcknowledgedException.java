package dev.snowcloud.delegator.lease;

/**
 * The store made a change but fewer replicas than required confirmed it in time: a failover
 * could lose it, so the change must not be relied on. A register answered this way leaves a
 * grant nobody knows the token of, which simply expires; a renew leaves the holder with the
 * expiry it already had.
 */
public class WriteNotAcknowledgedException extends StoreUnavailableException {

    private static final long serialVersionUID = 1L;

    public WriteNotAcknowledgedException(String message) {
        super(message, null);
    }

}
