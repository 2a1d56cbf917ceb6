package dev.snowcloud.id;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real threads on the system clocks, drawing from one generator at once.
 */
class ConcurrentGenerationTests {

    /** IDs a drawer draws at most per lease revocation. */
    private static final int DRAWN_PER_SWITCH = 10_000;

    private static final long PATIENCE_SECONDS = 120;

    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(PATIENCE_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void eightThreadsDrawingFourMillionIdsGetEachOnceInIncreasingOrderUnderTheLeasedWorker() throws Exception {
        int threads = 8;
        int perThread = 500_000;
        int worker = 613;
        SnowflakeGenerator generator = SnowflakeGenerator.withFixedWorkerId(worker);
        long[][] drawn = new long[threads][perThread];
        AtomicInteger ready = new AtomicInteger();

        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long[] ids = drawn[t];
            int style = t;
            futures.add(executor.submit(() -> {
                ready.incrementAndGet();
                while (ready.get() < threads) {
                    Thread.onSpinWait();
                }
                draw(generator, ids, style);
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        }

        long[] all = new long[threads * perThread];
        for (int t = 0; t < threads; t++) {
            assertStrictlyIncreasing(drawn[t], "thread " + t);
            System.arraycopy(drawn[t], 0, all, t * perThread, perThread);
        }
        Arrays.sort(all);
        assertStrictlyIncreasing(all, "all threads together");
        for (long id : all) {
            if (SnowflakeLayout.workerIdOf(id) != worker) {
                throw new AssertionError("ID " + id + " carries worker " + SnowflakeLayout.workerIdOf(id));
            }
        }
        assertThat(generator.generatedCount()).isEqualTo(all.length);
    }

    @Test
    void idsStayUniqueAndInsideTheirLeaseWhileLeasesAreRevokedAndReplacedUnderLoad() throws Exception {
        int threads = 4;
        int perThread = 300_000;
        int leases = 1_024;
        SnowflakeGenerator generator = SnowflakeGenerator.builder().build();
        long[] notBefore = new long[leases];
        long[] revokedAt = new long[leases];
        int[] leaseOfWorker = new int[1_024];
        Arrays.fill(leaseOfWorker, -1);
        notBefore[0] = System.currentTimeMillis() - 1_000;
        generator.installLease(lease(0, notBefore[0]));
        leaseOfWorker[workerOf(0)] = 0;

        long[][] drawn = new long[threads][perThread];
        int[] drawnCount = new int[threads];
        LongAdder refusals = new LongAdder();
        AtomicInteger revocations = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<?>> drawers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            drawers.add(executor.submit(() -> {
                drawnCount[index] = drawThroughSwitches(generator, drawn[index], index, stop, refusals, revocations);
                return null;
            }));
        }

        Future<Integer> switcher = executor.submit(() -> {
            int k = 0;
            while (k + 1 < leases && !drawers.stream().allMatch(Future::isDone)) {
                long progress = generator.generatedCount() + 2_000;
                long patience = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (generator.generatedCount() < progress && System.nanoTime() - patience < 0
                        && !drawers.stream().allMatch(Future::isDone)) {
                    Thread.onSpinWait();
                }
                revokedAt[k] = generator.revokeLease();
                revocations.incrementAndGet();
                if (k % 10 == 0) {
                    // Now and then hold the gap between revoke and install open until a drawer
                    // has been refused in it.
                    long refused = refusals.sum();
                    long gap = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (refusals.sum() == refused && System.nanoTime() - gap < 0
                            && !drawers.stream().allMatch(Future::isDone)) {
                        Thread.onSpinWait();
                    }
                }
                k++;
                // As the delegator would: after a release, just past the reported timestamp; a
                // stale watermark in the past; and expiry plus skew, a little ahead.
                notBefore[k] = switch (k % 3) {
                    case 0 -> revokedAt[k - 1] + 1;
                    case 1 -> revokedAt[k - 1] - 200;
                    default -> revokedAt[k - 1] + 20;
                };
                leaseOfWorker[workerOf(k)] = k;
                generator.installLease(lease(k, notBefore[k]));
            }
            stop.set(true);
            return k;
        });
        int lastLease = switcher.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        for (Future<?> drawer : drawers) {
            drawer.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        }
        revokedAt[lastLease] = generator.revokeLease();

        assertThat(lastLease).as("lease switches while threads drew").isGreaterThanOrEqualTo(20);
        for (int k = 1; k <= lastLease; k++) {
            assertThat(revokedAt[k]).isGreaterThanOrEqualTo(revokedAt[k - 1]);
        }
        SnowflakeLayout layout = generator.layout();
        int total = 0;
        for (int t = 0; t < threads; t++) {
            long[] ids = Arrays.copyOf(drawn[t], drawnCount[t]);
            assertStrictlyIncreasing(ids, "thread " + t);
            for (long id : ids) {
                int k = leaseOfWorker[SnowflakeLayout.workerIdOf(id)];
                long timestamp = layout.decode(id).unixMillis();
                if (k < 0 || timestamp < notBefore[k] || timestamp > revokedAt[k]
                        || (k > 0 && timestamp <= revokedAt[k - 1])) {
                    throw new AssertionError("ID " + id + " at " + timestamp + " under worker "
                            + SnowflakeLayout.workerIdOf(id) + " lies outside lease " + k + ": notBefore "
                            + (k < 0 ? "-" : notBefore[k]) + ", revoked at " + (k < 0 ? "-" : revokedAt[k]));
                }
            }
            total += ids.length;
        }
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(drawn[t], 0, all, at, drawnCount[t]);
            at += drawnCount[t];
        }
        Arrays.sort(all);
        assertStrictlyIncreasing(all, "all threads together");
        assertThat(generator.generatedCount()).isEqualTo(total);
        assertThat(refusals.sum()).as("calls refused between a revoke and the next install").isPositive();
    }

    /**
     * Fills {@code ids}, mixing single calls with batches of different sizes by thread.
     */
    private static void draw(SnowflakeGenerator generator, long[] ids, int style) {
        int batch = switch (style % 4) {
            case 0 -> 0;
            case 1 -> 1_000;
            case 2 -> 64;
            default -> 5_000;
        };
        int filled = 0;
        while (filled < ids.length) {
            if (batch == 0 || filled % 3 == 0) {
                ids[filled++] = generator.nextId();
            }
            else {
                int count = Math.min(batch, ids.length - filled);
                generator.nextIds(ids, filled, count);
                filled += count;
            }
        }
    }

    /**
     * Draws until {@code ids} is full or told to stop, riding out the refusals a lease
     * switch causes; returns how many IDs were drawn.
     */
    private static int drawThroughSwitches(SnowflakeGenerator generator, long[] ids, int style, AtomicBoolean stop,
            LongAdder refusals, AtomicInteger revocations) {
        int filled = 0;
        int calls = 0;
        while (filled < ids.length && !stop.get()) {
            if (filled >= (revocations.get() + 1L) * DRAWN_PER_SWITCH) {
                // Paced by the switcher, so even a starved one switches leases many times while threads draw.
                Thread.yield();
                continue;
            }
            calls++;
            try {
                if (style % 2 == 0 || calls % 4 != 0) {
                    ids[filled] = generator.nextId();
                    filled++;
                }
                else {
                    int count = Math.min(style == 1 ? 100 : 5_000, ids.length - filled);
                    generator.nextIds(ids, filled, count);
                    filled += count;
                }
            }
            catch (LeaseUnavailableException refused) {
                refusals.increment();
                // A batch cut short keeps what it wrote; the rest of the array is still zero.
                while (filled < ids.length && ids[filled] != 0) {
                    filled++;
                }
                Thread.onSpinWait();
            }
        }
        return filled;
    }

    private static WorkerLease lease(int k, long notBefore) {
        return WorkerLease.until(workerOf(k), notBefore, Long.MAX_VALUE, System.nanoTime() + Duration.ofMinutes(10).toNanos());
    }

    /** A different worker ID for each of 1,024 leases, in no simple order. */
    private static int workerOf(int k) {
        return (k * 389 + 5) % 1_024;
    }

    private static void assertStrictlyIncreasing(long[] ids, String what) {
        for (int i = 1; i < ids.length; i++) {
            if (ids[i] <= ids[i - 1]) {
                throw new AssertionError(what + ": ID " + ids[i] + " at index " + i + " does not exceed "
                        + ids[i - 1]);
            }
        }
    }

}
