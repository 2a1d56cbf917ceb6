package dev.snowcloud.starter.lease;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.id.TimeSource;
import dev.snowcloud.id.WorkerLease;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * Holds a {@link SnowflakeGenerator}'s worker lease: registers with the delegator
 * on start, renews in the background about every third of the ttl, registers
 * again when the lease is lost, and releases it on stop.
 * <p>
 * The deadline of every lease is {@code ttl - safetyMargin} after the moment
 * the request that granted it was <em>sent</em>, on the generator's monotonic
 * clock: the delegator starts its ttl later than that, so the generator stops
 * issuing before anyone else can be given its worker ID, whatever the network
 * delay. A lease whose deadline passed is never renewed, and a renewal answered
 * only after the deadline is not used: after a delegator lost its store, a
 * renewal with an unknown token re-claims the ID, which is only safe for a
 * holder whose lease never lapsed. It registers again instead.
 * <p>
 * All calls to the delegator run on one daemon thread; the generator's lease is
 * only changed under this lifecycle's monitor, so stopping cannot race a
 * registration that is still in flight.
 */
public class WorkerLeaseLifecycle implements SmartLifecycle, DisposableBean {

    /**
     * Starts before the web server takes requests and stops after it stopped
     * taking them, so requests in flight can still be served IDs.
     */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Log logger = LogFactory.getLog(WorkerLeaseLifecycle.class);

    private static final long MIN_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final SnowflakeGenerator generator;

    private final DelegatorClient client;

    private final LeaseSettings settings;

    private final TimeSource time;

    private final AtomicBoolean running = new AtomicBoolean();

    private final Object monitor = new Object();

    private final Map<RenewalOutcome, LongAdder> renewals = new EnumMap<>(RenewalOutcome.class);

    private volatile @Nullable ScheduledThreadPoolExecutor executor;

    private volatile CompletableFuture<HeldLease> firstLease = new CompletableFuture<>();

    private volatile @Nullable HeldLease held;

    private volatile @Nullable String lastProblem;

    private volatile @Nullable Instant lastRenewal;

    /** Failed calls in a row; only touched on the lease thread. */
    private int failures;

    public WorkerLeaseLifecycle(SnowflakeGenerator generator, DelegatorClient client, LeaseSettings settings) {
        this.generator = Objects.requireNonNull(generator, "generator");
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.time = generator.timeSource();
        for (RenewalOutcome outcome : RenewalOutcome.values()) {
            this.renewals.put(outcome, new LongAdder());
        }
    }

    /**
     * Registers with the delegator and, unless configured not to fail start-up,
     * waits up to the registration timeout for the first lease and until its
     * {@code notBefore} has passed.
     * @throws LeaseRegistrationException when no lease arrived in time
     */
    @Override
    public void start() {
        if (!this.running.compareAndSet(false, true)) {
            return;
        }
        ScheduledThreadPoolExecutor leaseThread = new ScheduledThreadPoolExecutor(1, (task) -> {
            Thread thread = new Thread(task, "snowcloud-lease");
            thread.setDaemon(true);
            return thread;
        });
        leaseThread.setRemoveOnCancelPolicy(true);
        this.executor = leaseThread;
        this.firstLease = new CompletableFuture<>();
        logger.info("Registering '" + this.settings.instanceName() + "' with the Snowcloud delegator at "
                + this.client.baseUrl());
        schedule(this::register, 0);
        if (!this.settings.failOnMissingLease()) {
            return;
        }
        long waitStarted = System.nanoTime();
        Duration timeout = this.settings.registrationTimeout();
        try {
            HeldLease lease = this.firstLease.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            awaitNotBefore(lease, timeout.toNanos() - (System.nanoTime() - waitStarted));
        }
        catch (TimeoutException ex) {
            stop();
            throw new LeaseRegistrationException(this.client.baseUrl(), timeout, this.lastProblem, null);
        }
        catch (ExecutionException ex) {
            stop();
            throw new LeaseRegistrationException(this.client.baseUrl(), timeout, this.lastProblem, ex.getCause());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            stop();
            throw new LeaseRegistrationException(this.client.baseUrl(), timeout, "interrupted", ex);
        }
    }

    /**
     * Waits, at most {@code budgetNanos}, until the generator's wall clock reaches
     * the lease's {@code notBefore}, so the first requests need not wait for it.
     */
    private void awaitNotBefore(HeldLease lease, long budgetNanos) throws InterruptedException {
        long ahead = lease.notBefore() - this.time.currentTimeMillis();
        if (ahead <= 0) {
            return;
        }
        logger.info("Worker " + lease.workerId() + " may issue from " + Instant.ofEpochMilli(lease.notBefore())
                + ", " + ahead + " ms ahead of this clock; waiting for it");
        long giveUp = System.nanoTime() + Math.max(budgetNanos, 0);
        while (this.time.currentTimeMillis() < lease.notBefore()) {
            if (System.nanoTime() - giveUp >= 0) {
                logger.warn("The clock has not reached the lease's notBefore " + Instant.ofEpochMilli(lease.notBefore())
                        + " within the registration timeout; IDs are refused until it does");
                return;
            }
            Thread.sleep(Math.max(1, Math.min(50, lease.notBefore() - this.time.currentTimeMillis())));
        }
    }

    /**
     * Revokes the generator's lease, so no ID is issued after this returns, and
     * releases it to the delegator with the last issued timestamp (best effort).
     */
    @Override
    public void stop() {
        if (!this.running.compareAndSet(true, false)) {
            return;
        }
        ScheduledThreadPoolExecutor leaseThread = this.executor;
        if (leaseThread != null) {
            leaseThread.shutdownNow();
            try {
                if (!leaseThread.awaitTermination(this.settings.stopTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    logger.warn("A call to the delegator was still in flight when stopping; releasing anyway");
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        HeldLease released;
        long lastTimestamp;
        synchronized (this.monitor) {
            lastTimestamp = this.generator.revokeLease();
            released = this.held;
            this.held = null;
        }
        if (released != null) {
            release(released, lastTimestamp);
        }
    }

    private void release(HeldLease lease, long lastTimestamp) {
        try {
            this.client.release(lease.workerId(), lease.token(), lastTimestamp);
            logger.info("Released worker " + lease.workerId() + " at last timestamp " + lastTimestamp);
        }
        catch (RuntimeException ex) {
            logger.warn("Could not release worker " + lease.workerId() + "; the delegator lets it expire instead: "
                    + ex.getMessage());
        }
    }

    @Override
    public void destroy() {
        stop();
    }

    @Override
    public boolean isRunning() {
        return this.running.get();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private void register() {
        if (!this.running.get()) {
            return;
        }
        long sentAt = this.time.nanoTime();
        LeaseGrant grant;
        try {
            grant = this.client.register(this.settings.instanceName(), this.settings.host());
        }
        catch (DelegatorUnavailableException ex) {
            retryRegistration(ex, ex.retryAfter().orElse(null));
            return;
        }
        catch (DelegatorAuthenticationException ex) {
            // Only an operator can fix the key: fail start-up at once, keep trying slowly.
            this.firstLease.completeExceptionally(ex);
            retryRegistration(ex, this.settings.backoff().max());
            return;
        }
        catch (DelegatorException ex) {
            if (ex.status() >= 400 && ex.status() < 500) {
                // The delegator refuses the request itself: retrying as is will not help.
                this.firstLease.completeExceptionally(ex);
                retryRegistration(ex, this.settings.backoff().max());
            }
            else {
                retryRegistration(ex, null);
            }
            return;
        }
        catch (RuntimeException ex) {
            retryRegistration(ex, null);
            return;
        }
        long ttlNanos = TimeUnit.MILLISECONDS.toNanos(grant.ttlMillis());
        long deadline = sentAt + ttlNanos - this.settings.safetyMarginNanos(ttlNanos);
        if (deadline - this.time.nanoTime() <= 0) {
            // Unusable: let it expire at the delegator rather than extend a lease never held here.
            retryRegistration(new DelegatorException("The lease on worker " + grant.workerId()
                    + " arrived after its deadline; the delegator answered too slowly", 0), null);
            return;
        }
        HeldLease lease = new HeldLease(grant.workerId(), grant.leaseToken(), grant.ttlMillis(), grant.notBefore(),
                deadline);
        synchronized (this.monitor) {
            if (!this.running.get()) {
                release(lease, Math.max(this.generator.lastTimestamp(), grant.notBefore() - 1));
                return;
            }
            this.generator.installLease(WorkerLease.until(grant.workerId(), grant.notBefore(),
                    grant.maxTimestampOrUnbounded(), deadline));
            this.held = lease;
        }
        this.failures = 0;
        this.lastProblem = null;
        logger.info("Leased worker " + grant.workerId() + " for " + grant.ttlMillis() + " ms, issuing from "
                + Instant.ofEpochMilli(grant.notBefore()));
        this.firstLease.complete(lease);
        schedule(this::renew, renewalDelay(lease));
    }

    private void retryRegistration(RuntimeException problem, @Nullable Duration atLeast) {
        this.failures++;
        this.lastProblem = problem.getMessage();
        long delay = this.settings.backoff().delay(this.failures).toNanos();
        if (atLeast != null) {
            delay = Math.max(delay, atLeast.toNanos());
        }
        String message = "No lease from the delegator (attempt " + this.failures + "), retrying in "
                + TimeUnit.NANOSECONDS.toMillis(delay) + " ms: " + problem.getMessage();
        if (this.failures % 10 == 1 || (problem instanceof DelegatorException delegatorProblem
                && delegatorProblem.status() >= 400 && delegatorProblem.status() < 500)) {
            logger.warn(message);
        }
        else if (logger.isDebugEnabled()) {
            logger.debug(message);
        }
        schedule(this::register, delay);
    }

    private void renew() {
        HeldLease lease = this.held;
        if (!this.running.get() || lease == null) {
            return;
        }
        long sentAt = this.time.nanoTime();
        if (lease.deadlineNanos() - sentAt <= 0) {
            lapse("The lease on worker " + lease.workerId() + " passed its deadline before it was renewed"
                    + (this.lastProblem != null ? " (" + this.lastProblem + ")" : ""),
                    "IDs are refused until a new lease is granted");
            return;
        }
        LeaseGrant grant;
        try {
            grant = this.client.renew(lease.workerId(), lease.token(), this.generator.lastTimestamp());
            if (grant.workerId() != lease.workerId()) {
                throw new LeaseConflictException("The delegator renewed worker " + grant.workerId()
                        + " instead of worker " + lease.workerId(), 200);
            }
        }
        catch (LeaseConflictException ex) {
            count(RenewalOutcome.CONFLICT);
            this.lastProblem = ex.getMessage();
            logger.warn("Lost the lease on worker " + lease.workerId() + ", registering again: " + ex.getMessage());
            dropLease();
            register();
            return;
        }
        catch (RuntimeException ex) {
            count(RenewalOutcome.FAILURE);
            this.failures++;
            this.lastProblem = ex.getMessage();
            long remaining = lease.deadlineNanos() - this.time.nanoTime();
            long delay = Math.min(this.settings.backoff().delay(this.failures).toNanos(),
                    Math.max(remaining / 2, MIN_RETRY_NANOS));
            if (this.failures % 10 == 1) {
                logger.warn("Could not renew the lease on worker " + lease.workerId() + ", "
                        + TimeUnit.NANOSECONDS.toMillis(Math.max(remaining, 0)) + " ms before its deadline; retrying in "
                        + TimeUnit.NANOSECONDS.toMillis(delay) + " ms: " + ex.getMessage());
            }
            schedule(this::renew, delay);
            return;
        }
        if (lease.deadlineNanos() - this.time.nanoTime() <= 0) {
            // The answer came after the old deadline, so the request may have reached the
            // delegator after the lease expired there. Had the ID been taken meanwhile and the
            // store then lost, a late renewal would re-claim it while its new holder still
            // issues. Only an answer that arrives in time proves the lease never lapsed.
            lapse("The renewal of worker " + lease.workerId() + " was answered after the lease's deadline",
                    "not using it, registering again");
            return;
        }
        long ttlNanos = TimeUnit.MILLISECONDS.toNanos(grant.ttlMillis());
        long deadline = sentAt + ttlNanos - this.settings.safetyMarginNanos(ttlNanos);
        HeldLease renewed = new HeldLease(lease.workerId(), grant.leaseToken(), grant.ttlMillis(), lease.notBefore(),
                deadline);
        synchronized (this.monitor) {
            if (!this.running.get()) {
                return;
            }
            // A renewal may raise notBefore (a lapsed lease re-claimed after the store lost writes
            // starts above every grant that may have been lost): the generator then moves above it.
            this.generator.renewLease(WorkerLease.until(lease.workerId(),
                    Math.max(lease.notBefore(), grant.notBefore()), grant.maxTimestampOrUnbounded(), deadline));
            this.held = renewed;
        }
        count(RenewalOutcome.SUCCESS);
        if (this.failures > 0) {
            logger.info("Renewed the lease on worker " + lease.workerId() + " after " + this.failures
                    + " failed attempts");
        }
        this.failures = 0;
        this.lastProblem = null;
        this.lastRenewal = Instant.ofEpochMilli(this.time.currentTimeMillis());
        schedule(this::renew, renewalDelay(renewed));
    }

    /**
     * Gives up a lease that can no longer be trusted to be live at the delegator, and
     * registers again.
     */
    private void lapse(String problem, String consequence) {
        count(RenewalOutcome.LAPSED);
        this.lastProblem = problem;
        logger.warn(problem + "; " + consequence);
        dropLease();
        register();
    }

    private void dropLease() {
        synchronized (this.monitor) {
            if (this.running.get()) {
                this.generator.revokeLease();
            }
            this.held = null;
        }
        this.failures = 0;
    }

    /**
     * About a third of the ttl, and no later than half-way to the deadline so
     * failed renewals can still be retried.
     */
    private long renewalDelay(HeldLease lease) {
        long third = TimeUnit.MILLISECONDS.toNanos(lease.ttlMillis()) / 3;
        long remaining = lease.deadlineNanos() - this.time.nanoTime();
        return Math.max(Math.min(third, remaining / 2), 0);
    }

    private void schedule(Runnable step, long delayNanos) {
        ScheduledThreadPoolExecutor leaseThread = this.executor;
        if (leaseThread == null || !this.running.get()) {
            return;
        }
        try {
            leaseThread.schedule(() -> runGuarded(step), delayNanos, TimeUnit.NANOSECONDS);
        }
        catch (RejectedExecutionException ex) {
            // Stopping.
        }
    }

    /**
     * Runs a step so that nothing it throws ends the chain of steps: an executor
     * would swallow the exception and never renew or register again.
     */
    private void runGuarded(Runnable step) {
        try {
            step.run();
        }
        catch (RuntimeException ex) {
            this.lastProblem = ex.toString();
            logger.error("Unexpected failure while keeping the worker lease; dropping it and registering again", ex);
            dropLease();
            schedule(this::register, this.settings.backoff().max().toNanos());
        }
    }

    private void count(RenewalOutcome outcome) {
        this.renewals.get(outcome).increment();
    }

    /**
     * Renewal attempts that ended with {@code outcome}.
     */
    public long renewals(RenewalOutcome outcome) {
        return this.renewals.get(outcome).sum();
    }

    /**
     * The worker ID of the lease held or being renewed, if any.
     */
    public Optional<Integer> workerId() {
        HeldLease lease = this.held;
        return (lease != null) ? Optional.of(lease.workerId()) : Optional.empty();
    }

    /**
     * What went wrong with the last call to the delegator, if the lease is not in good order.
     */
    public Optional<String> lastProblem() {
        return Optional.ofNullable(this.lastProblem);
    }

    /**
     * When the lease was last renewed, by the generator's wall clock.
     */
    public Optional<Instant> lastRenewal() {
        return Optional.ofNullable(this.lastRenewal);
    }

    public URI delegatorUrl() {
        return this.client.baseUrl();
    }

    public LeaseSettings settings() {
        return this.settings;
    }

    private record HeldLease(int workerId, String token, long ttlMillis, long notBefore, long deadlineNanos) {

        @Override
        public String toString() {
            return "HeldLease[workerId=" + this.workerId + "]";
        }

    }

}
