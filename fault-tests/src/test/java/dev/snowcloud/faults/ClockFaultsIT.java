package dev.snowcloud.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.snowcloud.faults.FaultLog.Fault;
import dev.snowcloud.faults.audit.AuditReport;
import dev.snowcloud.faults.audit.GeneratorHistory;
import dev.snowcloud.faults.audit.GeneratorHistory.Grant;
import dev.snowcloud.faults.cluster.Cluster;
import dev.snowcloud.faults.cluster.DelegatorNode;
import dev.snowcloud.faults.cluster.GeneratorNode;
import dev.snowcloud.faults.cluster.RedisClock;
import dev.snowcloud.faults.cluster.Waits;
import dev.snowcloud.faults.pool.PoolSqueeze;
import dev.snowcloud.faults.record.EventTypes;
import dev.snowcloud.faults.audit.IdAudit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults that move clocks at different rates, which step 3 of the safety argument (a monotonic
 * deadline that falls before Redis's expiry) does not survive and the timestamp fence (step 5)
 * must: a host suspended past its lease, Redis's clock stepped forward by more than a ttl, and
 * Redis and the generators stepped forward together while one generator cannot renew. Each
 * runs while the pool is exhausted but for the generators' worker IDs, with one generator more
 * than worker IDs, so that worker IDs really change hands. One generator, gen-3, leases
 * {@value #MULTI_WORKERS} worker IDs ({@code snowcloud.generator.workers}), each with its own
 * fence, and it is the one whose host is suspended. At the end every ID is audited: no
 * duplicates, and no worker ID with two holders in one millisecond.
 * <p>
 * Redis runs under libfaketime, its clock moved by a control file; a generator's wall clock
 * is moved by its clock offset and its monotonic clock by the nanoseconds it hides (see
 * {@code OffsetTimeSource}). The system clock is never touched.
 */
class ClockFaultsIT {

    private static final Duration TTL = Duration.ofSeconds(3);

    private static final int RATE = 25_000;

    /** Generators with a worker ID at any time; one more waits for one. */
    private static final int HOLDERS = 3;

    /** Worker IDs gen-3 leases. */
    private static final int MULTI_WORKERS = 2;

    private static final Duration START_TIMEOUT = Duration.ofMinutes(6);

    private static final Duration RESUME_TIMEOUT = Duration.ofSeconds(60);

    private static final Duration CALM = Duration.ofSeconds(3);

    /** How far behind Redis and the generators start (within the skew of each other). */
    private static final Duration BEHIND = Duration.ofSeconds(-4);

    /** Redis's step forward in the last fault: more than the ttl, so every lease expires at once. */
    private static final Duration AHEAD = Duration.ofSeconds(5);

    /** The pre-leases' ttl (see FaultInjectionIT). */
    private static final Duration SQUEEZE_TTL = Duration.ofSeconds(60);

    /**
     * The pre-lease delegator's 60 s ttl beside a 3 s recovery period is a combination
     * delegators with the fence refuse; pre-leases issue no IDs and no store is lost here (see
     * FaultInjectionIT).
     */
    private static final String ALLOW_PRE_LEASES = "--snowcloud.delegator.unsafe.allow-mismatched-replicas=true";

    private Cluster cluster;

    private RedisClock redisClock;

    private FaultLog faults;

    /** What each fault must have shown besides the audit, checked after it. */
    private final List<String> missed = new ArrayList<>();

    @Test
    void noWorkerIdHasTwoHoldersInOneMillisecondWhileClocksMoveAtDifferentRates() {
        long began = System.nanoTime();
        this.cluster = Cluster.create(Cluster.Settings.fromBuild(TTL, RATE));
        boolean passed = false;
        try {
            this.redisClock = RedisClock.in(this.cluster.workDir(), BEHIND);
            this.cluster.startRedis(this.redisClock);
            this.redisClock.awaitOffset(BEHIND, this.cluster.redis());
            DelegatorNode a = this.cluster.startDelegator("delegator-a", TTL, ALLOW_PRE_LEASES);
            DelegatorNode b = this.cluster.startDelegator("delegator-b", TTL, ALLOW_PRE_LEASES);
            DelegatorNode squeezer = this.cluster.startDelegator("delegator-squeeze", SQUEEZE_TTL, ALLOW_PRE_LEASES,
                    "--snowcloud.delegator.unsafe.allow-short-recovery=true");
            a.awaitServing(START_TIMEOUT);
            b.awaitServing(START_TIMEOUT);
            squeezer.awaitServing(START_TIMEOUT);
            // Every clock 4 s behind true time: within max-clock-skew of each other, as hosts that
            // NTP has yet to correct. gen-2 alone leases through delegator-b, so it alone can be cut off.
            startGenerator("gen-1", a);
            GeneratorNode gen2 = startGenerator("gen-2", b);
            GeneratorNode gen3 = startGenerator("gen-3", a, "--snowcloud.generator.workers=" + MULTI_WORKERS);
            this.faults = new FaultLog(this::issuedSoFar);
            awaitIssuing("the first three generators issue, 4 s behind true time", HOLDERS, 0);
            // Before the squeeze takes what is left of the pool.
            awaitHoldingAll(gen3);
            try (PoolSqueeze squeeze = new PoolSqueeze(List.of(squeezer.url()), Cluster.API_KEY)) {
                int taken = squeeze.takeEveryFreeWorker(SQUEEZE_TTL.dividedBy(6));
                GeneratorNode gen4 = startGenerator("gen-4", a);
                Waits.until("gen-4 is refused registration (503, pool exhausted) and keeps retrying", START_TIMEOUT,
                        () -> exhaustedRefusals(gen4) >= 2, this::diagnostics);
                System.out.printf("[clock-faults] pre-leased %d worker IDs; gen-4 waits%n", taken);

                correlatedStep(b, gen2);
                hostSuspend(gen3);
                redisStepsForward(b, gen2);

                Waits.pause(CALM);
                this.faults.faults().get(0).note(String.format("pre-leased %d worker IDs, kept through every fault: "
                        + "%,d renewals, %,d failed, %d lost", taken, squeeze.renewals(), squeeze.renewFailures(),
                        squeeze.lost()));
            }
            assertThat(this.cluster.stopGenerators()).as("generators that stopped gracefully on SIGTERM")
                .doesNotContainValue(false);
            List<GeneratorHistory> histories = this.cluster.generators().stream().map(GeneratorNode::history).toList();
            AuditReport audit = IdAudit.audit(histories);
            for (Fault fault : this.faults.faults()) {
                fault.note(String.format("%,d duplicate IDs, %,d (worker ID, millisecond) pairs with two holders",
                        audit.duplicateValues().stream().filter(fault::covers).count(),
                        audit.sharedMillis().stream().filter(fault::coversMillis).count()));
            }
            FaultReport.write("clock-faults.md", this.faults, histories, audit, this.cluster,
                    System.nanoTime() - began);
            audit.assertSafe();
            assertThat(audit.idsChecked()).as("IDs checked").isGreaterThan(500_000);
            assertThat(this.missed).as("what the faults had to show").isEmpty();
            passed = true;
        }
        finally {
            if (!passed) {
                this.cluster.copyLogsTo(FaultReport.directory().resolve("clock-faults-failed-run"));
            }
            this.cluster.close();
        }
    }

    /**
     * Redis and every generator run 4 s behind; all step forward to true time together while
     * {@code victim} cannot renew (its delegator is stopped). Redis expires every lease at once,
     * 4 s early in true time, and the waiting generator is granted an expired worker ID with a
     * {@code notBefore} of that expiry plus the skew: below the true time the old holder now
     * stamps until its monotonic deadline. Only the fence (the lease's {@code maxTimestamp},
     * the same expiry plus skew) stops the old holder.
     */
    private void correlatedStep(DelegatorNode cutOff, GeneratorNode victim) {
        int workerId = awaitHolding(victim);
        awaitNextRegistrationSoon();
        Fault fault = this.faults.inject("correlated step: Redis and every generator, " + -BEHIND.toSeconds()
                + " s behind, step forward to true time together while " + victim.name() + " cannot renew ("
                + cutOff.name() + " `kill -STOP`ped)");
        cutOff.pause();
        this.redisClock.step(Duration.ZERO, this.cluster.redis());
        long redisSteppedAt = System.currentTimeMillis();
        this.cluster.generators().forEach((g) -> g.clockOffset(0));
        Waits.until("every generator runs on true time", RESUME_TIMEOUT, () -> this.cluster.generators().stream()
            .allMatch((g) -> status(g).clockOffsetMillis() == 0), this::diagnostics);
        Optional<String> taker = awaitGrantedToAnother(victim, workerId, fault.injectedAt());
        Waits.until(victim.name() + " stops issuing under worker " + workerId, RESUME_TIMEOUT,
                () -> !"ISSUING".equals(status(victim).mode()), this::diagnostics);
        fault.note(String.format("Redis stepped %.1f s after the cut-off; worker %d of %s granted to %s; %s",
                (redisSteppedAt - fault.injectedAt()) / 1000.0, workerId, victim.name(), taker.orElse("nobody"),
                refusalAfter(victim, fault.injectedAt())));
        cutOff.resume();
        fault.repaired();
        awaitIssuing(cutOff.name() + " answers again and " + HOLDERS + " generators issue", HOLDERS,
                fault.repairedAt());
        expectFenceRefusal(fault, victim, fault.injectedAt());
        fault.settled(CALM);
    }

    /**
     * A holder of several leases has its host suspended past their ttl: {@code SIGSTOP}, and the
     * stopped time hidden from its monotonic clock before {@code SIGCONT}, as a suspended host's
     * {@code CLOCK_MONOTONIC} does not count it while its wall clock does. Meanwhile one of its
     * worker IDs is granted to the waiting generator. On waking every lease looks valid by its
     * monotonic deadline, and the wall clock reads true time, past each lease's
     * {@code maxTimestamp}.
     */
    private void hostSuspend(GeneratorNode holder) {
        List<Integer> workerIds = awaitHoldingAll(holder);
        Fault fault = this.faults.inject("host suspend: `kill -STOP` " + holder.name() + " (worker IDs " + workerIds
                + ") past its leases, the stop hidden from its monotonic clock, `kill -CONT` once one of its worker "
                + "IDs was granted to another");
        holder.pause();
        long pausedAt = System.nanoTime();
        awaitGrantedToAnother(holder, workerIds, fault.injectedAt());
        Waits.pause(Duration.ofNanos(Math.max(0, TTL.multipliedBy(2).toNanos() - (System.nanoTime() - pausedAt))));
        Duration stopped = Duration.ofNanos(System.nanoTime() - pausedAt);
        holder.hideFromMonotonicClock(stopped);
        fault.repaired();
        holder.resume();
        Waits.until(holder.name() + " stops issuing under workers " + workerIds + " after SIGCONT", RESUME_TIMEOUT,
                () -> !holder.history().events(EventTypes.REFUSING, fault.repairedAt()).isEmpty(), this::diagnostics);
        Waits.until(holder.name() + " registers again", RESUME_TIMEOUT,
                () -> !holder.history().events(EventTypes.REGISTER_REFUSED, fault.repairedAt()).isEmpty()
                        || !holder.history().events(EventTypes.GRANT, fault.repairedAt()).isEmpty(),
                this::diagnostics);
        fault.note(String.format("%s stopped %.1f s, all of it hidden from its monotonic clock; of its workers %s, "
                + "granted to another meanwhile: %s; %s", holder.name(), stopped.toMillis() / 1000.0, workerIds,
                takenFrom(holder, workerIds, fault.injectedAt()), refusalAfter(holder, fault.repairedAt())));
        awaitIssuing(HOLDERS + " generators issue after " + holder.name() + " woke", HOLDERS, fault.repairedAt());
        expectFenceRefusal(fault, holder, fault.repairedAt());
        fault.settled(CALM);
    }

    /**
     * Redis's clock steps forward by more than the ttl, and stays there: every generator's lease
     * expires at once in Redis, well before its monotonic deadline. Holders that renew in time
     * take their lapsed worker IDs back (nobody took them yet); {@code victim} cannot renew
     * (its delegator is stopped), so the waiting generator is granted its worker ID while it
     * still issues under it.
     */
    private void redisStepsForward(DelegatorNode cutOff, GeneratorNode victim) {
        int workerId = awaitHolding(victim);
        awaitNextRegistrationSoon();
        Fault fault = this.faults.inject("Redis's clock stepped forward " + AHEAD.toSeconds() + " s (more than the "
                + "lease ttl of " + TTL.toSeconds() + " s) and left there, while " + victim.name() + " cannot renew ("
                + cutOff.name() + " `kill -STOP`ped)");
        cutOff.pause();
        this.redisClock.step(AHEAD, this.cluster.redis());
        Optional<String> taker = awaitGrantedToAnother(victim, workerId, fault.injectedAt());
        Waits.until(victim.name() + " stops issuing under worker " + workerId, RESUME_TIMEOUT,
                () -> !"ISSUING".equals(status(victim).mode()), this::diagnostics);
        fault.note(String.format("worker %d of %s granted to %s; %s", workerId, victim.name(), taker.orElse("nobody"),
                refusalAfter(victim, fault.injectedAt())));
        cutOff.resume();
        fault.repaired();
        awaitIssuing(HOLDERS + " generators issue with Redis " + AHEAD.toSeconds() + " s ahead", HOLDERS,
                fault.repairedAt());
        fault.note("granted after the step: " + this.cluster.generators().stream()
            .flatMap((g) -> grantsSince(g, fault.injectedAt()).stream().map((grant) -> "worker " + grant.workerId()
                    + " to " + g.name()))
            .collect(Collectors.joining(", ")));
        fault.settled(CALM);
    }

    /**
     * Waits until a waiting generator (or a waiting slot of gen-3, whose other slot goes on
     * renewing) will try to register again in 0.3 to 1 s (its last refusal plus the
     * {@code Retry-After} it was given, with no grant since), so that it asks for a worker ID
     * soon after a step, while the cut-off holder still issues under its monotonic deadline,
     * rather than by chance after that deadline passed.
     */
    private void awaitNextRegistrationSoon() {
        Waits.until("the waiting generator is about to register again", RESUME_TIMEOUT, () -> {
            long now = System.currentTimeMillis();
            return this.cluster.generators().stream().map(ClockFaultsIT::lastRefusalSinceLastGrant)
                .flatMap(Optional::stream)
                .map((refused) -> refused.get("at").asLong() + refused.get("retryAfterMillis").asLong() - now)
                .anyMatch((untilNext) -> untilNext >= 300 && untilNext <= 1_000);
        }, this::diagnostics);
    }

    /** The generator's last refused registration, unless a worker ID was granted to it after it. */
    private static Optional<JsonNode> lastRefusalSinceLastGrant(GeneratorNode generator) {
        List<JsonNode> events = generator.history().events();
        for (int i = events.size() - 1; i >= 0; i--) {
            String type = events.get(i).get("type").asString();
            if (EventTypes.GRANT.equals(type)) {
                return Optional.empty();
            }
            if (EventTypes.REGISTER_REFUSED.equals(type)) {
                return Optional.of(events.get(i));
            }
        }
        return Optional.empty();
    }

    private GeneratorNode startGenerator(String name, DelegatorNode delegator, String... arguments) {
        GeneratorNode generator = this.cluster.startGenerator(name, delegator, arguments);
        // Written before the JVM is up: its monitor applies it before any lease is granted.
        generator.clockOffset(BEHIND.toMillis());
        return generator;
    }

    /** The worker ID {@code generator} holds, once it holds one. */
    private int awaitHolding(GeneratorNode generator) {
        Waits.until(generator.name() + " holds a valid lease", RESUME_TIMEOUT,
                () -> status(generator).leaseValid() && status(generator).leaseWorkerId() >= 0, this::diagnostics);
        return status(generator).leaseWorkerId();
    }

    /** The worker IDs of all of {@code generator}'s slots, once every slot holds a valid lease and it issues. */
    private List<Integer> awaitHoldingAll(GeneratorNode generator) {
        Waits.until(generator.name() + " holds a valid lease in every slot and issues", START_TIMEOUT, () -> {
            GeneratorNode.Status status = status(generator);
            return status.validWorkerIds().size() == status.slots().size()
                    && status.isIssuingSince(System.currentTimeMillis() - 500);
        }, this::diagnostics);
        return status(generator).validWorkerIds();
    }

    /** Waits until {@code workerId} is granted to a generator other than {@code holder}; its name. */
    private Optional<String> awaitGrantedToAnother(GeneratorNode holder, int workerId, long since) {
        return awaitGrantedToAnother(holder, List.of(workerId), since);
    }

    /** Waits until one of {@code workerIds} is granted to a generator other than {@code holder}; its name. */
    private Optional<String> awaitGrantedToAnother(GeneratorNode holder, List<Integer> workerIds, long since) {
        String which = (workerIds.size() == 1) ? "worker " + workerIds.get(0) : "one of workers " + workerIds;
        Waits.until(which + " of " + holder.name() + " is granted to another generator",
                RESUME_TIMEOUT, () -> takerOf(holder, workerIds, since).isPresent(), this::diagnostics);
        return takerOf(holder, workerIds, since);
    }

    private Optional<String> takerOf(GeneratorNode holder, List<Integer> workerIds, long since) {
        return this.cluster.generators().stream()
            .filter((g) -> g != holder && grantsSince(g, since).stream().anyMatch((grant) -> workerIds.contains(grant.workerId())))
            .map(GeneratorNode::name)
            .findFirst();
    }

    /** "worker 5 to gen-4" for each of {@code workerIds} granted to another generator since {@code since}. */
    private String takenFrom(GeneratorNode holder, List<Integer> workerIds, long since) {
        return this.cluster.generators().stream()
            .filter((g) -> g != holder)
            .flatMap((g) -> grantsSince(g, since).stream().filter((grant) -> workerIds.contains(grant.workerId()))
                .map((grant) -> "worker " + grant.workerId() + " to " + g.name()))
            .collect(Collectors.joining(", "));
    }

    /** "gen-2 refused 1.2 s after ... (fence: ...)" for the first refusal since {@code since}. */
    private static String refusalAfter(GeneratorNode generator, long since) {
        List<JsonNode> refusals = generator.history().events(EventTypes.REFUSING, since);
        if (refusals.isEmpty()) {
            return generator.name() + " did not refuse";
        }
        JsonNode first = refusals.get(0);
        return String.format("%s refused from %d ms after, first with the reason '%s' (%s)", generator.name(),
                first.get("at").asLong() - since, first.get("reason").asString(), first.get("detail").asString());
    }

    /**
     * The fence, not luck, must have stopped the old holder: either the engine refused an ID past
     * the lease's {@code maxTimestamp} first, or the lease keeper, finding the wall clock past it
     * before the monotonic deadline, dropped the lease before any ID (and says so in its log).
     */
    private void expectFenceRefusal(Fault fault, GeneratorNode generator, long since) {
        List<JsonNode> refusals = generator.history().events(EventTypes.REFUSING, since);
        boolean byEngine = !refusals.isEmpty() && "fence".equals(refusals.get(0).get("reason").asString());
        boolean byKeeper = !refusals.isEmpty() && "lease".equals(refusals.get(0).get("reason").asString())
                && keeperDroppedAtTheFence(generator);
        if (!byEngine && !byKeeper) {
            this.missed.add(fault + ": " + generator.name() + " was not stopped by the timestamp fence ("
                    + refusalAfter(generator, since) + ")");
        }
    }

    private static boolean keeperDroppedAtTheFence(GeneratorNode generator) {
        try {
            return Files.readString(generator.dir().resolve("process.log"), StandardCharsets.UTF_8)
                .contains("The clock passed the timestamp fence");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Waits until {@code count} generators issue, each with an ID at or after {@code since}. */
    private void awaitIssuing(String what, int count, long since) {
        Waits.until(what, RESUME_TIMEOUT, () -> {
            for (GeneratorNode generator : this.cluster.generators()) {
                if (!generator.isAlive()) {
                    throw new AssertionError(generator.name() + " exited:\n" + generator.logTail(40));
                }
            }
            return this.cluster.generators().stream().filter((g) -> {
                GeneratorNode.Status status = g.status();
                return status != null && status.isIssuingSince(since);
            }).count() >= count;
        }, this::diagnostics);
    }

    private static List<Grant> grantsSince(GeneratorNode generator, long since) {
        return generator.history().grants().stream().filter((g) -> g.at() >= since).toList();
    }

    private static long exhaustedRefusals(GeneratorNode generator) {
        return generator.history().events(EventTypes.REGISTER_REFUSED).stream()
            .filter((event) -> event.get("status").asInt() == 503)
            .count();
    }

    private long issuedSoFar() {
        return this.cluster.generators().stream().map(GeneratorNode::status).filter((s) -> s != null)
            .mapToLong(GeneratorNode.Status::issued).sum();
    }

    private static GeneratorNode.Status status(GeneratorNode generator) {
        GeneratorNode.Status status = generator.status();
        if (status == null) {
            throw new AssertionError(generator.name() + " has written no status yet");
        }
        return status;
    }

    private String diagnostics() {
        StringBuilder text = new StringBuilder();
        text.append("Redis's clock: ").append(RedisClock.offsetMillis(this.cluster.redis())).append(" ms\n");
        for (GeneratorNode generator : this.cluster.generators()) {
            text.append(generator).append(": ").append(generator.status()).append('\n');
            List<?> events = generator.history().events();
            events.subList(Math.max(0, events.size() - 6), events.size())
                .forEach((event) -> text.append("    ").append(event).append('\n'));
        }
        for (DelegatorNode delegator : this.cluster.delegators()) {
            text.append(delegator).append(delegator.isAlive() ? "" : " DEAD").append('\n')
                .append(delegator.logTail(5).indent(4));
        }
        return text.toString();
    }

}
