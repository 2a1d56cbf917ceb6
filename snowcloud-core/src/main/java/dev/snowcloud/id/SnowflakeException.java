package dev.snowcloud.id;

/**
 * Base type of every exception the ID engine throws instead of issuing an ID that
 * might not be unique.
 */
public class SnowflakeException extends RuntimeException {

    public SnowflakeException(String message) {
        super(message);
    }

}
