/**
 * The worker-lease protocol, in plain Java: the {@link dev.snowcloud.lease.Delegator}
 * a lease comes from, and the {@link dev.snowcloud.lease.LeaseKeeper} that registers,
 * renews, re-registers and releases it on behalf of a
 * {@link dev.snowcloud.id.SnowflakeGenerator}. The Spring Boot starter only wires these.
 */
@NullMarked
package dev.snowcloud.lease;

import org.jspecify.annotations.NullMarked;
