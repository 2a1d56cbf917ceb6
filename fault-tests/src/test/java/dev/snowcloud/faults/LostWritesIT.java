package dev.snowcloud.faults;

import java.time.Duration;
import java.util.List;

import dev.snowcloud.faults.audit.AuditReport;
import dev.snowcloud.faults.audit.GeneratorHistory;
import dev.snowcloud.faults.audit.IdAudit;
import dev.snowcloud.faults.cluster.Cluster;
import dev.snowcloud.faults.cluster.DelegatorNode;
import dev.snowcloud.faults.cluster.GeneratorNode;
import dev.snowcloud.faults.cluster.Waits;
import dev.snowcloud.faults.record.EventTypes;
import dev.snowcloud.testsupport.RedisServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis comes back having lost its <em>latest</em> acknowledged writes but not the pool
 * itself (an OS crash with {@code appendfsync everysec}, a restore, a failover to an
 * asynchronous replica that lagged). A worker ID granted in the lost writes looks free
 * again. The delegator treats a new Redis run as a store loss (see docs/safety.md, "Lost
 * writes"): a recovery period in which the holder of the lost grant re-claims its ID before
 * anyone can register, so no worker ID is held twice.
 */
class LostWritesIT {

    /** The recovery period is one ttl: the lost grant's holder renews well within it. */
    private static final Duration TTL = Duration.ofSeconds(9);

    @Test
    void aRedisThatLostItsLatestWritesMustNotGrantAWorkerIdTwice() {
        Cluster.Settings settings = Cluster.Settings.fromBuild(TTL, 25_000).withRecoveryPeriod(TTL);
        try (Cluster cluster = Cluster.create(settings)) {
            // No append-only file: a restart loads what the last explicit SAVE wrote.
            RedisServer redis = cluster.startRedis(false);
            DelegatorNode delegator = cluster.startDelegator("delegator");
            delegator.awaitServing(Duration.ofMinutes(2));
            GeneratorNode first = cluster.startGenerator("gen-1", delegator);
            awaitIssuing(first);
            redis.command("SAVE");
            GeneratorNode lostGrant = cluster.startGenerator("gen-2", delegator);
            awaitIssuing(lostGrant);

            // Redis dies and comes back with the snapshot: gen-2's grant is gone, the pool is not.
            redis.kill();
            GeneratorNode next = cluster.startGenerator("gen-3", delegator);
            Waits.until("gen-3 tries to register while Redis is down", Duration.ofMinutes(2),
                    () -> !next.history().events(EventTypes.REGISTER_REFUSED).isEmpty(), () -> next.logTail(20));
            redis.start();
            awaitIssuing(next);
            Waits.pause(Duration.ofSeconds(2));

            cluster.stopGenerators();
            List<GeneratorHistory> histories = cluster.generators().stream().map(GeneratorNode::history).toList();
            AuditReport audit = IdAudit.audit(histories);
            System.out.println("lost writes: " + audit.summaryLine(1) + "; worker IDs granted: "
                    + histories.stream().map((h) -> h.name() + " " + h.grants().stream().map(GeneratorHistory.Grant::workerId).toList()).toList()
                    + "; findings " + audit.problems());
            assertThat(audit.idsChecked()).isPositive();
            audit.assertSafe();
        }
    }

    private static void awaitIssuing(GeneratorNode generator) {
        long since = System.currentTimeMillis();
        Waits.until(generator.name() + " issues", Duration.ofMinutes(2), () -> {
            GeneratorNode.Status status = generator.status();
            return status != null && status.isIssuingSince(since);
        }, () -> generator.logTail(20));
    }

}
