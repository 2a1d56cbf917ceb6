package dev.snowcloud.benchmarks;

import org.openjdk.jmh.annotations.Threads;

/**
 * {@link ThroughputBenchmarks} with 2 threads drawing from one generator.
 */
@Threads(2)
public class Throughput2Threads extends ThroughputBenchmarks {

}
