package dev.snowcloud.id;

import java.time.Instant;

/**
 * A decoded snowflake ID.
 *
 * @param id the raw 64-bit ID
 * @param unixMillis its timestamp in Unix epoch milliseconds
 * @param workerId the worker ID it was issued under, 0..1023
 * @param sequence its sequence number within the millisecond, 0..4095
 */
public record SnowflakeId(long id, long unixMillis, int workerId, int sequence) {

    /**
     * The ID's timestamp as an instant.
     */
    public Instant timestamp() {
        return Instant.ofEpochMilli(unixMillis);
    }

}
