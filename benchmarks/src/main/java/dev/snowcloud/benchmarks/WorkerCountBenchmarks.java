package dev.snowcloud.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.snowcloud.id.SnowflakeGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * IDs per second from one generator with 1 and with 4 fixed worker IDs, side by side in
 * one JMH run ({@code workers} is a parameter). Each worker ID adds 4,096 IDs per
 * millisecond to the cap: 4,096,000 IDs/s with one, 16,384,000 with four.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public abstract class WorkerCountBenchmarks {

    static final int BATCH = 10_000;

    /** How many worker IDs the generator issues from: fixed IDs 1 to {@code workers}, one slot each. */
    @Param({ "1", "4" })
    int workers;

    /** Shared by every benchmark thread, as an application shares its one generator. */
    SnowflakeGenerator generator;

    @Setup
    public void createGenerator() {
        generator = SnowflakeGenerator.withFixedWorkerIds(IntStream.rangeClosed(1, workers).toArray());
    }

    @Benchmark
    public long nextId() {
        return generator.nextId();
    }

    /** Fills 10,000 IDs per call, more than two worker IDs hold in a millisecond; reported per ID. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long[] nextIdsBatchOf10000(Batch batch) {
        generator.nextIds(batch.ids, 0, BATCH);
        return batch.ids;
    }

    /** Each thread's own target array, reused, so the batch call measures only the generator. */
    @State(Scope.Thread)
    public static class Batch {

        final long[] ids = new long[BATCH];

    }

}
