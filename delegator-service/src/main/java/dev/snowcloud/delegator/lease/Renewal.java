package dev.snowcloud.delegator.lease;

/**
 * The outcome of a successful renew.
 *
 * @param lease the lease with its new expiry
 * @param reclaimed whether the renew re-claimed the ID after the store lost its pool,
 * rather than extending a lease the store knew
 */
public record Renewal(GrantedLease lease, boolean reclaimed) {

}
