package dev.snowcloud.faults.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
 * (a generator's IDs strictly increase per thread, with one worker ID or several, and a
 * thread's calls follow one another);</li>
 * <li><b>held worker</b> — each ID's worker ID was granted to that process, and its timestamp
 * lies within one of the process's leases on that worker ID: at or after the lease's
 * {@code notBefore} and at or before the highest {@code maxTimestamp} its grant or renewals
 * carried (the timestamp fence);</li>
 * <li><b>one holder at a time</b> — in the merged order, the IDs of one worker ID change hands
 * between holders at most once per grant of it: two holders issuing under one worker ID at
 * once interleave, which this catches even where no value happens to repeat. A holder is one
 * lease of one process: the lease an ID falls in by check 3, the latest by {@code notBefore}
 * where ranges overlap. A process with several worker IDs may hold one worker ID again, in
 * another slot or after a lapse, and the handover between its own leases is checked like any
 * other. (An ID does not say which slot issued it, so two leases of one process on one worker
 * ID for overlapping timestamps could not be told apart; the generator refuses to hold such
 * a pair.)</li>
 * <li><b>one holder per millisecond</b> — where a worker ID's IDs pass from one holder to
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
        List<Holdings> holdings = new ArrayList<>();
        List<String> holders = new ArrayList<>();
        int[] grantsPerWorker = new int[WORKERS];
        for (GeneratorHistory generator : generators) {
            List<GeneratorHistory.Grant> grants = generator.grants();
            for (GeneratorHistory.Grant grant : grants) {
                grantsPerWorker[grant.workerId()]++;
            }
            Holdings held = new Holdings(generator.name(), grants, holders);
            holdings.add(held);
            long[] ids = readAll(generator, held, report);
            Arrays.parallelSort(ids);
            sorted.add(ids);
            report.idsOf(generator.name(), ids.length);
        }
        merge(generators, sorted, holdings, holders, grantsPerWorker, report);
        return report.build();
    }

    private static long[] readAll(GeneratorHistory generator, Holdings held, AuditReport.Builder report) {
        List<long[]> parts = new ArrayList<>();
        long total = 0;
        long[] perWorker = new long[WORKERS];
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
                perWorker[worker]++;
                long millis = unixMillisOf(id);
                if (id < 0 || !held.holds(worker)) {
                    report.problem("unheld worker", generator.name() + " issued " + describe(id)
                            + " under a worker ID it was never granted");
                }
                else if (millis < held.minNotBefore(worker)) {
                    report.problem("before notBefore", generator.name() + " issued " + describe(id)
                            + " before the notBefore " + held.minNotBefore(worker) + " of its grant");
                }
                else if (!held.within(worker, millis)) {
                    report.problem("past maxTimestamp", generator.name() + " issued " + describe(id)
                            + " past the maxTimestamp of every lease on worker " + worker + " it held from before then");
                }
            }
            parts.add(ids);
            total += ids.length;
        }
        for (int worker = 0; worker < WORKERS; worker++) {
            if (perWorker[worker] > 0) {
                report.idsUnder(generator.name(), worker, perWorker[worker]);
            }
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

    private static void merge(List<GeneratorHistory> generators, List<long[]> sorted, List<Holdings> holdings,
            List<String> holders, int[] grantsPerWorker, AuditReport.Builder report) {
        int count = sorted.size();
        int[] heads = new int[count];
        int[] lastHolder = new int[WORKERS];
        Arrays.fill(lastHolder, -1);
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
            int holder = holdings.get(owner).holderOf(worker, unixMillisOf(smallest));
            if (lastHolder[worker] >= 0 && lastHolder[worker] != holder) {
                handovers[worker]++;
                report.handover(unixMillisOf(smallest) - unixMillisOf(lastId[worker]), "worker " + worker + " from "
                        + holders.get(lastHolder[worker]) + " (last ID " + describe(lastId[worker]) + ") to "
                        + holders.get(holder) + " (first ID " + describe(smallest) + ")");
                long millis = unixMillisOf(smallest);
                if (millis == unixMillisOf(lastId[worker]) && sharedMillis[worker] != millis) {
                    sharedMillis[worker] = millis;
                    report.sharedMillisecond(millis, "worker " + worker + " at "
                            + java.time.Instant.ofEpochMilli(millis) + ": " + holders.get(lastHolder[worker])
                            + " and " + holders.get(holder));
                }
            }
            lastHolder[worker] = holder;
            lastId[worker] = smallest;
            previous = smallest;
            previousOwner = owner;
            checked++;
        }
        report.checked(checked);
        Map<Integer, Long> workersSeen = new LinkedHashMap<>();
        for (int worker = 0; worker < WORKERS; worker++) {
            if (lastHolder[worker] >= 0) {
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

    /**
     * The leases one process was granted, by worker ID, each numbered among the holders of the
     * whole run, to tell which lease an ID was issued under: the latest (by {@code notBefore})
     * whose {@code notBefore..maxTimestamp} holds its timestamp. An ID in none of them (already
     * reported) goes to the latest lease starting at or before it, or, under a worker ID never
     * granted or before every lease, to the process as a whole.
     */
    private static final class Holdings {

        private final int[][] holders = new int[WORKERS][];

        private final long[][] notBefore = new long[WORKERS][];

        private final long[][] maxTimestamp = new long[WORKERS][];

        private final int process;

        Holdings(String name, List<GeneratorHistory.Grant> grants, List<String> names) {
            this.process = names.size();
            names.add(name);
            Map<Integer, List<GeneratorHistory.Grant>> byWorker = new LinkedHashMap<>();
            for (GeneratorHistory.Grant grant : grants) {
                byWorker.computeIfAbsent(grant.workerId(), (key) -> new ArrayList<>()).add(grant);
            }
            byWorker.forEach((worker, leases) -> {
                leases.sort(Comparator.comparingLong(GeneratorHistory.Grant::notBefore));
                int n = leases.size();
                this.holders[worker] = new int[n];
                this.notBefore[worker] = new long[n];
                this.maxTimestamp[worker] = new long[n];
                for (int i = 0; i < n; i++) {
                    GeneratorHistory.Grant lease = leases.get(i);
                    this.notBefore[worker][i] = lease.notBefore();
                    this.maxTimestamp[worker][i] = lease.maxTimestamp();
                    if (grants.size() == 1) {
                        // One lease in all: it is the process, as a reader of the findings expects.
                        this.holders[worker][i] = this.process;
                    }
                    else {
                        this.holders[worker][i] = names.size();
                        names.add(name + " lease " + Math.abs(lease.lease()));
                    }
                }
            });
        }

        boolean holds(int worker) {
            return this.holders[worker] != null;
        }

        long minNotBefore(int worker) {
            return this.notBefore[worker][0];
        }

        boolean within(int worker, long millis) {
            return find(worker, millis, true) >= 0;
        }

        int holderOf(int worker, long millis) {
            int at = find(worker, millis, true);
            if (at < 0) {
                at = find(worker, millis, false);
            }
            return (at < 0) ? this.process : this.holders[worker][at];
        }

        private int find(int worker, long millis, boolean fenced) {
            long[] starts = this.notBefore[worker];
            if (starts == null) {
                return -1;
            }
            for (int i = starts.length - 1; i >= 0; i--) {
                if (starts[i] <= millis && (!fenced || millis <= this.maxTimestamp[worker][i])) {
                    return i;
                }
            }
            return -1;
        }

    }

}
