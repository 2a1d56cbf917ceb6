package dev.snowcloud.id;

/**
 * Thrown when a timestamp falls outside what the layout can encode: before the
 * epoch, or 2^41 ms or more after it (where IDs would turn negative).
 */
public class TimestampOutOfRangeException extends SnowflakeException {

    public TimestampOutOfRangeException(String message) {
        super(message);
    }

}
