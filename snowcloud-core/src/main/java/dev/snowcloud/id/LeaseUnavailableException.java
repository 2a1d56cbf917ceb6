package dev.snowcloud.id;

/**
 * Thrown instead of an ID while the generator holds no valid worker lease: none
 * was granted yet, it was released, its deadline passed, or it does not start
 * until a {@code notBefore} too far ahead to wait for.
 */
public class LeaseUnavailableException extends SnowflakeException {

    public LeaseUnavailableException(String message) {
        super(message);
    }

}
