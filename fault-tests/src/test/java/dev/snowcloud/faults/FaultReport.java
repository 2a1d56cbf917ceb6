package dev.snowcloud.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import dev.snowcloud.faults.FaultLog.Fault;
import dev.snowcloud.faults.audit.AuditReport;
import dev.snowcloud.faults.audit.GeneratorHistory;
import dev.snowcloud.faults.cluster.Cluster;

/**
 * Prints the outcome of a fault run (the summary line, the per-fault table, IDs per
 * generator) and writes it to {@code target/fault-report/fault-report.md}, with the date and
 * the machine it ran on, for docs/safety.md.
 */
final class FaultReport {

    private FaultReport() {
    }

    static Path directory() {
        return Path.of(System.getProperty("snowcloud.faults.report-dir", "target/fault-report"));
    }

    static void write(FaultLog faults, List<GeneratorHistory> generators, AuditReport audit, Cluster cluster,
            long elapsedNanos) {
        write("fault-report.md", faults, generators, audit, cluster, elapsedNanos);
    }

    /** The same, into {@code fileName} in the report directory. */
    static void write(String fileName, FaultLog faults, List<GeneratorHistory> generators, AuditReport audit,
            Cluster cluster, long elapsedNanos) {
        StringBuilder text = new StringBuilder();
        text.append("# Fault run ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append("\n\n");
        text.append(machine()).append("\n\n");
        Cluster.Settings settings = cluster.settings();
        text.append(String.format("Lease ttl %d ms, recovery period %d ms, max clock skew %d ms; generators issue "
                + "%,d IDs/s each on %d threads. Run took %.0f s.%n%n", settings.leaseTtl().toMillis(),
                settings.recoveryPeriod().toMillis(), settings.maxClockSkew().toMillis(), settings.generatorRate(),
                settings.generatorThreads(), elapsedNanos / 1e9));
        text.append("**").append(audit.summaryLine(faults.faults().size())).append("**\n\n");
        text.append(faults.table(generators, audit.duplicateValues())).append('\n');
        for (Fault fault : faults.faults()) {
            if (!fault.notes().isEmpty()) {
                text.append("- fault ").append(fault.id()).append(": ").append(String.join("; ", fault.notes()))
                    .append('\n');
            }
        }
        text.append('\n');
        for (GeneratorHistory generator : generators) {
            text.append(String.format("- %s: %,d IDs, %s granted (worker IDs %s), %s of refusals; IDs by worker ID %s%n",
                    generator.name(), audit.idsPerGenerator().getOrDefault(generator.name(), 0L),
                    count(generator.grants().size(), "lease"),
                    generator.grants().stream().map((g) -> Integer.toString(g.workerId())).distinct().toList(),
                    count(generator.refusals().size(), "stretch"),
                    audit.idsPerWorker().getOrDefault(generator.name(), Map.of())));
        }
        text.append(String.format("- %d distinct worker IDs among the IDs; audit findings besides duplicates: %s%n",
                audit.workersSeen(), audit.problems().isEmpty() ? "none" : audit.problems()));
        if (audit.handovers() > 0) {
            text.append(String.format("- %d handovers of a worker ID between processes; the closest, %,d ms apart: %s%n",
                    audit.handovers(), audit.closestHandoverMillis(), audit.closestHandover()));
        }
        String report = text.toString();
        System.out.println();
        System.out.println(audit.summaryLine(faults.faults().size()));
        System.out.println(report);
        try {
            Files.createDirectories(directory());
            Files.writeString(directory().resolve(fileName), report, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String count(int n, String noun) {
        return n + " " + noun + ((n == 1) ? "" : noun.endsWith("h") ? "es" : "s");
    }

    private static String machine() {
        Runtime runtime = Runtime.getRuntime();
        String load;
        try {
            load = Files.readString(Path.of("/proc/loadavg")).strip();
        }
        catch (IOException ex) {
            load = "unknown";
        }
        Map<String, String> env = System.getenv();
        return String.format("Machine: %d cores, %s %s %s, Java %s; load average at the end: %s%s",
                runtime.availableProcessors(), System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("os.arch"), System.getProperty("java.version"), load,
                env.containsKey("CI") ? " (CI)" : "");
    }

}
