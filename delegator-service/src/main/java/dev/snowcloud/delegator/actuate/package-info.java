/**
 * Operations: metrics and health of the lease store.
 */
@NullMarked
package dev.snowcloud.delegator.actuate;

import org.jspecify.annotations.NullMarked;
