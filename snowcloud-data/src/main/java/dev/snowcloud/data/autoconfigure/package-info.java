/**
 * Spring Boot auto-configuration of the {@link dev.snowcloud.data.SnowflakeId @SnowflakeId}
 * integrations, one per library: Hibernate, Spring Data JDBC, Jackson.
 */
@NullMarked
package dev.snowcloud.data.autoconfigure;

import org.jspecify.annotations.NullMarked;
