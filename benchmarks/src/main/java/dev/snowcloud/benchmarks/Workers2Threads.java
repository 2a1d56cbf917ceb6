package dev.snowcloud.benchmarks;

import org.openjdk.jmh.annotations.Threads;

/**
 * {@link WorkerCountBenchmarks} with 2 threads drawing from one generator.
 */
@Threads(2)
public class Workers2Threads extends WorkerCountBenchmarks {

}
