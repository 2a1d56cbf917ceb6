/**
 * The in-memory lease store for a single delegator.
 */
@NullMarked
package dev.snowcloud.delegator.lease.memory;

import org.jspecify.annotations.NullMarked;
