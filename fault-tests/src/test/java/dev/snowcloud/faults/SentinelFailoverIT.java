package dev.snowcloud.faults;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import dev.snowcloud.faults.audit.AuditReport;
import dev.snowcloud.faults.audit.GeneratorHistory;
import dev.snowcloud.faults.audit.IdAudit;
import dev.snowcloud.faults.cluster.Cluster;
import dev.snowcloud.faults.cluster.DelegatorNode;
import dev.snowcloud.faults.cluster.GeneratorNode;
import dev.snowcloud.faults.cluster.Waits;
import dev.snowcloud.faults.record.EventTypes;
import dev.snowcloud.testsupport.RedisSentinel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault: the Redis master is SIGKILLed while generators issue, and Sentinel promotes a
 * replica. Real processes: one master, two replicas, three sentinels, two delegators that
 * find the master through the sentinels with {@code min-replicas-acked=1}, three generators.
 * The delegators follow the promotion, the new master is a new Redis run (recovery period),
 * and the audit finds no ID issued twice and no worker ID with two holders at once.
 */
class SentinelFailoverIT {

    private static final Duration TTL = Duration.ofSeconds(6);

    private static final Duration PATIENCE = Duration.ofMinutes(2);

    /** Delegators start in 10-20 s on an idle machine; on the shared 2-core build machine it can take minutes. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    @Test
    void noIdIsIssuedTwiceWhenSentinelPromotesAReplicaUnderLoad() {
        Cluster.Settings settings = Cluster.Settings.fromBuild(TTL, 10_000);
        try (Cluster cluster = Cluster.create(settings)) {
            RedisSentinel sentinel = cluster.startSentinel(2, Duration.ofMillis(1000));
            cluster.delegatorArgs("--snowcloud.delegator.redis.min-replicas-acked=1",
                    "--snowcloud.delegator.redis.ack-timeout=500ms", "--spring.data.redis.timeout=2s",
                    "--spring.data.redis.connect-timeout=1s");
            DelegatorNode a = cluster.startDelegator("delegator-a");
            DelegatorNode b = cluster.startDelegator("delegator-b");
            a.awaitServing(START_TIMEOUT);
            b.awaitServing(START_TIMEOUT);
            List<GeneratorNode> generators = List.of(cluster.startGenerator("gen-1", a),
                    cluster.startGenerator("gen-2", b), cluster.startGenerator("gen-3", a));
            awaitAllIssuing(generators, 0);
            Waits.pause(Duration.ofSeconds(3));

            String oldMaster = sentinel.master();
            long killedAt = System.currentTimeMillis();
            sentinel.servers().kill(sentinel.masterNode());
            Duration promotion = sentinel.awaitFailover(oldMaster, Duration.ofSeconds(30));
            long promotedAt = System.currentTimeMillis();
            Waits.until("every generator renewed or registered through the new master", PATIENCE,
                    () -> generators.stream().allMatch((g) -> !g.history().events(EventTypes.RENEWED, promotedAt).isEmpty()
                            || g.history().grants().stream().anyMatch((grant) -> grant.at() >= promotedAt)),
                    () -> diagnostics(cluster));
            long renewedAt = System.currentTimeMillis();
            awaitAllIssuing(generators, promotedAt);
            Waits.pause(Duration.ofSeconds(2));

            assertThat(cluster.stopGenerators()).doesNotContainValue(false);
            List<GeneratorHistory> histories = generators.stream().map(GeneratorNode::history).toList();
            AuditReport audit = IdAudit.audit(histories);
            System.out.printf("Sentinel failover fault: promotion %d ms after SIGKILL, every generator renewed through "
                    + "the new master %d ms after it; %s; %s%n", promotion.toMillis(), renewedAt - killedAt,
                    audit.summaryLine(1), histories.stream()
                        .map((h) -> h.name() + " refused " + h.refusals().stream().mapToLong((w) -> w.millis()).sum()
                                + " ms")
                        .collect(Collectors.joining(", ")));
            audit.assertSafe();
            assertThat(audit.idsChecked()).isGreaterThan(100_000);
            assertThat(a.logTail(200) + b.logTail(200)).contains("Redis run changed (run_id");
        }
    }

    static void awaitAllIssuing(List<GeneratorNode> generators, long since) {
        Waits.until("every generator issues", PATIENCE, () -> generators.stream().allMatch((g) -> {
            GeneratorNode.Status status = g.status();
            return status != null && status.isIssuingSince(since);
        }), () -> generators.stream().map((g) -> g + ": " + g.status() + "\n" + g.logTail(10)).collect(Collectors.joining("\n")));
    }

    static String diagnostics(Cluster cluster) {
        StringBuilder text = new StringBuilder();
        for (GeneratorNode generator : cluster.generators()) {
            text.append(generator).append(": ").append(generator.status()).append('\n');
        }
        for (DelegatorNode delegator : cluster.delegators()) {
            text.append(delegator).append('\n').append(delegator.logTail(10).indent(4));
        }
        return text.toString();
    }

}
