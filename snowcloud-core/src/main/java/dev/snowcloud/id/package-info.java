/**
 * The snowflake ID engine: the 64-bit layout, the lock-free generator and the lease it
 * issues under. Plain Java, no Spring: the starter and any other framework only wire it.
 */
@NullMarked
package dev.snowcloud.id;

import org.jspecify.annotations.NullMarked;
