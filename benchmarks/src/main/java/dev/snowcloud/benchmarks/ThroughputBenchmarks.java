package dev.snowcloud.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * IDs per second. The cap for one worker ID is 4,096 IDs per millisecond, 4,096,000 per
 * second, so a generator that keeps up with the clock scores just under it whatever
 * the thread count; the question is which ones fall short, and by how much.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public abstract class ThroughputBenchmarks extends PeerGenerators {

    static final int BATCH = 1_000;

    /** Fills 1,000 IDs per call with the batch API; reported per ID. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long[] snowcloudNextIdsBatchOf1000(Batch batch) {
        snowcloud.nextIds(batch.ids, 0, BATCH);
        return batch.ids;
    }

    /** Each thread's own target array, so the batch call measures only the generator. */
    @State(Scope.Thread)
    public static class Batch {

        final long[] ids = new long[BATCH];

    }

}
