/**
 * Notes stored with {@link dev.snowcloud.data.SnowflakeId @SnowflakeId} keys, through Spring
 * Data JPA; an embedded H2 database for the demo, any database with a {@code bigint} column
 * in production.
 */
@NullMarked
package dev.snowcloud.example.notes;

import org.jspecify.annotations.NullMarked;
