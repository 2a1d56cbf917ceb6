package dev.snowcloud.faults;

import java.time.Duration;
import java.util.List;

import dev.snowcloud.faults.audit.AuditReport;
import dev.snowcloud.faults.audit.GeneratorHistory;
import dev.snowcloud.faults.audit.IdAudit;
import dev.snowcloud.faults.cluster.Cluster;
import dev.snowcloud.faults.cluster.GeneratorNode;
import dev.snowcloud.faults.cluster.Waits;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The harness can fail: two generator processes forced onto the same fixed worker ID issue
 * the same IDs, and the very checks that {@link FaultInjectionIT} applies report them.
 */
class DuplicateDetectionIT {

    @Test
    void twoProcessesOnOneFixedWorkerIdAreReportedAsDuplicates() {
        try (Cluster cluster = Cluster.create(Cluster.Settings.fromBuild(Duration.ofSeconds(3), 25_000))) {
            GeneratorNode first = cluster.startFixedGenerator("fixed-7-a", 7);
            GeneratorNode second = cluster.startFixedGenerator("fixed-7-b", 7);
            List<GeneratorNode> both = List.of(first, second);
            Waits.until("both have issued 100,000 IDs", Duration.ofMinutes(2), () -> both.stream().allMatch((g) -> {
                GeneratorNode.Status status = g.status();
                return status != null && status.issued() >= 100_000;
            }), () -> first.logTail(20) + "\n" + second.logTail(20));
            for (GeneratorNode generator : both) {
                assertThat(generator.stop()).as("%s stopped gracefully", generator.name()).isTrue();
            }
            List<GeneratorHistory> histories = both.stream().map(GeneratorNode::history).toList();

            AuditReport audit = IdAudit.audit(histories);

            System.out.println("duplicate detection: " + audit.summaryLine(0) + ", findings " + audit.problems());
            assertThat(audit.idsChecked()).isGreaterThanOrEqualTo(200_000);
            assertThat(audit.duplicates()).isPositive();
            assertThat(audit.duplicateExamples()).first().asString().contains("worker 7", "fixed-7-a", "fixed-7-b");
            assertThat(audit.problems()).containsKey("one holder at a time");
            assertThatExceptionOfType(AssertionError.class).isThrownBy(audit::assertNoDuplicates)
                .withMessageContaining("duplicate IDs");
            assertThatExceptionOfType(AssertionError.class).isThrownBy(audit::assertSafe);
        }
    }

}
