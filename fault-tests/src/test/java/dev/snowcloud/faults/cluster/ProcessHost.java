package dev.snowcloud.faults.cluster;

import java.util.List;

/**
 * Where a process runs: the address other processes and the test reach it at, and what to
 * put before its command to start it there (e.g. {@code ip netns exec <namespace>}).
 *
 * @param address the address it listens on and is reached at
 * @param commandPrefix prepended to its command line; empty to run it here
 */
public record ProcessHost(String address, List<String> commandPrefix) {

    /** This machine's loopback, started as is. */
    public static final ProcessHost LOCAL = new ProcessHost("127.0.0.1", List.of());

    public ProcessHost {
        commandPrefix = List.copyOf(commandPrefix);
    }

}
