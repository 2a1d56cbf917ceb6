package dev.snowcloud.lease;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.id.TimeSource;

/**
 * One {@link LeaseKeeper} per slot of a {@link SnowflakeGenerator}: a generator built with
 * {@code workers(n)} holds {@code n} leases, each registered, renewed, re-registered and
 * released on its own, under the same instance name, so the delegator lists them as one
 * holder's. A slot whose lease lapses is skipped while the others issue.
 */
public final class LeaseKeepers implements AutoCloseable {

    private final List<LeaseKeeper> keepers;

    private LeaseKeepers(List<LeaseKeeper> keepers) {
        this.keepers = List.copyOf(keepers);
    }

    /**
     * A keeper for every slot of the builder's generator, each built by {@code builder} with
     * its own slot; everything else the builder was given is shared.
     */
    public static LeaseKeepers forEachSlot(LeaseKeeper.Builder builder) {
        List<LeaseKeeper> keepers = new ArrayList<>();
        for (int slot = 0; slot < builder.generator().workers(); slot++) {
            keepers.add(builder.slot(slot).build());
        }
        return new LeaseKeepers(keepers);
    }

    /**
     * Starts every keeper registering in the background and returns at once.
     */
    public void start() {
        this.keepers.forEach(LeaseKeeper::start);
    }

    /**
     * Waits up to {@code timeout} in all for every slot's first lease (and its {@code notBefore}).
     * @throws LeaseRegistrationException when a lease did not arrive in time, or the delegator
     *         refused registration in a way retrying will not fix
     */
    public void awaitLeases(Duration timeout) {
        TimeSource time = this.keepers.get(0).generator().timeSource();
        long deadline = time.nanoTime() + timeout.toNanos();
        this.keepers.get(0).awaitLease(timeout);
        for (LeaseKeeper keeper : this.keepers.subList(1, this.keepers.size())) {
            try {
                keeper.awaitLease(Duration.ofNanos(Math.max(deadline - time.nanoTime(), 0)));
            }
            catch (LeaseRegistrationException ex) {
                throw new LeaseRegistrationException(ex.delegator(), timeout, "for worker ID " + (keeper.slot() + 1)
                        + " of " + this.keepers.size() + ": " + ex.getMessage(), ex.getCause());
            }
        }
    }

    /**
     * Stops every keeper: each slot's lease is revoked, then released with its last timestamp.
     */
    public void stop() {
        this.keepers.forEach(LeaseKeeper::stop);
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Whether any keeper runs.
     */
    public boolean isRunning() {
        return this.keepers.stream().anyMatch(LeaseKeeper::isRunning);
    }

    /**
     * The keepers, by slot.
     */
    public List<LeaseKeeper> keepers() {
        return this.keepers;
    }

    /**
     * The keeper of {@code slot}.
     */
    public LeaseKeeper keeper(int slot) {
        return this.keepers.get(Objects.checkIndex(slot, this.keepers.size()));
    }

    /**
     * The worker IDs held now, by slot; a slot between leases has none.
     */
    public List<Optional<Integer>> workerIds() {
        return this.keepers.stream().map(LeaseKeeper::workerId).toList();
    }

    /**
     * Renewal attempts of all slots that ended with {@code outcome}.
     */
    public long renewals(RenewalOutcome outcome) {
        return this.keepers.stream().mapToLong((keeper) -> keeper.renewals(outcome)).sum();
    }

    @Override
    public String toString() {
        return "LeaseKeepers[" + this.keepers.size() + " × " + this.keepers.get(0) + "]";
    }

}
