package dev.snowcloud.example.ids;

import dev.snowcloud.id.SnowflakeId;

/**
 * A decoded ID as {@code GET /ids/{id}} shows it; the ID itself as a string,
 * since it exceeds what a JavaScript number holds exactly.
 *
 * @param id the ID
 * @param timestamp its timestamp, ISO-8601
 * @param unixMillis its timestamp in Unix epoch milliseconds
 * @param workerId the worker ID it was issued under
 * @param sequence its sequence number within the millisecond
 */
record DecodedId(String id, String timestamp, long unixMillis, int workerId, int sequence) {

    static DecodedId of(SnowflakeId decoded) {
        return new DecodedId(Long.toString(decoded.id()), decoded.timestamp().toString(), decoded.unixMillis(),
                decoded.workerId(), decoded.sequence());
    }

}
