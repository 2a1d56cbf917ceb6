/**
 * Test support for applications that use the Snowcloud starter:
 * {@link dev.snowcloud.test.autoconfigure.AutoConfigureSnowflakeGenerator}.
 */
@NullMarked
package dev.snowcloud.test.autoconfigure;

import org.jspecify.annotations.NullMarked;
