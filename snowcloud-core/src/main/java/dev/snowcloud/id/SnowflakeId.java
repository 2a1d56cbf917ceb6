package dev.snowcloud.id;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * A decoded snowflake ID.
 *
 * @param id the raw 64-bit ID; a string in JSON, since JavaScript numbers hold only 53 bits
 * @param unixMillis its timestamp in Unix epoch milliseconds
 * @param workerId the worker ID it was issued under, 0..1023
 * @param sequence its sequence number within the millisecond, 0..4095
 */
public record SnowflakeId(@JsonFormat(shape = JsonFormat.Shape.STRING) long id, long unixMillis, int workerId,
        int sequence) {

    /**
     * The ID's timestamp as an instant.
     */
    public Instant timestamp() {
        return Instant.ofEpochMilli(unixMillis);
    }

}
