package dev.snowcloud.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;

/**
 * Time per call, sampled, with 8 threads drawing from one generator as fast as they
 * can: far more demand than 4,096 IDs per millisecond, so the tail shows how each
 * generator makes callers wait for the next millisecond and for one another.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(8)
public class Latency8Threads extends PeerGenerators {

}
