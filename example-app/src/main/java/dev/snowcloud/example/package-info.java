/**
 * An application that serves snowflake IDs from the Snowcloud starter.
 */
@NullMarked
package dev.snowcloud.example;

import org.jspecify.annotations.NullMarked;
