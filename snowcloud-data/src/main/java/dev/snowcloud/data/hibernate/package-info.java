/**
 * Hibernate ORM: the generator behind {@link dev.snowcloud.data.SnowflakeId @SnowflakeId}.
 */
@NullMarked
package dev.snowcloud.data.hibernate;

import org.jspecify.annotations.NullMarked;
