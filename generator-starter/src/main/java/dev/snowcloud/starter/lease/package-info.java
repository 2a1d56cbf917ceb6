/**
 * The worker lease in the application context: a {@code SmartLifecycle} around the
 * core's {@link dev.snowcloud.lease.LeaseKeeper}.
 */
@NullMarked
package dev.snowcloud.starter.lease;

import org.jspecify.annotations.NullMarked;
