package dev.snowcloud.starter.lease;

import java.time.Duration;

import dev.snowcloud.lease.LeaseKeepers;
import dev.snowcloud.lease.LeaseRegistrationException;

import org.springframework.context.SmartLifecycle;

/**
 * Starts and stops the {@link LeaseKeepers}, one per leased worker ID, with the application
 * context: the leases are registered before the web server takes requests and released after
 * it stopped taking them, so requests in flight can still be served IDs.
 */
public class LeaseKeeperLifecycle implements SmartLifecycle {

    /** Before the web server's phase, so it starts later and stops earlier. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final LeaseKeepers keepers;

    private final Duration registrationTimeout;

    private final boolean failOnMissingLease;

    /**
     * @param keepers the keepers of the generator's leases
     * @param registrationTimeout how long start-up waits for the first lease of every worker ID
     * @param failOnMissingLease whether start-up fails without them after {@code registrationTimeout};
     *        when false it returns at once and the generator refuses to issue until a lease arrives
     */
    public LeaseKeeperLifecycle(LeaseKeepers keepers, Duration registrationTimeout, boolean failOnMissingLease) {
        this.keepers = keepers;
        this.registrationTimeout = registrationTimeout;
        this.failOnMissingLease = failOnMissingLease;
    }

    /**
     * Registers with the delegator and, unless configured not to fail start-up, waits for
     * the first lease of every worker ID (and its {@code notBefore}).
     * @throws LeaseRegistrationException when a lease did not arrive within the registration timeout
     */
    @Override
    public void start() {
        this.keepers.start();
        if (!this.failOnMissingLease) {
            return;
        }
        try {
            this.keepers.awaitLeases(this.registrationTimeout);
        }
        catch (LeaseRegistrationException ex) {
            this.keepers.stop();
            throw ex;
        }
    }

    /**
     * Revokes the generator's leases and releases each with its last issued timestamp.
     */
    @Override
    public void stop() {
        this.keepers.stop();
    }

    @Override
    public boolean isRunning() {
        return this.keepers.isRunning();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    public LeaseKeepers keepers() {
        return this.keepers;
    }

}
