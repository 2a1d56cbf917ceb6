/**
 * Spring Data JDBC: {@link dev.snowcloud.data.SnowflakeId @SnowflakeId} IDs for new aggregates.
 */
@NullMarked
package dev.snowcloud.data.jdbc;

import org.jspecify.annotations.NullMarked;
