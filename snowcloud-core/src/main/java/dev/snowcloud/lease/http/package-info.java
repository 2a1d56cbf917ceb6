/**
 * A {@link dev.snowcloud.lease.Delegator} over the delegator's REST API on
 * {@code java.net.http}, failing over between replicas.
 */
@NullMarked
package dev.snowcloud.lease.http;

import org.jspecify.annotations.NullMarked;
