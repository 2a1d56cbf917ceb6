/**
 * The lease domain: who holds which worker ID, until when, and from which timestamp a new
 * holder may issue. No Spring here; {@link dev.snowcloud.delegator.lease.LeaseStore} has one
 * implementation per store.
 */
@NullMarked
package dev.snowcloud.delegator.lease;

import org.jspecify.annotations.NullMarked;
