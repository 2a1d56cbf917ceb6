package dev.snowcloud.delegator.lease;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.snowcloud.delegator.lease.redis.RedisLeaseStore;
import dev.snowcloud.testsupport.RedisReplication;

import static dev.snowcloud.delegator.lease.ReplicationWaits.awaitGrantOn;
import static dev.snowcloud.delegator.lease.ReplicationWaits.pause;
import static dev.snowcloud.delegator.lease.ReplicationWaits.registerWhenOpen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A master that served as a replica for a while and is promoted again, all in one process:
 * its {@code run_id} is the same as when it last ran the lease scripts, but its data came from
 * the other side and lacks a grant it acknowledged before. Its promotion gave it a new
 * replication ID, and the store takes that as a new Redis run: it recovers and raises every
 * watermark, so the ID of the lost grant is not handed out again under its live holder.
 */
class RedisPromotedBackTests {

    private static final LeaseRules RULES = LeaseRules
        .of(Duration.ofSeconds(3), Duration.ofMillis(100), Duration.ofSeconds(3))
        .withPoolSize(2);

    private RedisReplication redis;

    private LettuceConnectionFactory toFirst;

    @BeforeEach
    void startMasterAndReplica() {
        this.redis = RedisReplication.start(1);
        this.toFirst = RedisTemplates.standalone(this.redis.host(), this.redis.port(0));
    }

    @AfterEach
    void stopRedis() {
        this.toFirst.destroy();
        this.redis.close();
    }

    @Test
    void aGrantLostByAMasterPromotedBackIsNotGrantedAgainUnderItsHolder() {
        RedisLeaseStore store = new RedisLeaseStore(RedisTemplates.template(this.toFirst), "back", RULES);
        GrantedLease replicated = registerWhenOpen(store);
        awaitGrantOn(this.redis, 1, "back", replicated);

        // The second node is promoted; the first, cut off from it, still grants: a write the
        // second never gets.
        this.redis.command(1, "REPLICAOF", "NO", "ONE");
        GrantedLease lost = store.register(Registration.anonymous());
        assertThat(lost.workerId()).isNotEqualTo(replicated.workerId());

        // The first node rejoins as a replica of the second, takes its data, and is promoted back.
        this.redis.command(0, "REPLICAOF", this.redis.host(), Integer.toString(this.redis.port(1)));
        awaitInSync();
        this.redis.command(0, "REPLICAOF", "NO", "ONE");
        assertThat(this.redis.command(0, "HGET", "{snowcloud:back}:token", Integer.toString(lost.workerId())))
            .as("the lost grant is gone from the data").isNull();

        assertThatExceptionOfType(StoreRecoveringException.class)
            .isThrownBy(() -> store.register(Registration.anonymous()));
        assertThat(store.worker(lost.workerId()).notBefore()).as("the lost grant's holder may issue up to its fence")
            .isGreaterThan(lost.maxTimestamp());
    }

    private void awaitInSync() {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!String.valueOf(this.redis.command(0, "INFO", "replication")).contains("master_link_status:up")) {
            assertThat(System.currentTimeMillis()).as("the first node synced from the second").isLessThan(deadline);
            pause();
        }
    }

}
