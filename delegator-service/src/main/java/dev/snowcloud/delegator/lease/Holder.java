package dev.snowcloud.delegator.lease;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Picks out the leases of one holder by what it said when it registered: a process that
 * leases several worker IDs registers once per ID with the same name and host, so its leases
 * are the ones whose name and host match. A {@code null} part matches any value.
 *
 * @param name the registered name to match, or {@code null} for any
 * @param host the registered host to match, or {@code null} for any
 */
public record Holder(@Nullable String name, @Nullable String host) {

    /** Whether this worker ID's lease (live or lapsed) was registered under this name and host. */
    public boolean holds(WorkerState worker) {
        return (this.name == null || Objects.equals(this.name, worker.name()))
                && (this.host == null || Objects.equals(this.host, worker.host()));
    }

}
