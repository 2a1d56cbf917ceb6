package dev.snowcloud.lease;

import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
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
import java.util.regex.Pattern;

import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.id.TimeSource;
import dev.snowcloud.id.WorkerLease;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a {@link SnowflakeGenerator}'s worker lease: registers with the {@link Delegator}
 * on start, renews about every third of the ttl, registers again when the lease is
 * lost, and releases it on stop, reporting the last issued timestamp.
 * <p>
 * The deadline of every lease is {@code ttl - min(safetyMargin, ttl / 4)} after the
 * moment the request that granted it was <em>sent</em>, on the generator's monotonic
 * clock: the delegator starts its ttl later than that, so the generator stops issuing
 * before anyone else can be given its worker ID, whatever the network delay. An answer
 * that arrives at or after that deadline is not used, and a lease whose deadline passed
 * is never renewed: after a delegator lost its store, a renewal re-claims the ID, which is
 * only safe for a holder whose lease never lapsed. The keeper registers again instead.
 * Each lease also carries the delegator's timestamp fence ({@link LeaseGrant#effectiveMaxTimestamp()}),
 * which the generator never issues past.
 * <p>
 * Steps run one at a time on a {@link LeaseScheduler}, reading time only from the
 * generator's {@link TimeSource}; the generator's lease is only changed under this
 * keeper's monitor, so stopping cannot race a registration still in flight.
 */
public final class LeaseKeeper implements AutoCloseable {

    private static final System.Logger logger = System.getLogger(LeaseKeeper.class.getName());

    private static final long MIN_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private static final long NOT_BEFORE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** How long {@link #stop()} waits for a call to the delegator in flight (connect + read timeouts by default). */
    private static final long STOP_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final SnowflakeGenerator generator;

    private final int slot;

    private final Delegator delegator;

    private final LeaseSettings settings;

    private final TimeSource time;

    private final @Nullable LeaseScheduler givenScheduler;

    private final AtomicBoolean running = new AtomicBoolean();

    private final Object monitor = new Object();

    private final Map<RenewalOutcome, LongAdder> renewals = new EnumMap<>(RenewalOutcome.class);

    private volatile LeaseScheduler scheduler;

    private volatile @Nullable ScheduledThreadPoolExecutor ownExecutor;

    private volatile CompletableFuture<HeldLease> firstLease = new CompletableFuture<>();

    private volatile @Nullable HeldLease held;

    private volatile @Nullable String lastProblem;

    private volatile @Nullable Instant lastRenewal;

    private volatile @Nullable Duration clockOffset;

    /** Failed calls in a row; only touched by the keeper's steps. */
    private int failures;

    private LeaseKeeper(SnowflakeGenerator generator, int slot, Delegator delegator, LeaseSettings settings,
            @Nullable LeaseScheduler scheduler) {
        this.generator = Objects.requireNonNull(generator, "generator");
        this.slot = Objects.checkIndex(slot, generator.workers());
        this.delegator = Objects.requireNonNull(delegator, "delegator");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.time = generator.timeSource();
        this.givenScheduler = scheduler;
        this.scheduler = (scheduler != null) ? scheduler : (step, delay) -> {
            throw new RejectedExecutionException("Not started");
        };
        for (RenewalOutcome outcome : RenewalOutcome.values()) {
            this.renewals.put(outcome, new LongAdder());
        }
    }

    /**
     * A keeper of {@code generator}'s lease from {@code delegator}.
     */
    public static Builder builder(SnowflakeGenerator generator, Delegator delegator) {
        return new Builder(generator, delegator);
    }

    /**
     * Starts registering in the background and returns at once; {@link #awaitLease} waits
     * for the lease. Without a scheduler of its own, the keeper runs on one daemon thread.
     */
    public void start() {
        if (!this.running.compareAndSet(false, true)) {
            return;
        }
        if (this.givenScheduler == null) {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (task) -> {
                Thread thread = new Thread(task,
                        (this.generator.workers() == 1) ? "snowcloud-lease" : "snowcloud-lease-" + this.slot);
                thread.setDaemon(true);
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true);
            this.ownExecutor = executor;
            this.scheduler = LeaseScheduler.of(executor);
        }
        this.firstLease = new CompletableFuture<>();
        logger.log(Level.INFO, "Registering ''{0}'' with {1}", this.settings.instanceName(), this.delegator);
        schedule(this::register, 0);
    }

    /**
     * Waits up to {@code timeout} for the first lease since {@link #start()}, then, within
     * what is left of it, until the wall clock reaches the lease's {@code notBefore}, so the
     * first IDs need not wait for it (when it does not, IDs are refused until it does).
     * @throws LeaseRegistrationException when no lease arrived in time, or the delegator refused
     *         registration in a way retrying will not fix
     */
    public void awaitLease(Duration timeout) {
        CompletableFuture<HeldLease> first = this.firstLease;
        long waitStarted = this.time.nanoTime();
        HeldLease lease;
        try {
            lease = first.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            awaitNotBefore(lease, timeout.toNanos() - (this.time.nanoTime() - waitStarted));
        }
        catch (TimeoutException ex) {
            throw new LeaseRegistrationException(this.delegator.toString(), timeout, this.lastProblem, null);
        }
        catch (ExecutionException ex) {
            Throwable refusal = ex.getCause();
            throw new LeaseRegistrationException(this.delegator.toString(), timeout,
                    (refusal != null) ? refusal.getMessage() : this.lastProblem, refusal);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new LeaseRegistrationException(this.delegator.toString(), timeout, "interrupted", ex);
        }
    }

    private void awaitNotBefore(HeldLease lease, long budgetNanos) throws InterruptedException, ExecutionException {
        CompletableFuture<Void> reached = new CompletableFuture<>();
        checkNotBefore(lease.notBefore(), reached);
        try {
            reached.get(Math.max(budgetNanos, 0), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException ex) {
            logger.log(Level.WARNING, "The clock has not reached the lease''s notBefore {0} within the registration"
                    + " timeout; IDs are refused until it does", Instant.ofEpochMilli(lease.notBefore()));
        }
    }

    private void checkNotBefore(long notBefore, CompletableFuture<Void> reached) {
        long ahead = notBefore - this.time.currentTimeMillis();
        if (ahead <= 0 || !this.running.get()) {
            reached.complete(null);
            return;
        }
        schedule(() -> checkNotBefore(notBefore, reached),
                Math.min(TimeUnit.MILLISECONDS.toNanos(ahead), NOT_BEFORE_POLL_NANOS));
    }

    /**
     * Revokes the generator's lease, so no ID is issued after this returns, and releases
     * it to the delegator with the last issued timestamp (best effort: a lease that cannot
     * be released expires at the delegator).
     */
    public void stop() {
        if (!this.running.compareAndSet(true, false)) {
            return;
        }
        ScheduledThreadPoolExecutor executor = this.ownExecutor;
        if (executor != null) {
            finishRunningStep(executor);
            this.ownExecutor = null;
        }
        HeldLease released;
        long lastTimestamp;
        synchronized (this.monitor) {
            lastTimestamp = this.generator.revokeLease(this.slot);
            released = this.held;
            this.held = null;
        }
        this.firstLease.completeExceptionally(new IllegalStateException("The lease keeper was stopped"));
        if (released != null) {
            release(released, lastTimestamp);
        }
    }

    /**
     * Drops the steps not yet started and waits, up to {@link #STOP_WAIT_NANOS}, for the one
     * running. Interrupted, a registration in flight would leave a lease granted at the delegator
     * that nobody releases until it expires; let finish, it sees the keeper stopped and releases
     * what it got. A renewal in flight ends without touching the lease, which is released next.
     */
    private static void finishRunningStep(ScheduledThreadPoolExecutor executor) {
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(STOP_WAIT_NANOS, TimeUnit.NANOSECONDS)) {
                logger.log(Level.WARNING, "A call to the delegator still runs after {0} s; interrupting it",
                        TimeUnit.NANOSECONDS.toSeconds(STOP_WAIT_NANOS));
                executor.shutdownNow();
            }
        }
        catch (InterruptedException ex) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the keeper, as {@link #stop()}.
     */
    @Override
    public void close() {
        stop();
    }

    public boolean isRunning() {
        return this.running.get();
    }

    private void release(HeldLease lease, long lastTimestamp) {
        try {
            this.delegator.release(lease.workerId(), lease.token(), lastTimestamp);
            logger.log(Level.INFO, "Released worker {0} at last timestamp {1}", lease.workerId(),
                    Long.toString(lastTimestamp));
        }
        catch (RuntimeException ex) {
            logger.log(Level.WARNING, "Could not release worker {0}; the delegator lets it expire instead: {1}",
                    lease.workerId(), ex.getMessage());
        }
    }

    private void register() {
        if (!this.running.get()) {
            return;
        }
        long sentAt = this.time.nanoTime();
        long sentWall = this.time.currentTimeMillis();
        LeaseGrant grant;
        try {
            grant = this.delegator.register(this.settings.instanceName(), this.settings.host());
        }
        catch (DelegatorUnavailableException ex) {
            retryRegistration(ex, ex.retryAfter().orElse(null));
            return;
        }
        catch (DelegatorRefusedException ex) {
            // Only an operator can fix the key or the URL: fail the wait for a lease at once, keep trying slowly.
            this.firstLease.completeExceptionally(ex);
            retryRegistration(ex, this.settings.backoff().max());
            return;
        }
        catch (RuntimeException ex) {
            retryRegistration(ex, null);
            return;
        }
        long receivedAt = this.time.nanoTime();
        long deadline = deadline(sentAt, grant);
        if (deadline - receivedAt <= 0) {
            // Unusable: let it expire at the delegator rather than extend a lease never held here.
            retryRegistration(new DelegatorException("The lease on worker " + grant.workerId()
                    + " arrived after its deadline; the delegator answered too slowly", 0), null);
            return;
        }
        measureClockOffset(grant, sentWall);
        HeldLease lease = new HeldLease(grant.workerId(), grant.leaseToken(), grant.ttlMillis(), grant.notBefore(),
                deadline);
        synchronized (this.monitor) {
            if (!this.running.get()) {
                release(lease, Math.max(this.generator.lastTimestamp(this.slot), grant.notBefore() - 1));
                return;
            }
            this.generator.installLease(this.slot, workerLease(lease, grant));
            this.held = lease;
        }
        this.failures = 0;
        this.lastProblem = null;
        logger.log(Level.INFO, "Leased worker {0} for {1} ms, issuing from {2}", grant.workerId(),
                Long.toString(grant.ttlMillis()), Instant.ofEpochMilli(grant.notBefore()));
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
        if (problem instanceof DelegatorRefusedException) {
            // Only a configuration change helps: say what was refused, not that a retry is on its way.
            logger.log(Level.WARNING, "The delegator refused to register this instance: {0}", problem.getMessage());
        }
        else if (this.failures % 10 == 1) {
            logger.log(Level.WARNING, "No lease from the delegator (attempt {0}), retrying in {1} ms: {2}",
                    this.failures, Long.toString(TimeUnit.NANOSECONDS.toMillis(delay)), problem.getMessage());
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
                    + ((this.lastProblem != null) ? " (" + this.lastProblem + ")" : ""),
                    "IDs are refused until a new lease is granted");
            return;
        }
        long sentWall = this.time.currentTimeMillis();
        long fence = this.generator.lease(this.slot).map(WorkerLease::maxTimestampUnixMillis).orElse(Long.MAX_VALUE);
        if (sentWall > fence) {
            // The monotonic deadline says the lease is live, the wall clock says it ran out: the host
            // was suspended, or this clock runs ahead. The ID may have been granted to someone else
            // meanwhile, and during a store's recovery a renewal would re-claim it: register anew.
            lapse("The clock passed the timestamp fence (maxTimestamp " + fence + ") of the lease on worker "
                    + lease.workerId() + " before its monotonic deadline: the host was suspended or its clock runs"
                    + " ahead of the delegator's", "IDs are refused until a new lease is granted");
            return;
        }
        LeaseGrant grant;
        try {
            grant = this.delegator.renew(lease.workerId(), lease.token(), this.generator.lastTimestamp(this.slot));
            if (grant.workerId() != lease.workerId()) {
                throw new LeaseConflictException("The delegator renewed worker " + grant.workerId()
                        + " instead of worker " + lease.workerId(), 200);
            }
        }
        catch (RuntimeException ex) {
            if (ex instanceof LeaseConflictException
                    || (ex instanceof DelegatorRefusedException refused && refused.status() == 404)) {
                lose(lease, ex);
            }
            else {
                retryRenewal(lease, ex);
            }
            return;
        }
        if (lease.deadlineNanos() - this.time.nanoTime() <= 0) {
            // The answer came at or after the old deadline, so the request may have reached the
            // delegator after the lease expired there. Had the ID been taken meanwhile and the
            // store then lost, a late renewal would re-claim it while its new holder still
            // issues. Only an answer that arrives in time proves the lease never lapsed.
            lapse("The renewal of worker " + lease.workerId() + " was answered after the lease's deadline",
                    "not using it, registering again");
            return;
        }
        measureClockOffset(grant, sentWall);
        // A renewal may raise notBefore (a lapsed lease re-claimed after the store lost writes starts
        // above every grant that may have been lost): the generator then moves above it.
        HeldLease renewed = new HeldLease(lease.workerId(), grant.leaseToken(), grant.ttlMillis(),
                Math.max(lease.notBefore(), grant.notBefore()),
                deadline(sentAt, grant));
        synchronized (this.monitor) {
            if (!this.running.get()) {
                return;
            }
            this.generator.renewLease(this.slot, workerLease(renewed, grant));
            this.held = renewed;
        }
        count(RenewalOutcome.SUCCESS);
        if (this.failures > 0) {
            logger.log(Level.INFO, "Renewed the lease on worker {0} after {1} failed attempts", lease.workerId(),
                    this.failures);
        }
        this.failures = 0;
        this.lastProblem = null;
        this.lastRenewal = Instant.ofEpochMilli(this.time.currentTimeMillis());
        schedule(this::renew, renewalDelay(renewed));
    }

    private void lose(HeldLease lease, RuntimeException problem) {
        count(RenewalOutcome.CONFLICT);
        this.lastProblem = problem.getMessage();
        logger.log(Level.WARNING, "Lost the lease on worker {0}, registering again: {1}", lease.workerId(),
                problem.getMessage());
        dropLease();
        register();
    }

    private void retryRenewal(HeldLease lease, RuntimeException problem) {
        count(RenewalOutcome.FAILURE);
        this.failures++;
        this.lastProblem = problem.getMessage();
        long remaining = lease.deadlineNanos() - this.time.nanoTime();
        // Retry by half-way to the deadline at the latest, so a second failure still leaves time.
        long delay = Math.min(this.settings.backoff().delay(this.failures).toNanos(),
                Math.max(remaining / 2, MIN_RETRY_NANOS));
        if (this.failures % 10 == 1) {
            logger.log(Level.WARNING, "Could not renew the lease on worker {0}, {1} ms before its deadline;"
                    + " retrying in {2} ms: {3}", lease.workerId(),
                    Long.toString(TimeUnit.NANOSECONDS.toMillis(Math.max(remaining, 0))),
                    Long.toString(TimeUnit.NANOSECONDS.toMillis(delay)), problem.getMessage());
        }
        schedule(this::renew, delay);
    }

    /**
     * Gives up a lease that can no longer be trusted to be live at the delegator, and
     * registers again.
     */
    private void lapse(String problem, String consequence) {
        count(RenewalOutcome.LAPSED);
        this.lastProblem = problem;
        logger.log(Level.WARNING, "{0}; {1}", problem, consequence);
        dropLease();
        register();
    }

    private void dropLease() {
        synchronized (this.monitor) {
            if (this.running.get()) {
                this.generator.revokeLease(this.slot);
            }
            this.held = null;
        }
        this.failures = 0;
    }

    private long deadline(long sentAt, LeaseGrant grant) {
        long ttlNanos = TimeUnit.MILLISECONDS.toNanos(grant.ttlMillis());
        return sentAt + ttlNanos - this.settings.safetyMarginNanos(ttlNanos);
    }

    private static WorkerLease workerLease(HeldLease lease, LeaseGrant grant) {
        return WorkerLease.until(lease.workerId(), lease.notBefore(), grant.effectiveMaxTimestamp(),
                lease.deadlineNanos());
    }

    /**
     * The delegator granted at {@code expiresAt - ttl} on its clock, somewhere between
     * sending and receiving on ours: the offset is taken from the middle of that interval,
     * so it is off by at most half the round trip.
     */
    private void measureClockOffset(LeaseGrant grant, long sentWall) {
        long receivedWall = this.time.currentTimeMillis();
        long delegatorAtGrant = grant.expiresAt().toEpochMilli() - grant.ttlMillis();
        long localAtGrant = sentWall + (receivedWall - sentWall) / 2;
        this.clockOffset = Duration.ofMillis(localAtGrant - delegatorAtGrant);
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
        if (!this.running.get()) {
            return;
        }
        try {
            this.scheduler.schedule(() -> runGuarded(step), delayNanos);
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
            logger.log(Level.ERROR, "Unexpected failure while keeping the worker lease; dropping it and"
                    + " registering again", ex);
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
     * What went wrong with the last call to the delegator, while the lease is not in good order.
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

    /**
     * How far this generator's wall clock ran ahead of the delegator's (negative: behind)
     * at the last answer, within half that call's round trip; empty before the first answer.
     */
    public Optional<Duration> clockOffset() {
        return Optional.ofNullable(this.clockOffset);
    }

    public Delegator delegator() {
        return this.delegator;
    }

    public LeaseSettings settings() {
        return this.settings;
    }

    public SnowflakeGenerator generator() {
        return this.generator;
    }

    /**
     * The generator's slot this keeper's lease is installed in.
     */
    public int slot() {
        return this.slot;
    }

    @Override
    public String toString() {
        String slotted = (this.generator.workers() == 1) ? "" : " slot " + this.slot;
        return "LeaseKeeper[" + this.settings.instanceName() + slotted + " from " + this.delegator + "]";
    }

    private record HeldLease(int workerId, String token, long ttlMillis, long notBefore, long deadlineNanos) {

        @Override
        public String toString() {
            return "HeldLease[workerId=" + this.workerId + "]";
        }

    }

    /**
     * Builds a {@link LeaseKeeper}; everything but the generator and the delegator has a default.
     */
    public static final class Builder {

        private static final Pattern NOT_IN_LABEL = Pattern.compile("[^A-Za-z0-9._:@/%+\\[\\]-]");

        private final SnowflakeGenerator generator;

        private final Delegator delegator;

        private @Nullable String instanceName;

        private @Nullable String host;

        private Duration safetyMargin = LeaseSettings.DEFAULT_SAFETY_MARGIN;

        private RetryBackoff backoff = RetryBackoff.DEFAULT;

        private @Nullable LeaseScheduler scheduler;

        private int slot;

        private Builder(SnowflakeGenerator generator, Delegator delegator) {
            this.generator = Objects.requireNonNull(generator, "generator");
            this.delegator = Objects.requireNonNull(delegator, "delegator");
        }

        /**
         * The name the lease is registered under; by default the host name and the process ID.
         */
        public Builder instanceName(String instanceName) {
            this.instanceName = instanceName;
            return this;
        }

        /**
         * The host the lease is registered from; by default this host's address.
         */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /**
         * Subtracted from each lease's deadline, at most a quarter of its ttl; 500 ms by default.
         */
        public Builder safetyMargin(Duration safetyMargin) {
            this.safetyMargin = safetyMargin;
            return this;
        }

        /**
         * The delays between retries of failed calls; 200 ms doubling up to 5 s by default.
         */
        public Builder backoff(RetryBackoff backoff) {
            this.backoff = backoff;
            return this;
        }

        /**
         * Where the keeper's steps run; by default one daemon thread of its own, started by
         * {@link LeaseKeeper#start()} and ended by {@link LeaseKeeper#stop()}.
         */
        public Builder scheduler(LeaseScheduler scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        /**
         * The generator's slot to install the lease in, {@code 0..generator.workers()-1}; 0 by
         * default. A generator with several slots takes one keeper per slot, each holding a
         * lease of its own.
         */
        public Builder slot(int slot) {
            this.slot = Objects.checkIndex(slot, this.generator.workers());
            return this;
        }

        /**
         * The generator the keeper is built for.
         */
        public SnowflakeGenerator generator() {
            return this.generator;
        }

        public LeaseKeeper build() {
            String name = (this.instanceName != null) ? this.instanceName
                    : localHostName() + "-" + ProcessHandle.current().pid();
            String from = (this.host != null) ? this.host : localAddress();
            LeaseSettings settings = new LeaseSettings(label(name), label(from), this.safetyMargin, this.backoff);
            return new LeaseKeeper(this.generator, this.slot, this.delegator, settings, this.scheduler);
        }

        /**
         * The value as the delegator accepts a name or host: at most 128 letters,
         * digits and the punctuation of host names and addresses.
         */
        static String label(String value) {
            String cleaned = NOT_IN_LABEL.matcher(value).replaceAll("-");
            return (cleaned.length() <= 128) ? cleaned : cleaned.substring(0, 128);
        }

        private static String localAddress() {
            try {
                return InetAddress.getLocalHost().getHostAddress();
            }
            catch (UnknownHostException ex) {
                return "unknown";
            }
        }

        /**
         * This host's name, for the default instance name.
         */
        public static String localHostName() {
            try {
                return InetAddress.getLocalHost().getHostName();
            }
            catch (UnknownHostException ex) {
                String hostname = System.getenv("HOSTNAME");
                return (hostname != null && !hostname.isBlank()) ? hostname : "unknown";
            }
        }

    }

}
