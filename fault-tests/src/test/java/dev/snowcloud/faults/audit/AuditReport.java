package dev.snowcloud.faults.audit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link IdAudit} found. {@link #assertNoDuplicates()} and {@link #assertSafe()} are the
 * checks the fault tests apply; the duplicate-detection test applies the same ones to a run
 * that must fail them.
 *
 * @param idsChecked IDs read and merged
 * @param duplicates values seen more than once (each extra occurrence counts once)
 * @param duplicateExamples the first few duplicates, described
 * @param duplicateValues the duplicated values (the first 100,000), to place them in time
 * @param problems other findings by kind (issue order, unheld worker, before notBefore, past
 * maxTimestamp, one holder at a time, two holders in one millisecond, partial record): count of
 * each
 * @param problemExamples the first few of each kind
 * @param idsPerGenerator IDs each process wrote
 * @param idsPerWorker IDs each process wrote under each worker ID, by process, then worker ID
 * @param workersSeen distinct worker IDs among all IDs
 * @param handovers times a worker ID's IDs passed from one process to another, in ID order
 * @param closestHandover the handover with the smallest gap between the last timestamp of one
 * holder and the first of the next, described; empty without handovers
 * @param closestHandoverMillis that gap
 * @param sharedMillis the Unix milliseconds (the first 100,000) in which a worker ID had two
 * holders, once per worker ID and millisecond, to place them in time
 */
public record AuditReport(long idsChecked, long duplicates, List<String> duplicateExamples,
        List<Long> duplicateValues, Map<String, Long> problems,
        Map<String, List<String>> problemExamples, Map<String, Long> idsPerGenerator,
        Map<String, Map<Integer, Long>> idsPerWorker, int workersSeen, long handovers,
        String closestHandover, long closestHandoverMillis, List<Long> sharedMillis) {

    /** Fails, with examples, if any ID was issued twice. */
    public void assertNoDuplicates() {
        if (this.duplicates > 0) {
            throw new AssertionError(String.format("%,d duplicate IDs among %,d checked, e.g.%n  %s", this.duplicates,
                    this.idsChecked, String.join("\n  ", this.duplicateExamples)));
        }
    }

    /** Fails on duplicates and on every other finding. */
    public void assertSafe() {
        assertNoDuplicates();
        if (!this.problems.isEmpty()) {
            StringBuilder message = new StringBuilder("The ID audit found problems:");
            this.problems.forEach((kind, count) -> message.append(String.format("%n%s: %,d, e.g.%n  %s", kind, count,
                    String.join("\n  ", this.problemExamples.get(kind)))));
            throw new AssertionError(message.toString());
        }
    }

    /** {@code faults: 7 injected, 12,345,678 IDs checked, 0 duplicates}. */
    public String summaryLine(int faults) {
        return String.format("faults: %d injected, %,d IDs checked, %,d duplicates", faults, this.idsChecked,
                this.duplicates);
    }

    static final class Builder {

        private long checked;

        private long duplicates;

        private final List<String> duplicateExamples = new ArrayList<>();

        private final List<Long> duplicateValues = new ArrayList<>();

        private final Map<String, Long> problems = new LinkedHashMap<>();

        private final Map<String, List<String>> problemExamples = new LinkedHashMap<>();

        private final Map<String, Long> idsPerGenerator = new LinkedHashMap<>();

        private final Map<String, Map<Integer, Long>> idsPerWorker = new LinkedHashMap<>();

        private int workersSeen;

        private long handovers;

        private String closestHandover = "";

        private long closestHandoverMillis = Long.MAX_VALUE;

        private final List<Long> sharedMillis = new ArrayList<>();

        void checked(long count) {
            this.checked = count;
        }

        void duplicate(long value, String description) {
            this.duplicates++;
            if (this.duplicateValues.size() < 100_000) {
                this.duplicateValues.add(value);
            }
            if (this.duplicateExamples.size() < IdAudit.examples()) {
                this.duplicateExamples.add(description);
            }
        }

        void problem(String kind, String description) {
            this.problems.merge(kind, 1L, Long::sum);
            List<String> examples = this.problemExamples.computeIfAbsent(kind, (key) -> new ArrayList<>());
            if (examples.size() < IdAudit.examples()) {
                examples.add(description);
            }
        }

        void sharedMillisecond(long unixMillis, String description) {
            if (this.sharedMillis.size() < 100_000) {
                this.sharedMillis.add(unixMillis);
            }
            problem(IdAudit.TWO_HOLDERS_IN_ONE_MILLISECOND, description);
        }

        void idsOf(String generator, long count) {
            this.idsPerGenerator.merge(generator, count, Long::sum);
        }

        void idsUnder(String generator, int workerId, long count) {
            this.idsPerWorker.computeIfAbsent(generator, (key) -> new LinkedHashMap<>()).merge(workerId, count, Long::sum);
        }

        void handover(long gapMillis, String description) {
            this.handovers++;
            if (gapMillis < this.closestHandoverMillis) {
                this.closestHandoverMillis = gapMillis;
                this.closestHandover = description;
            }
        }

        void workersSeen(int count) {
            this.workersSeen = count;
        }

        AuditReport build() {
            return new AuditReport(this.checked, this.duplicates, List.copyOf(this.duplicateExamples),
                    List.copyOf(this.duplicateValues),
                    Collections.unmodifiableMap(this.problems), Collections.unmodifiableMap(this.problemExamples),
                    Collections.unmodifiableMap(this.idsPerGenerator), Collections.unmodifiableMap(this.idsPerWorker),
                    this.workersSeen, this.handovers,
                    this.closestHandover, this.closestHandoverMillis, List.copyOf(this.sharedMillis));
        }

    }

}
