package dev.snowcloud.faults.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.snowcloud.faults.record.IdFiles;
import dev.snowcloud.faults.record.RunFiles;
import dev.snowcloud.id.SnowflakeLayout;

/**
 * Checks every ID that a set of generator processes wrote:
 * <ol>
 * <li><b>no duplicates</b> — each process's IDs are sorted as a primitive {@code long[]}, then
 * all processes are merged; two equal neighbours are a duplicate, within a process or across
 * processes;</li>
 * <li><b>issue order</b> — each issuing thread's IDs strictly increase in the order it got them
 * (a generator's IDs strictly increase, and a thread's calls follow one another);</li>
 * <li><b>held worker</b> — each ID's worker ID was granted to that process, and its timestamp is
 * at or after the {@code notBefore} of that grant;</li>
 * <li><b>one holder at a time</b> — in the merged order, the IDs of one worker ID change hands
 * between processes at most once per grant of it: two processes issuing under one worker ID
 * at once interleave, which this catches even where no value happens to repeat;</li>
 * <li><b>one holder per millisecond</b> — where a worker ID's IDs pass from one process to
 * another in the merged order, the next holder's first timestamp is above the last one of the
 * holder before: the timestamp ranges of different holders never share a millisecond, whatever
 * the processes' clocks read at the time. Each (worker ID, millisecond) with two holders counts
 * once.</li>
 * </ol>
 */
public final class IdAudit {

    private static final int WORKERS = SnowflakeLayout.MAX_WORKER_ID + 1;

    private static final long EPOCH_MILLIS = SnowflakeLayout.DEFAULT_EPOCH.toEpochMilli();

    private static final int EXAMPLES = 10;

    /** The kind of finding of check 5: two processes stamped one millisecond under one worker ID. */
    public static final String TWO_HOLDERS_IN_ONE_MILLISECOND = "two holders in one millisecond";

    private IdAudit() {
    }

    public static AuditReport audit(List<GeneratorHistory> generators) {
        AuditReport.Builder report = new AuditReport.Builder();
        List<long[]> sorted = new ArrayList<>();
        int[] grantsPerWorker = new int[WORKERS];
        for (GeneratorHistory generator : generators) {
            long[] minNotBefore = new long[WORKERS];
            Arrays.fill(minNotBefore, Long.MAX_VALUE);
            for (GeneratorHistory.Grant grant : generator.grants()) {
                minNotBefore[grant.workerId()] = Math.min(minNotBefore[grant.workerId()], grant.notBefore());
                grantsPerWorker[grant.workerId()]++;
            }
            long[] ids = readAll(generator, minNotBefore, report);
            Arrays.parallelSort(ids);
            sorted.add(ids);
            report.idsOf(generator.name(), ids.length);
        }
        merge(generators, sorted, grantsPerWorker, report);
        return report.build();
    }

    private static long[] readAll(GeneratorHistory generator, long[] minNotBefore, AuditReport.Builder report) {
        List<long[]> parts = new ArrayList<>();
        long total = 0;
        for (var file : RunFiles.idFiles(generator.dir())) {
            IdFiles.Contents contents = IdFiles.read(file);
            if (contents.partialBytes() != 0) {
                report.problem("partial record", file + " ends with " + contents.partialBytes() + " stray bytes");
            }
            long[] ids = contents.ids();
            for (int i = 0; i < ids.length; i++) {
                long id = ids[i];
                if (i > 0 && id <= ids[i - 1]) {
                    report.problem("issue order", generator.name() + " " + file.getFileName() + " #" + i + ": "
                            + describe(id) + " after " + describe(ids[i - 1]));
                }
                int worker = workerOf(id);
                if (id < 0 || minNotBefore[worker] == Long.MAX_VALUE) {
                    report.problem("unheld worker", generator.name() + " issued " + describe(id)
                            + " under a worker ID it was never granted");
                }
                else if (unixMillisOf(id) < minNotBefore[worker]) {
                    report.problem("before notBefore", generator.name() + " issued " + describe(id)
                            + " before the notBefore " + minNotBefore[worker] + " of its grant");
                }
            }
            parts.add(ids);
            total += ids.length;
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(generator.name() + " wrote too many IDs to check in one array: " + total);
        }
        long[] all = new long[(int) total];
        int at = 0;
        for (long[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static void merge(List<GeneratorHistory> generators, List<long[]> sorted, int[] grantsPerWorker,
            AuditReport.Builder report) {
        int count = sorted.size();
        int[] heads = new int[count];
        int[] lastOwner = new int[WORKERS];
        Arrays.fill(lastOwner, -1);
        long[] handovers = new long[WORKERS];
        long[] lastId = new long[WORKERS];
        long[] sharedMillis = new long[WORKERS];
        Arrays.fill(sharedMillis, Long.MIN_VALUE);
        long previous = 0;
        int previousOwner = -1;
        long checked = 0;
        for (;;) {
            int owner = -1;
            long smallest = Long.MAX_VALUE;
            for (int g = 0; g < count; g++) {
                if (heads[g] < sorted.get(g).length && (owner < 0 || sorted.get(g)[heads[g]] < smallest)) {
                    smallest = sorted.get(g)[heads[g]];
                    owner = g;
                }
            }
            if (owner < 0) {
                break;
            }
            heads[owner]++;
            if (checked > 0 && smallest == previous) {
                report.duplicate(smallest, describe(smallest) + " issued by " + generators.get(previousOwner).name() + " and "
                        + generators.get(owner).name());
            }
            int worker = workerOf(smallest);
            if (lastOwner[worker] >= 0 && lastOwner[worker] != owner) {
                handovers[worker]++;
                report.handover(unixMillisOf(smallest) - unixMillisOf(lastId[worker]), "worker " + worker + " from "
                        + generators.get(lastOwner[worker]).name() + " (last ID " + describe(lastId[worker]) + ") to "
                        + generators.get(owner).name() + " (first ID " + describe(smallest) + ")");
                long millis = unixMillisOf(smallest);
                if (millis == unixMillisOf(lastId[worker]) && sharedMillis[worker] != millis) {
                    sharedMillis[worker] = millis;
                    report.sharedMillisecond(millis, "worker " + worker + " at "
                            + java.time.Instant.ofEpochMilli(millis) + ": " + generators.get(lastOwner[worker]).name()
                            + " and " + generators.get(owner).name());
                }
            }
            lastOwner[worker] = owner;
            lastId[worker] = smallest;
            previous = smallest;
            previousOwner = owner;
            checked++;
        }
        report.checked(checked);
        Map<Integer, Long> workersSeen = new LinkedHashMap<>();
        for (int worker = 0; worker < WORKERS; worker++) {
            if (lastOwner[worker] >= 0) {
                workersSeen.put(worker, handovers[worker]);
            }
            if (handovers[worker] > Math.max(grantsPerWorker[worker] - 1, 0)) {
                report.problem("one holder at a time", "worker " + worker + " changed hands " + handovers[worker]
                        + " times in ID order but was granted only " + grantsPerWorker[worker] + " times");
            }
        }
        report.workersSeen(workersSeen.size());
    }

    static int workerOf(long id) {
        return (int) ((id >>> SnowflakeLayout.SEQUENCE_BITS) & SnowflakeLayout.MAX_WORKER_ID);
    }

    static long unixMillisOf(long id) {
        return (id >>> SnowflakeLayout.TIMESTAMP_SHIFT) + EPOCH_MILLIS;
    }

    /** An ID with its fields, for messages. */
    public static String describe(long id) {
        return id + " (" + java.time.Instant.ofEpochMilli(unixMillisOf(id)) + ", worker " + workerOf(id) + ", seq "
                + (id & SnowflakeLayout.MAX_SEQUENCE) + ")";
    }

    static int examples() {
        return EXAMPLES;
    }

}
