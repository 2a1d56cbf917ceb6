package dev.snowcloud.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import dev.snowcloud.faults.audit.GeneratorHistory;
import dev.snowcloud.faults.audit.GeneratorHistory.RefusalWindow;
import dev.snowcloud.faults.cluster.Waits;
import dev.snowcloud.id.SnowflakeLayout;

/**
 * The faults of one run, each with when it was injected, when the test undid it (repaired)
 * and when the system had settled again, and how many IDs had been issued at each point; and
 * from that and the generators' own event logs, the per-fault table of the report.
 */
final class FaultLog {

    private final long startedAt = System.currentTimeMillis();

    private final LongSupplier issuedSoFar;

    private final List<Fault> faults = new ArrayList<>();

    FaultLog(LongSupplier issuedSoFar) {
        this.issuedSoFar = issuedSoFar;
    }

    Fault inject(String description) {
        Fault fault = new Fault(Integer.toString(this.faults.size() + 1), description, System.currentTimeMillis(),
                this.issuedSoFar.getAsLong());
        this.faults.add(fault);
        System.out.printf("[faults] %5.1f s  fault %s: %s%n", fault.injectedAt.since(), fault.id, description);
        return fault;
    }

    List<Fault> faults() {
        return List.copyOf(this.faults);
    }

    /**
     * One row per fault: how long it lasted, IDs issued meanwhile and while settling, which
     * generators refused to issue, the longest refusal and how long after the repair the last
     * of them issued again.
     */
    String table(List<GeneratorHistory> generators, List<Long> duplicateValues) {
        StringBuilder table = new StringBuilder();
        table.append("| # | fault | injected at | lasted | IDs issued during | IDs issued after (settling) "
                + "| generators that refused | longest refusal | last resumed after repair | duplicates |\n");
        table.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Fault fault : this.faults) {
            List<String> refused = new ArrayList<>();
            long longest = 0;
            long resumedAfterRepair = Long.MIN_VALUE;
            for (GeneratorHistory generator : generators) {
                List<RefusalWindow> windows = fault.refusalsOf(generator);
                if (windows.isEmpty()) {
                    continue;
                }
                refused.add(generator.name());
                long first = windows.get(0).start();
                // A generator still waiting for a worker ID at the end counts up to the settling.
                long last = Math.min(windows.get(windows.size() - 1).end(), fault.settledAt.millis);
                longest = Math.max(longest, last - first);
                resumedAfterRepair = Math.max(resumedAfterRepair, last - fault.repairedAt.millis);
            }
            long duplicates = duplicateValues.stream().filter(fault::covers).count();
            table.append(String.format("| %s | %s | %.1f s | %.1f s | %,d | %,d | %s | %s | %s | %d |%n", fault.id,
                    fault.description, fault.injectedAt.since(), seconds(fault.repairedAt.millis - fault.injectedAt.millis),
                    fault.repairedAt.issued - fault.injectedAt.issued, fault.settledAt.issued - fault.repairedAt.issued,
                    refused.isEmpty() ? "none" : refused.size() + " (" + String.join(", ", refused) + ")",
                    refused.isEmpty() ? "—" : String.format("%.1f s", seconds(longest)),
                    refused.isEmpty() ? "—" : String.format("%+.1f s", seconds(resumedAfterRepair)), duplicates));
        }
        return table.toString();
    }

    private static double seconds(long millis) {
        return millis / 1000.0;
    }

    private final class Point {

        final long millis;

        final long issued;

        Point(long millis, long issued) {
            this.millis = millis;
            this.issued = issued;
        }

        double since() {
            return seconds(this.millis - FaultLog.this.startedAt);
        }

    }

    /** One injected fault. */
    final class Fault {

        private final String id;

        private final String description;

        private final Point injectedAt;

        private Point repairedAt;

        private Point settledAt;

        private final List<String> notes = new ArrayList<>();

        private Fault(String id, String description, long injectedAt, long issued) {
            this.id = id;
            this.description = description;
            this.injectedAt = new Point(injectedAt, issued);
            this.repairedAt = this.injectedAt;
            this.settledAt = this.injectedAt;
        }

        /** The test undid the fault (restarted what it killed, resumed what it paused...). */
        void repaired() {
            this.repairedAt = new Point(System.currentTimeMillis(), FaultLog.this.issuedSoFar.getAsLong());
            this.settledAt = this.repairedAt;
        }

        /** Every generator issues again; lets the system run {@code calm} more before the next fault. */
        void settled(Duration calm) {
            Waits.pause(calm);
            this.settledAt = new Point(System.currentTimeMillis(), FaultLog.this.issuedSoFar.getAsLong());
            System.out.printf("[faults] %5.1f s  fault %s settled%s%n", this.settledAt.since(), this.id,
                    this.notes.isEmpty() ? "" : ": " + String.join("; ", this.notes));
        }

        void note(String note) {
            this.notes.add(note);
        }

        long injectedAt() {
            return this.injectedAt.millis;
        }

        long repairedAt() {
            return this.repairedAt.millis;
        }

        String id() {
            return this.id;
        }

        String description() {
            return this.description;
        }

        List<String> notes() {
            return List.copyOf(this.notes);
        }

        /** The generator's refusals that began while this fault was on or settling. */
        List<RefusalWindow> refusalsOf(GeneratorHistory generator) {
            return generator.refusals().stream()
                .filter((window) -> window.start() >= this.injectedAt.millis && window.start() <= this.settledAt.millis)
                .toList();
        }

        boolean covers(long id) {
            return coversMillis((id >>> SnowflakeLayout.TIMESTAMP_SHIFT) + SnowflakeLayout.DEFAULT_EPOCH.toEpochMilli());
        }

        /** Whether Unix millisecond {@code unixMillis} falls between the injection and the settling. */
        boolean coversMillis(long unixMillis) {
            return unixMillis >= this.injectedAt.millis && unixMillis <= this.settledAt.millis;
        }

        @Override
        public String toString() {
            return "fault " + this.id + " (" + this.description + ")";
        }

    }

}
