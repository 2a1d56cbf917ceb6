package dev.snowcloud.delegator.lease;

import dev.snowcloud.testsupport.RedisReplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Waits the tests on a replicated Redis share: for a fresh pool's recovery to end, and for a
 * grant to reach another node.
 */
final class ReplicationWaits {

    private ReplicationWaits() {
    }

    /** Registers once the store's recovery period is over (at most 30 s). */
    static GrantedLease registerWhenOpen(LeaseStore store) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            try {
                return store.register(Registration.anonymous());
            }
            catch (StoreRecoveringException ex) {
                assertThat(System.currentTimeMillis()).as("the fresh pool's recovery ended: %s", ex.getMessage())
                    .isLessThan(deadline);
                pause();
            }
        }
    }

    /** Waits (at most 10 s) until {@code node} holds {@code lease}'s token in pool {@code namespace}. */
    static void awaitGrantOn(RedisReplication redis, int node, String namespace, GrantedLease lease) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!lease.leaseToken().equals(redis.command(node, "HGET", "{snowcloud:" + namespace + "}:token",
                Integer.toString(lease.workerId())))) {
            assertThat(System.currentTimeMillis()).as("the grant reached node %d", node).isLessThan(deadline);
            pause();
        }
    }

    static void pause() {
        try {
            Thread.sleep(100);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

}
