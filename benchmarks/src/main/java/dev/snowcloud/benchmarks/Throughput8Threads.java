package dev.snowcloud.benchmarks;

import org.openjdk.jmh.annotations.Threads;

/**
 * {@link ThroughputBenchmarks} with 8 threads drawing from one generator.
 */
@Threads(8)
public class Throughput8Threads extends ThroughputBenchmarks {

}
