package dev.snowcloud.delegator;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Generators as seen from the delegator's API, for failover tests: threads that register,
 * renew a few times and release, in a loop, against one or more delegators, and remember
 * every lease a 2xx answer gave them. {@link #overlaps()} then audits that no worker ID was
 * granted to a new holder before the latest expiry any earlier holder was told about.
 */
final class LeaseTraffic implements AutoCloseable {

    private static final int RENEWALS_PER_LEASE = 3;

    private final List<ApiClient> delegators;

    private final ExecutorService threads;

    private final int count;

    private final AtomicBoolean running = new AtomicBoolean(true);

    private final Map<String, Held> byToken = new ConcurrentHashMap<>();

    private final AtomicLong lastRegistration = new AtomicLong();

    private final AtomicLong lastRenewal = new AtomicLong();

    private final AtomicLong lastRefusal = new AtomicLong();

    private final AtomicInteger grants = new AtomicInteger();

    private final AtomicInteger renewals = new AtomicInteger();

    private final AtomicInteger refusals = new AtomicInteger();

    LeaseTraffic(List<ApiClient> delegators, int threads) {
        this.delegators = List.copyOf(delegators);
        this.count = threads;
        this.threads = Executors.newFixedThreadPool(threads);
    }

    LeaseTraffic start() {
        for (int i = 0; i < this.count; i++) {
            ApiClient api = this.delegators.get(i % this.delegators.size());
            this.threads.execute(() -> generate(api));
        }
        return this;
    }

    private void generate(ApiClient api) {
        while (this.running.get()) {
            try {
                cycle(api);
            }
            catch (RuntimeException ex) {
                // a delegator that does not answer is a refusal like a 503
                refused();
                pause(100);
            }
        }
    }

    private void cycle(ApiClient api) {
        HttpResponse<String> registered = api.register("{}");
        if (registered.statusCode() != 201) {
            refused();
            pause(100);
            return;
        }
        Held held = new Held(ApiClient.read(registered, "$.workerId"), ApiClient.read(registered, "$.leaseToken"),
                ((Number) ApiClient.read(registered, "$.notBefore")).longValue(), expiresAt(registered));
        this.byToken.put(held.token, held);
        this.grants.incrementAndGet();
        this.lastRegistration.set(System.nanoTime());
        int renewed = 0;
        while (this.running.get() && renewed < RENEWALS_PER_LEASE) {
            pause(100);
            if (System.currentTimeMillis() >= held.expiresAt) {
                return; // lapsed: a generator stops using it
            }
            HttpResponse<String> renewal;
            try {
                renewal = api.renew(held.workerId, held.token, null);
            }
            catch (RuntimeException ex) {
                refused();
                continue;
            }
            if (renewal.statusCode() == 200) {
                held.expiresAt = Math.max(held.expiresAt, expiresAt(renewal));
                renewed++;
                this.renewals.incrementAndGet();
                this.lastRenewal.set(System.nanoTime());
            }
            else if (renewal.statusCode() == 409 || renewal.statusCode() == 404) {
                return;
            }
            else {
                refused();
            }
        }
        try {
            api.release(held.workerId, held.token, held.notBefore);
        }
        catch (RuntimeException ex) {
            // an unreleased lease expires
        }
    }

    private void refused() {
        this.refusals.incrementAndGet();
        this.lastRefusal.set(System.nanoTime());
    }

    private static long expiresAt(HttpResponse<String> response) {
        return Instant.parse(ApiClient.<String>read(response, "$.expiresAt")).toEpochMilli();
    }

    /** When (System.nanoTime) the last registration succeeded, 0 before the first. */
    long lastRegistration() {
        return this.lastRegistration.get();
    }

    /** When (System.nanoTime) the last renewal succeeded, 0 before the first. */
    long lastRenewal() {
        return this.lastRenewal.get();
    }

    /** When (System.nanoTime) a call last failed, 0 before the first. */
    long lastRefusal() {
        return this.lastRefusal.get();
    }

    int grants() {
        return this.grants.get();
    }

    int renewals() {
        return this.renewals.get();
    }

    int refusals() {
        return this.refusals.get();
    }

    /**
     * Every case of a worker ID granted to a holder whose notBefore is not after the latest
     * expiry an earlier holder of that ID was told: two generators that could both issue
     * IDs with the same worker ID in the same millisecond.
     */
    List<String> overlaps() {
        Map<Integer, List<Held>> byId = new ConcurrentHashMap<>();
        this.byToken.values().forEach((held) -> byId.computeIfAbsent(held.workerId, (id) -> new ArrayList<>()).add(held));
        List<String> overlaps = new ArrayList<>();
        byId.forEach((id, holders) -> {
            holders.sort(Comparator.comparingLong((Held held) -> held.notBefore));
            for (int i = 1; i < holders.size(); i++) {
                Held earlier = holders.get(i - 1);
                Held later = holders.get(i);
                if (later.notBefore <= earlier.expiresAt) {
                    overlaps.add("worker " + id + ": granted from " + later.notBefore + " while an earlier holder was told "
                            + "it may issue until " + earlier.expiresAt);
                }
            }
        });
        return overlaps;
    }

    int distinctWorkerIds() {
        return (int) this.byToken.values().stream().mapToInt((held) -> held.workerId).distinct().count();
    }

    @Override
    public void close() {
        this.running.set(false);
        this.threads.shutdown();
        try {
            this.threads.awaitTermination(60, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Held {

        final int workerId;

        final String token;

        final long notBefore;

        volatile long expiresAt;

        Held(int workerId, String token, long notBefore, long expiresAt) {
            this.workerId = workerId;
            this.token = token;
            this.notBefore = notBefore;
            this.expiresAt = expiresAt;
        }

    }

}
