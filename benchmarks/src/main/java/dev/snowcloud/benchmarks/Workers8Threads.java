package dev.snowcloud.benchmarks;

import org.openjdk.jmh.annotations.Threads;

/**
 * {@link WorkerCountBenchmarks} with 8 threads drawing from one generator.
 */
@Threads(8)
public class Workers8Threads extends WorkerCountBenchmarks {

}
