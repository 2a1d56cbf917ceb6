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

/**
 * A split brain at the level of the data: the replica is promoted ({@code REPLICAOF NO ONE},
 * what Sentinel does on the far side of a partition) while one delegator still talks to the
 * old master, which lost its replica. A generator keeps renewing through the old master;
 * another registers through the new one, on a pool of one worker ID. Without acknowledged
 * writes the old master keeps extending the lease while the new master, once its recovery
 * period is over, grants the same worker ID again: two holders at once. With
 * {@code min-replicas-acked=1} the old master cannot confirm a renewal, the first holder stops
 * at the expiry it was last confirmed, and the ID changes hands only after it.
 */
class SplitBrainTests {

    private static final LeaseRules RULES = LeaseRules
        .of(Duration.ofSeconds(3), Duration.ofMillis(100), Duration.ofSeconds(3))
        .withPoolSize(1);

    private RedisReplication redis;

    private LettuceConnectionFactory toOldMaster;

    private LettuceConnectionFactory toNewMaster;

    @BeforeEach
    void startMasterAndReplica() {
        this.redis = RedisReplication.start(1);
        this.toOldMaster = RedisTemplates.standalone(this.redis.host(), this.redis.port(0));
        this.toNewMaster = RedisTemplates.standalone(this.redis.host(), this.redis.port(1));
    }

    @AfterEach
    void stopRedis() {
        this.toOldMaster.destroy();
        this.toNewMaster.destroy();
        this.redis.close();
    }

    @Test
    void withoutAcknowledgedWritesTheCutOffMasterKeepsALeaseAliveThatTheNewMasterGrantsAgain() {
        Outcome outcome = splitBrain(0);
        assertThat(outcome.renewalsOnTheOldMaster()).isPositive();
        assertThat(outcome.secondGrantNotBefore()).as("the second holder starts while the first may still issue")
            .isLessThanOrEqualTo(outcome.firstHolderIssuesUntil());
    }

    @Test
    void withAcknowledgedWritesTheCutOffMasterCannotExtendAndTheIdChangesHandsOnlyAfterTheFirstHolderStopped() {
        Outcome outcome = splitBrain(1);
        assertThat(outcome.renewalsOnTheOldMaster()).isZero();
        assertThat(outcome.secondGrantNotBefore()).as("the second holder starts after the first stopped")
            .isGreaterThan(outcome.firstHolderIssuesUntil());
    }

    private Outcome splitBrain(int minReplicasAcked) {
        RedisLeaseStore oldSide = new RedisLeaseStore(RedisTemplates.template(this.toOldMaster), "split", RULES)
            .requireAcknowledgement(minReplicasAcked, Duration.ofMillis(200));
        GrantedLease first = registerWhenOpen(oldSide);
        awaitGrantOn(this.redis, 1, "split", first);

        this.redis.command(1, "REPLICAOF", "NO", "ONE");
        RedisLeaseStore newSide = new RedisLeaseStore(RedisTemplates.template(this.toNewMaster), "split", RULES);

        long firstIssuesUntil = first.expiresAt().toEpochMilli();
        int renewals = 0;
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            if (System.currentTimeMillis() < firstIssuesUntil) {
                try {
                    Renewal renewal = oldSide.renew(first.workerId(), first.leaseToken(), null);
                    firstIssuesUntil = Math.max(firstIssuesUntil, renewal.lease().expiresAt().toEpochMilli());
                    renewals++;
                }
                catch (WriteNotAcknowledgedException ex) {
                    // not confirmed: the holder keeps the expiry it had
                }
            }
            try {
                GrantedLease second = newSide.register(Registration.anonymous());
                System.out.printf("split brain, min-replicas-acked=%d: %d renewals confirmed by the cut-off master; "
                        + "first holder may issue until %d, second holder from %d (%+d ms)%n", minReplicasAcked,
                        renewals, firstIssuesUntil, second.notBefore(), second.notBefore() - firstIssuesUntil);
                return new Outcome(renewals, firstIssuesUntil, second.notBefore());
            }
            catch (StoreRecoveringException | PoolExhaustedException ex) {
                // not yet
            }
            pause();
        }
        throw new AssertionError("The new master never granted the worker ID again");
    }

    private record Outcome(int renewalsOnTheOldMaster, long firstHolderIssuesUntil, long secondGrantNotBefore) {
    }

}
