/**
 * Jackson 3: {@link dev.snowcloud.data.SnowflakeId @SnowflakeId} values as JSON strings.
 */
@NullMarked
package dev.snowcloud.data.jackson;

import org.jspecify.annotations.NullMarked;
