package dev.snowcloud.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.snowcloud.faults.FaultLog.Fault;
import dev.snowcloud.faults.audit.AuditReport;
import dev.snowcloud.faults.audit.GeneratorHistory;
import dev.snowcloud.faults.audit.GeneratorHistory.Grant;
import dev.snowcloud.faults.audit.GeneratorHistory.RefusalWindow;
import dev.snowcloud.faults.audit.IdAudit;
import dev.snowcloud.faults.cluster.Cluster;
import dev.snowcloud.faults.cluster.DelegatorNode;
import dev.snowcloud.faults.cluster.GeneratorNode;
import dev.snowcloud.faults.cluster.Waits;
import dev.snowcloud.faults.pool.PoolSqueeze;
import dev.snowcloud.faults.record.EventTypes;
import dev.snowcloud.testsupport.RedisServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault table of the design brief, on real processes: a {@code redis-server} with an
 * append-only file, two delegators on it, three generator processes (two more join later)
 * issuing about 25,000 IDs a second each and writing every one to disk, while the test
 * kills, stops, pauses, empties and skews them one fault at a time. One of them, gen-1, leases
 * {@value #MULTI_WORKERS} worker IDs ({@code snowcloud.generator.workers}) and also takes a
 * burst of {@value #BURST} IDs every second, more than one worker ID issues in a millisecond,
 * so its IDs come from all of them. At the end every ID is read back and checked by
 * {@link IdAudit}: no duplicates, every ID within a lease its process held, one holder per
 * worker ID at a time; and every generator that stopped issuing during a fault issued again
 * after it.
 */
class FaultInjectionIT {

    private static final Duration TTL = Duration.ofSeconds(3);

    private static final int RATE = 25_000;

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private static final Duration RESUME_TIMEOUT = Duration.ofSeconds(90);

    /** How long the system runs undisturbed after each fault before the next. */
    private static final Duration CALM = Duration.ofSeconds(4);

    private static final long CLOCK_STEP_MILLIS = 5_000;

    /** Worker IDs gen-1 leases. */
    private static final int MULTI_WORKERS = 4;

    /** IDs gen-1 takes in one batch call every second: all four worker IDs' worth of a millisecond. */
    private static final int BURST = MULTI_WORKERS * 4_096;

    /**
     * The ttl of the test's pre-leases. Holding 1,021 leases of 3 s would take about 1,000
     * renewals a second, more than two delegators on a shared two-core machine can be relied
     * on to serve; 60 s leases (granted by a delegator of their own on the same pool) are kept
     * with a renewal every 10 s.
     */
    private static final Duration SQUEEZE_TTL = Duration.ofSeconds(60);

    /**
     * A 60 s ttl on a pool whose recovery period is 3 s is a combination the delegators refuse
     * (a store loss could hand a pre-leased ID on while its holder still issues). Pre-leases
     * issue no IDs, and no store is lost while they are held, so every delegator here is
     * allowed to share the pool with the pre-lease delegator.
     */
    private static final String ALLOW_PRE_LEASES = "--snowcloud.delegator.unsafe.allow-mismatched-replicas=true";

    private Cluster cluster;

    private FaultLog faults;

    /** The generators expected to be issuing whenever no fault is on. */
    private final List<GeneratorNode> running = new ArrayList<>();

    @Test
    void noIdIsIssuedTwiceWhileFaultsAreInjected() {
        long began = System.nanoTime();
        this.cluster = Cluster.create(Cluster.Settings.fromBuild(TTL, RATE));
        boolean passed = false;
        try {
            this.cluster.startRedis();
            DelegatorNode a = this.cluster.startDelegator("delegator-a", TTL, ALLOW_PRE_LEASES);
            DelegatorNode b = this.cluster.startDelegator("delegator-b", TTL, ALLOW_PRE_LEASES);
            // Only the test's pre-leases go through this one (see exhaustPool).
            DelegatorNode squeezer = this.cluster.startDelegator("delegator-squeeze", SQUEEZE_TTL, ALLOW_PRE_LEASES,
                    "--snowcloud.delegator.unsafe.allow-short-recovery=true");
            a.awaitServing(START_TIMEOUT);
            b.awaitServing(START_TIMEOUT);
            squeezer.awaitServing(START_TIMEOUT);
            GeneratorNode gen1 = this.cluster.startGenerator("gen-1", a, "--snowcloud.generator.workers=" + MULTI_WORKERS,
                    "--harness.burst-size=" + BURST, "--harness.burst-interval=1s");
            this.running.add(gen1);
            GeneratorNode gen2 = startGenerator("gen-2", b);
            GeneratorNode gen3 = startGenerator("gen-3", a);
            this.faults = new FaultLog(this::issuedSoFar);
            // The namespace is new: the pool starts with a recovery period, then registrations go through.
            awaitAllIssuing("the first three generators issue", 0);
            Waits.pause(CALM);

            killDelegator(a, List.of(gen1, gen3));
            stopRedis();
            restartRedisEmpty(a, b);
            pauseGenerator(gen2);
            stepClockBackAndForward(gen3);
            exhaustPool(squeezer, a, b, gen1);

            Waits.pause(CALM);
            assertThat(this.cluster.stopGenerators()).as("generators that stopped gracefully on SIGTERM")
                .containsOnlyKeys(this.cluster.generators().stream().map(GeneratorNode::name).toArray(String[]::new))
                .doesNotContainValue(false);
            List<GeneratorHistory> histories = this.cluster.generators().stream().map(GeneratorNode::history).toList();
            AuditReport audit = IdAudit.audit(histories);
            FaultReport.write(this.faults, histories, audit, this.cluster, System.nanoTime() - began);
            audit.assertSafe();
            assertThat(audit.idsChecked()).as("IDs checked").isGreaterThan(1_000_000);
            assertThat(audit.idsPerWorker().get(gen1.name()))
                .as("worker IDs %s issued under, with %d leased at a time", gen1.name(), MULTI_WORKERS)
                .hasSizeGreaterThanOrEqualTo(MULTI_WORKERS);
            assertEveryRefusalEnded(histories);
            passed = true;
        }
        finally {
            if (!passed) {
                this.cluster.copyLogsTo(FaultReport.directory().resolve("failed-run"));
            }
            this.cluster.close();
        }
    }

    /** Fault: a delegator dies without a goodbye and comes back; its generators' renewals resume. */
    private void killDelegator(DelegatorNode delegator, List<GeneratorNode> served) {
        Fault fault = this.faults.inject("`kill -9` " + delegator.name() + " (serves "
                + served.stream().map(GeneratorNode::name).collect(Collectors.joining(", ")) + "), restart it");
        delegator.kill();
        delegator.restart();
        delegator.awaitServing(START_TIMEOUT);
        fault.repaired();
        awaitAllIssuing("every generator issues after " + delegator.name() + " restarted", fault.repairedAt());
        Waits.until("the generators of " + delegator.name() + " renew through it again", RESUME_TIMEOUT,
                () -> served.stream().allMatch((g) -> !g.history().events(EventTypes.RENEWED, fault.repairedAt()).isEmpty()),
                this::diagnostics);
        fault.note(delegator.name() + " answered again " + String.format("%.1f", (fault.repairedAt() - fault.injectedAt())
                / 1000.0) + " s after the kill; " + served.stream()
                    .map((g) -> g.name() + (g.history().refusals().stream().anyMatch((w) -> w.start() >= fault.injectedAt())
                            ? " lapsed and registered again" : " kept its lease"))
                    .collect(Collectors.joining(", ")));
        fault.settled(CALM);
    }

    /** Fault: Redis away for longer than a lease: every generator refuses, then all re-register. */
    private void stopRedis() {
        Fault fault = this.faults.inject("Redis stopped (SIGTERM) for over twice the lease ttl, started again "
                + "with its append-only file");
        RedisServer redis = this.cluster.redis();
        long stoppedAt = System.nanoTime();
        redis.stop();
        Waits.until("every generator refuses once its lease deadline has passed", RESUME_TIMEOUT,
                () -> this.running.stream().allMatch((g) -> "REFUSING".equals(status(g).mode())), this::diagnostics);
        long downNanos = System.nanoTime() - stoppedAt;
        Waits.pause(Duration.ofNanos(Math.max(0, TTL.multipliedBy(2).toNanos() - downNanos)));
        redis.start();
        fault.repaired();
        fault.note("the generators stopped issuing " + this.running.stream()
            .map((g) -> String.format("%.1f", (firstRefusalSince(g, fault.injectedAt()) - fault.injectedAt()) / 1000.0))
            .collect(Collectors.joining(", ")) + " s after Redis went down (lease ttl " + TTL.toSeconds() + " s)");
        awaitAllIssuing("every generator issues after Redis came back", fault.repairedAt());
        for (GeneratorNode generator : this.running) {
            assertThat(registeredSince(generator, fault.repairedAt()))
                .as("%s re-registered (never renewing its lapsed lease) after Redis came back", generator.name())
                .isNotEmpty();
        }
        fault.settled(CALM);
    }

    /** Fault: Redis loses everything: recovery period, live generators re-claim their worker IDs. */
    private void restartRedisEmpty(DelegatorNode... delegators) {
        Fault fault = this.faults.inject("Redis restarted empty (SIGKILL, append-only file deleted): store loss");
        double reclaimedBefore = reclaimed(delegators);
        this.cluster.restartRedisEmpty();
        fault.repaired();
        awaitAllIssuing("every generator issues after the store loss", fault.repairedAt());
        Waits.until("every generator renewed or registered on the new pool", RESUME_TIMEOUT,
                () -> this.running.stream().allMatch((g) -> !g.history().events(EventTypes.RENEWED, fault.repairedAt()).isEmpty()
                        || !registeredSince(g, fault.repairedAt()).isEmpty()),
                this::diagnostics);
        long reRegistered = this.running.stream()
            .filter((g) -> !registeredSince(g, fault.repairedAt()).isEmpty())
            .count();
        fault.note(String.format("%.0f worker IDs re-claimed by renewal during the recovery period, %d generators "
                + "registered anew", reclaimed(delegators) - reclaimedBefore, reRegistered));
        fault.settled(CALM);
    }

    /** Fault: a generator frozen past its lease; on waking it must refuse, not issue under the old lease. */
    private void pauseGenerator(GeneratorNode generator) {
        Fault fault = this.faults.inject("`kill -STOP` " + generator.name() + " for twice the lease ttl, then "
                + "`kill -CONT`");
        generator.pause();
        Waits.pause(TTL.multipliedBy(2));
        // Repaired as SIGCONT goes out: the process may record its first refusal before kill returns.
        fault.repaired();
        generator.resume();
        awaitAllIssuing("every generator issues after " + generator.name() + " was resumed", fault.repairedAt());
        assertThat(generator.history().events(EventTypes.REFUSING, fault.repairedAt()))
            .as("%s refused to issue under its lapsed lease after SIGCONT", generator.name())
            .isNotEmpty();
        assertThat(registeredSince(generator, fault.repairedAt()))
            .as("%s registered again after SIGCONT", generator.name())
            .isNotEmpty();
        fault.settled(CALM);
    }

    /** Faults: one generator's wall clock steps back several seconds, and later forward again. */
    private void stepClockBackAndForward(GeneratorNode generator) {
        Fault back = this.faults.inject(generator.name() + "'s wall clock stepped back "
                + CLOCK_STEP_MILLIS / 1000 + " s (and left there)");
        long refusedBefore = status(generator).refusedClock();
        generator.clockOffset(-CLOCK_STEP_MILLIS);
        back.repaired();
        Waits.until(generator.name() + " refuses with ClockMovedBackwardsException, then issues again with its clock "
                + "still behind", RESUME_TIMEOUT, () -> {
                    GeneratorNode.Status status = status(generator);
                    return status.refusedClock() > refusedBefore && status.clockOffsetMillis() == -CLOCK_STEP_MILLIS
                            && status.isIssuingSince(back.repairedAt())
                            && generator.history().refusals().stream().anyMatch(
                                    (w) -> w.start() >= back.injectedAt() && "clock".equals(w.reason()) && !w.isOpen());
                }, this::diagnostics);
        awaitAllIssuing("every generator issues with " + generator.name() + "'s clock behind", back.repairedAt());
        back.note(String.format("%,d calls refused with ClockMovedBackwardsException",
                status(generator).refusedClock() - refusedBefore));
        back.settled(CALM);

        Fault forward = this.faults.inject(generator.name() + "'s wall clock stepped forward "
                + CLOCK_STEP_MILLIS / 1000 + " s (back to true time)");
        generator.clockOffset(0);
        Waits.until(generator.name() + " runs on true time again", RESUME_TIMEOUT,
                () -> status(generator).clockOffsetMillis() == 0, this::diagnostics);
        forward.repaired();
        awaitAllIssuing("every generator issues after " + generator.name() + "'s clock stepped forward",
                forward.repairedAt());
        forward.settled(CALM);
    }

    /**
     * Faults: more generators than free worker IDs. Every free worker ID is pre-leased over REST
     * through {@code squeezer} (and kept renewed), two more generators start and must wait
     * (503 + Retry-After); then a lease holder is paused past its ttl, so that its worker ID
     * goes to a waiting generator while it is frozen: the very case where issuing under a
     * lapsed lease would duplicate. At last two pre-leased IDs are released and everyone must
     * issue again.
     */
    private void exhaustPool(DelegatorNode squeezer, DelegatorNode a, DelegatorNode b, GeneratorNode preferred) {
        Fault exhausted = this.faults.inject("pool exhausted: every free worker ID pre-leased over REST and kept "
                + "renewed, gen-4 and gen-5 started; two pre-leased IDs released at the end");
        try (PoolSqueeze squeeze = new PoolSqueeze(List.of(squeezer.url()), Cluster.API_KEY)) {
            int taken = squeeze.takeEveryFreeWorker(SQUEEZE_TTL.dividedBy(6));
            exhausted.note("pre-leased " + taken + " worker IDs");
            GeneratorNode gen4 = this.cluster.startGenerator("gen-4", b);
            GeneratorNode gen5 = this.cluster.startGenerator("gen-5", a);
            List<GeneratorNode> waiting = List.of(gen4, gen5);
            // Five generators, six worker IDs for them (gen-1 leases four): two must be waiting at any
            // time (gen-4 and gen-5, unless a lease of the others lapsed under load and one of them got its ID).
            Waits.until("two generators are refused registration (503, pool exhausted) and keep retrying",
                    START_TIMEOUT, () -> allGenerators().filter((g) -> exhaustedRefusals(g) >= 3).count() >= 2,
                    this::diagnostics);
            exhausted.note(allGenerators().filter((g) -> exhaustedRefusals(g) > 0)
                .map((g) -> g.name() + " refused " + exhaustedRefusals(g) + " times")
                .collect(Collectors.joining(", ")) + " while every worker ID was leased");

            GeneratorNode holder = awaitLeaseHolder(preferred);
            List<Integer> workerIds = status(holder).validWorkerIds();
            Fault takeover = this.faults.inject("`kill -STOP` " + holder.name() + " while two generators wait for "
                    + "a worker ID, until one of its worker IDs is granted to one of them, then `kill -CONT`");
            long pausedAt = System.nanoTime();
            holder.pause();
            Waits.until("one of " + holder.name() + "'s worker IDs " + workerIds + " is granted to a waiting generator",
                    RESUME_TIMEOUT, () -> allGenerators().anyMatch((g) -> g != holder
                            && workerIds.stream().anyMatch((id) -> grantedSince(g, id, takeover.injectedAt()))),
                    this::diagnostics);
            Waits.pause(Duration.ofNanos(Math.max(0, TTL.multipliedBy(2).toNanos() - (System.nanoTime() - pausedAt))));
            takeover.repaired();
            holder.resume();
            takeover.note(allGenerators().filter((g) -> g != holder)
                .flatMap((g) -> workerIds.stream().filter((id) -> grantedSince(g, id, takeover.injectedAt()))
                    .map((id) -> "worker " + id + " went from " + holder.name() + " to " + g.name()))
                .collect(Collectors.joining(", ")));
            Waits.until(holder.name() + " refuses after SIGCONT: its lease lapsed and the pool is still exhausted",
                    RESUME_TIMEOUT, () -> !holder.history().events(EventTypes.REFUSING, takeover.repairedAt()).isEmpty(),
                    this::diagnostics);

            this.running.addAll(waiting);
            List<Integer> released = squeeze.release(2);
            exhausted.repaired();
            awaitAllIssuing("all five generators issue once two pre-leased worker IDs " + released + " were released",
                    exhausted.repairedAt());
            takeover.settled(Duration.ZERO);
            exhausted.note(String.format("pre-leases: %,d renewals, %,d failed, %d lost", squeeze.renewals(),
                    squeeze.renewFailures(), squeeze.lost()));
        }
        exhausted.settled(CALM);
    }

    private GeneratorNode startGenerator(String name, DelegatorNode delegator) {
        GeneratorNode generator = this.cluster.startGenerator(name, delegator);
        this.running.add(generator);
        return generator;
    }

    /** Waits until every running generator has issued an ID at or after {@code since} and is issuing now. */
    private void awaitAllIssuing(String what, long since) {
        Waits.until(what, RESUME_TIMEOUT, () -> {
            for (GeneratorNode generator : this.running) {
                if (!generator.isAlive()) {
                    throw new AssertionError(generator.name() + " exited:\n" + generator.logTail(40));
                }
            }
            return this.running.stream().allMatch((g) -> {
                GeneratorNode.Status status = g.status();
                return status != null && status.isIssuingSince(since);
            });
        }, this::diagnostics);
    }

    private static void assertEveryRefusalEnded(List<GeneratorHistory> histories) {
        for (GeneratorHistory history : histories) {
            assertThat(history.refusals()).as("%s issued again after every stretch of refusals", history.name())
                .noneMatch(RefusalWindow::isOpen);
        }
    }

    /** {@code preferred} if it holds a valid lease, else the first running generator that does. */
    private GeneratorNode awaitLeaseHolder(GeneratorNode preferred) {
        Waits.until("a running generator holds a valid lease", RESUME_TIMEOUT,
                () -> this.running.stream().anyMatch((g) -> status(g).leaseValid()), this::diagnostics);
        return Stream.concat(Stream.of(preferred), this.running.stream())
            .filter((g) -> status(g).leaseValid() && status(g).leaseWorkerId() >= 0)
            .findFirst()
            .orElseThrow();
    }

    private Stream<GeneratorNode> allGenerators() {
        return this.cluster.generators().stream();
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

    private static long firstRefusalSince(GeneratorNode generator, long since) {
        return generator.history().events(EventTypes.REFUSING, since).stream()
            .mapToLong((event) -> event.get("at").asLong())
            .min()
            .orElse(Long.MAX_VALUE);
    }

    private static List<Grant> registeredSince(GeneratorNode generator, long since) {
        return generator.history().grants().stream().filter((g) -> g.at() >= since).toList();
    }

    private static boolean grantedSince(GeneratorNode generator, int workerId, long since) {
        return registeredSince(generator, since).stream().anyMatch((g) -> g.workerId() == workerId);
    }

    private static long exhaustedRefusals(GeneratorNode generator) {
        return generator.history().events(EventTypes.REGISTER_REFUSED).stream()
            .filter((event) -> event.get("status").asInt() == 503 && event.get("retryAfterMillis").asLong() > 0
                    && event.get("detail").asString().contains("leased"))
            .count();
    }

    private static double reclaimed(DelegatorNode... delegators) {
        return Stream.of(delegators)
            .mapToDouble((d) -> d.counter("snowcloud_leases_total", "operation=\"renew\"", "outcome=\"reclaimed\""))
            .sum();
    }

    private String diagnostics() {
        StringBuilder text = new StringBuilder();
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
