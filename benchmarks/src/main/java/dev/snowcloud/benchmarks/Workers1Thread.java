package dev.snowcloud.benchmarks;

import org.openjdk.jmh.annotations.Threads;

/**
 * {@link WorkerCountBenchmarks} with 1 thread drawing from one generator.
 */
@Threads(1)
public class Workers1Thread extends WorkerCountBenchmarks {

}
