/**
 * Auto-configuration of a {@link dev.snowcloud.id.SnowflakeGenerator} that holds
 * a worker lease from the Snowcloud delegator, with its health, metrics and
 * actuator endpoint.
 */
@NullMarked
package dev.snowcloud.starter.autoconfigure;

import org.jspecify.annotations.NullMarked;
