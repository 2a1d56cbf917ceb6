package dev.snowcloud.starter.lease;

import java.time.Duration;

import dev.snowcloud.lease.LeaseKeeper;
import dev.snowcloud.lease.LeaseRegistrationException;

import org.springframework.context.SmartLifecycle;

/**
 * Starts and stops a {@link LeaseKeeper} with the application context: the lease is
 * registered before the web server takes requests and released after it stopped taking
 * them, so requests in flight can still be served IDs.
 */
public class LeaseKeeperLifecycle implements SmartLifecycle {

    /** Before the web server's phase, so it starts later and stops earlier. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final LeaseKeeper keeper;

    private final Duration registrationTimeout;

    private final boolean failOnMissingLease;

    /**
     * @param keeper the keeper of the generator's lease
     * @param registrationTimeout how long start-up waits for the first lease
     * @param failOnMissingLease whether start-up fails without a lease after {@code registrationTimeout};
     *        when false it returns at once and the generator refuses to issue until a lease arrives
     */
    public LeaseKeeperLifecycle(LeaseKeeper keeper, Duration registrationTimeout, boolean failOnMissingLease) {
        this.keeper = keeper;
        this.registrationTimeout = registrationTimeout;
        this.failOnMissingLease = failOnMissingLease;
    }

    /**
     * Registers with the delegator and, unless configured not to fail start-up, waits for
     * the first lease (and its {@code notBefore}).
     * @throws LeaseRegistrationException when no lease arrived within the registration timeout
     */
    @Override
    public void start() {
        this.keeper.start();
        if (!this.failOnMissingLease) {
            return;
        }
        try {
            this.keeper.awaitLease(this.registrationTimeout);
        }
        catch (LeaseRegistrationException ex) {
            this.keeper.stop();
            throw ex;
        }
    }

    /**
     * Revokes the generator's lease and releases it with the last issued timestamp.
     */
    @Override
    public void stop() {
        this.keeper.stop();
    }

    @Override
    public boolean isRunning() {
        return this.keeper.isRunning();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    public LeaseKeeper keeper() {
        return this.keeper;
    }

}
