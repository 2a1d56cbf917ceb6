/**
 * {@link dev.snowcloud.data.SnowflakeId @SnowflakeId}: snowflake IDs on entities and in JSON.
 */
@NullMarked
package dev.snowcloud.data;

import org.jspecify.annotations.NullMarked;
