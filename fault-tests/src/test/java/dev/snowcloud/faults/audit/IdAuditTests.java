package dev.snowcloud.faults.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import dev.snowcloud.faults.record.IdFileWriter;
import dev.snowcloud.faults.record.RunFiles;
import dev.snowcloud.id.SnowflakeLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.entry;

/** The checker itself, on run directories written by hand. */
class IdAuditTests {

    private static final SnowflakeLayout layout = SnowflakeLayout.defaultLayout();

    private static final long T = 1_795_850_000_000L;

    @TempDir
    Path dir;

    @Test
    void disjointWorkersPass() throws IOException {
        GeneratorHistory a = generator("a", grant(1, T), ids(0, id(T, 1, 0), id(T, 1, 1), id(T + 1, 1, 0)));
        GeneratorHistory b = generator("b", grant(2, T), ids(0, id(T, 2, 0)), ids(1, id(T, 2, 1)));

        AuditReport report = IdAudit.audit(List.of(a, b));

        assertThatNoException().isThrownBy(report::assertSafe);
        assertThat(report.idsChecked()).isEqualTo(5);
        assertThat(report.workersSeen()).isEqualTo(2);
        assertThat(report.summaryLine(3)).isEqualTo("faults: 3 injected, 5 IDs checked, 0 duplicates");
    }

    @Test
    void theSameIdFromTwoProcessesIsADuplicate() throws IOException {
        GeneratorHistory a = generator("a", grant(1, T), ids(0, id(T, 1, 0), id(T, 1, 1)));
        GeneratorHistory b = generator("b", grant(1, T), ids(0, id(T, 1, 1)));

        AuditReport report = IdAudit.audit(List.of(a, b));

        assertThat(report.duplicates()).isEqualTo(1);
        assertThat(report.duplicateValues()).containsExactly(id(T, 1, 1));
        assertThatExceptionOfType(AssertionError.class).isThrownBy(report::assertNoDuplicates)
            .withMessageContaining("1 duplicate IDs among 3 checked");
    }

    @Test
    void theSameIdTwiceFromOneProcessIsADuplicate() throws IOException {
        GeneratorHistory a = generator("a", grant(1, T), ids(0, id(T, 1, 0)), ids(1, id(T, 1, 0)));

        assertThat(IdAudit.audit(List.of(a)).duplicates()).isEqualTo(1);
    }

    @Test
    void aThreadWhoseIdsDoNotIncreaseIsReported() throws IOException {
        GeneratorHistory a = generator("a", grant(1, T), ids(0, id(T, 1, 1), id(T, 1, 0)));

        AuditReport report = IdAudit.audit(List.of(a));

        assertThat(report.duplicates()).isZero();
        assertThat(report.problems()).containsOnlyKeys("issue order");
        assertThatExceptionOfType(AssertionError.class).isThrownBy(report::assertSafe).withMessageContaining("issue order");
    }

    @Test
    void anIdUnderAWorkerNeverGrantedIsReported() throws IOException {
        GeneratorHistory a = generator("a", grant(1, T), ids(0, id(T, 2, 0)));

        assertThat(IdAudit.audit(List.of(a)).problems()).containsOnlyKeys("unheld worker");
    }

    @Test
    void anIdBeforeItsGrantsNotBeforeIsReported() throws IOException {
        GeneratorHistory a = generator("a", grant(1, T + 10), ids(0, id(T + 9, 1, 0)));

        assertThat(IdAudit.audit(List.of(a)).problems()).containsOnlyKeys("before notBefore");
    }

    @Test
    void aWorkerIdHandedOnOncePerGrantPasses() throws IOException {
        GeneratorHistory a = generator("a", grant(3, T), ids(0, id(T, 3, 0), id(T + 1, 3, 0)));
        GeneratorHistory b = generator("b", grant(3, T + 2), ids(0, id(T + 2, 3, 0), id(T + 3, 3, 0)));

        AuditReport report = IdAudit.audit(List.of(a, b));

        assertThatNoException().isThrownBy(report::assertSafe);
        assertThat(report.handovers()).isEqualTo(1);
        assertThat(report.closestHandoverMillis()).isEqualTo(1);
        assertThat(report.closestHandover()).startsWith("worker 3 from a").contains("to b");
    }

    @Test
    void twoHoldersInterleavingOnOneWorkerIdAreReportedWithoutADuplicate() throws IOException {
        GeneratorHistory a = generator("a", grant(3, T), ids(0, id(T, 3, 0), id(T + 1, 3, 0)));
        GeneratorHistory b = generator("b", grant(3, T), ids(0, id(T, 3, 1), id(T + 1, 3, 1)));

        AuditReport report = IdAudit.audit(List.of(a, b));

        assertThat(report.duplicates()).isZero();
        assertThat(report.problems()).containsOnlyKeys("one holder at a time", "two holders in one millisecond");
    }

    @Test
    void aHandoverWithinOneMillisecondIsReportedEvenWhenTheGrantsAllowIt() throws IOException {
        GeneratorHistory a = generator("a", grant(3, T), ids(0, id(T, 3, 0), id(T + 1, 3, 0)));
        GeneratorHistory b = generator("b", grant(3, T + 1), ids(0, id(T + 1, 3, 1), id(T + 2, 3, 0)));

        AuditReport report = IdAudit.audit(List.of(a, b));

        assertThat(report.duplicates()).isZero();
        assertThat(report.problems()).containsOnlyKeys("two holders in one millisecond");
        assertThat(report.problems()).containsEntry("two holders in one millisecond", 1L);
        assertThat(report.problemExamples().get("two holders in one millisecond").get(0))
            .startsWith("worker 3 at ").endsWith("a and b");
    }

    @Test
    void aProcessIssuingUnderSeveralWorkerIdsAtOncePasses() throws IOException {
        GeneratorHistory a = generator("a", List.of(lease(4, 1, T, T + 100), lease(5, 2, T, T + 100),
                lease(6, 3, T, T + 100)), ids(0, id(T, 4, 4095), id(T, 5, 0), id(T, 6, 0), id(T + 1, 4, 0)),
                ids(1, id(T, 5, 1), id(T + 1, 5, 0)));
        GeneratorHistory b = generator("b", grant(7, T), ids(0, id(T, 7, 0)));

        AuditReport report = IdAudit.audit(List.of(a, b));

        assertThatNoException().isThrownBy(report::assertSafe);
        assertThat(report.workersSeen()).isEqualTo(4);
        assertThat(report.handovers()).isZero();
        assertThat(report.idsPerWorker().get("a")).containsExactly(entry(4, 2L), entry(5, 3L), entry(6, 1L));
    }

    @Test
    void anIdPastItsLeasesMaxTimestampIsReported() throws IOException {
        GeneratorHistory a = generator("a", List.of(lease(4, 1, T, T + 10), lease(5, 2, T, T + 10)),
                ids(0, id(T + 10, 4, 0), id(T + 11, 5, 0)));

        AuditReport report = IdAudit.audit(List.of(a));

        assertThat(report.problems()).containsOnlyKeys("past maxTimestamp");
        assertThat(report.problemExamples().get("past maxTimestamp").get(0)).contains("worker 5");
    }

    @Test
    void aRenewalMovesTheLeasesMaxTimestamp() throws IOException {
        GeneratorHistory a = generator("a", List.of(lease(4, 1, T, T + 10), renewal(4, 1, T + 20)),
                ids(0, id(T + 10, 4, 0), id(T + 20, 4, 0)));

        assertThatNoException().isThrownBy(IdAudit.audit(List.of(a))::assertSafe);
    }

    @Test
    void aWorkerIdHeldAgainByAnotherLeaseOfTheSameProcessLaterPasses() throws IOException {
        GeneratorHistory a = generator("a", List.of(lease(3, 1, T, T + 5), lease(3, 2, T + 6, T + 100)),
                ids(0, id(T, 3, 0), id(T + 5, 3, 0)), ids(1, id(T + 6, 3, 0), id(T + 7, 3, 0)));

        AuditReport report = IdAudit.audit(List.of(a));

        assertThatNoException().isThrownBy(report::assertSafe);
        assertThat(report.handovers()).isEqualTo(1);
        assertThat(report.closestHandover()).startsWith("worker 3 from a lease 1").contains("to a lease 2");
    }

    @Test
    void aTornLastRecordIsReported() throws IOException {
        GeneratorHistory a = generator("a", grant(1, T), ids(0, id(T, 1, 0)));
        Files.write(RunFiles.idFile(a.dir(), 0), new byte[3], StandardOpenOption.APPEND);

        AuditReport report = IdAudit.audit(List.of(a));

        assertThat(report.idsChecked()).isEqualTo(1);
        assertThat(report.problems()).containsOnlyKeys("partial record");
    }

    private static long id(long unixMillis, int workerId, int sequence) {
        return layout.encode(unixMillis, workerId, sequence);
    }

    private static String grant(int workerId, long notBefore) {
        return "{\"type\":\"grant\",\"at\":" + notBefore + ",\"workerId\":" + workerId + ",\"notBefore\":" + notBefore
                + ",\"via\":\"register\"}";
    }

    private static String lease(int workerId, int lease, long notBefore, long maxTimestamp) {
        return "{\"type\":\"grant\",\"at\":" + notBefore + ",\"workerId\":" + workerId + ",\"notBefore\":"
                + notBefore + ",\"via\":\"register\",\"lease\":" + lease + ",\"maxTimestamp\":" + maxTimestamp + "}";
    }

    private static String renewal(int workerId, int lease, long maxTimestamp) {
        return "{\"type\":\"renewed\",\"at\":" + T + ",\"workerId\":" + workerId + ",\"lease\":" + lease
                + ",\"maxTimestamp\":" + maxTimestamp + "}";
    }

    private static ThreadIds ids(int thread, long... ids) {
        return new ThreadIds(thread, ids);
    }

    private GeneratorHistory generator(String name, String grant, ThreadIds... threads) throws IOException {
        return generator(name, List.of(grant), threads);
    }

    private GeneratorHistory generator(String name, List<String> events, ThreadIds... threads) throws IOException {
        Path run = Files.createDirectories(this.dir.resolve(name));
        Files.writeString(run.resolve(RunFiles.EVENTS), String.join("\n", events) + "\n", StandardCharsets.UTF_8);
        for (ThreadIds thread : threads) {
            try (IdFileWriter out = new IdFileWriter(RunFiles.idFile(run, thread.thread()))) {
                for (long id : thread.ids()) {
                    out.write(id);
                }
            }
        }
        return GeneratorHistory.read(name, run);
    }

    private record ThreadIds(int thread, long[] ids) {
    }

}
