package dev.snowcloud.benchmarks;

import org.openjdk.jmh.annotations.Threads;

/**
 * {@link ThroughputBenchmarks} with 1 thread drawing from one generator.
 */
@Threads(1)
public class Throughput1Thread extends ThroughputBenchmarks {

}
