package dev.snowcloud.faults.pool;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes every free worker ID over REST and keeps them leased, so that generators started
 * meanwhile find the pool exhausted ({@code 503} + {@code Retry-After}) and wait; then hands
 * some back to let them in. Leases are taken and renewed through the given delegators in
 * turn, a bounded number of requests at a time.
 */
public final class PoolSqueeze implements AutoCloseable {

    private static final JsonMapper json = JsonMapper.builder().build();

    private static final int CONCURRENCY = 8;

    private final List<URI> delegators;

    private final String apiKey;

    private final HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2))
        .executor(Executors.newFixedThreadPool(4, (task) -> {
            Thread thread = new Thread(task, "pool-squeeze-http");
            thread.setDaemon(true);
            return thread;
        }))
        .build();

    private final Map<Integer, Lease> held = new ConcurrentHashMap<>();

    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor((task) -> {
        Thread thread = new Thread(task, "pool-squeeze-renewer");
        thread.setDaemon(true);
        return thread;
    });

    private final AtomicLong renewals = new AtomicLong();

    private final AtomicLong renewFailures = new AtomicLong();

    private final AtomicLong lost = new AtomicLong();

    private final AtomicLong calls = new AtomicLong();

    public PoolSqueeze(List<URI> delegators, String apiKey) {
        this.delegators = List.copyOf(delegators);
        this.apiKey = apiKey;
    }

    /**
     * Registers until the delegators answer that the pool is exhausted, renewing every lease
     * taken about every {@code renewEvery} from the moment it is taken until closed.
     * @return how many worker IDs were taken
     */
    public int takeEveryFreeWorker(Duration renewEvery) {
        long renewEveryNanos = renewEvery.toNanos();
        this.renewer.scheduleWithFixedDelay(() -> renewDue(renewEveryNanos), 100, 100, TimeUnit.MILLISECONDS);
        for (;;) {
            List<CompletableFuture<HttpResponse<String>>> batch = new ArrayList<>();
            long sentAt = System.nanoTime();
            for (int i = 0; i < CONCURRENCY; i++) {
                batch.add(send(post("/workers", "{\"name\":\"fault-tests-squeeze\"}")));
            }
            boolean exhausted = false;
            for (CompletableFuture<HttpResponse<String>> call : batch) {
                HttpResponse<String> response = call.join();
                JsonNode body = json.readTree(response.body());
                if (response.statusCode() == 201) {
                    Lease lease = new Lease(body.get("workerId").asInt(), body.get("leaseToken").asString(),
                            body.get("notBefore").asLong(), new AtomicLong(sentAt));
                    this.held.put(lease.workerId(), lease);
                }
                else if (response.statusCode() == 503
                        && body.path("type").asString("").endsWith("pool-exhausted")) {
                    exhausted = true;
                }
                else {
                    throw new IllegalStateException("Register answered " + response.statusCode() + ": " + response.body());
                }
            }
            if (exhausted) {
                return this.held.size();
            }
        }
    }

    /** Renews, a few at a time, every lease last renewed more than {@code periodNanos} ago. */
    private void renewDue(long periodNanos) {
        long now = System.nanoTime();
        List<Lease> due = this.held.values().stream()
            .filter((lease) -> now - lease.renewedAt().get() >= periodNanos)
            .toList();
        forEach(due, (lease) -> post("/workers/" + lease.workerId() + "/renew",
                "{\"leaseToken\":\"" + lease.token() + "\"}"), (lease, response) -> {
                    if (response == null || response.statusCode() >= 500) {
                        this.renewFailures.incrementAndGet();
                    }
                    else if (response.statusCode() == 200) {
                        this.renewals.incrementAndGet();
                    }
                    else {
                        // 409: it lapsed and someone else has it now.
                        this.lost.incrementAndGet();
                        this.held.remove(lease.workerId(), lease);
                    }
                });
    }

    /**
     * Sends one request per lease, at most {@link #CONCURRENCY} at a time, and hands each
     * answer (null if the call failed) to {@code answer}; returns when all are answered.
     */
    private void forEach(List<Lease> leases, Function<Lease, HttpRequest> request,
            BiConsumer<Lease, @Nullable HttpResponse<String>> answer) {
        Semaphore permits = new Semaphore(CONCURRENCY);
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (Lease lease : leases) {
            permits.acquireUninterruptibly();
            long sentAt = System.nanoTime();
            calls.add(send(request.apply(lease)).handle((response, failure) -> {
                permits.release();
                if (failure == null && response.statusCode() == 200) {
                    lease.renewedAt().set(sentAt);
                }
                answer.accept(lease, (failure == null) ? response : null);
                return null;
            }));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
    }

    /**
     * Releases {@code count} of the held leases.
     * @return the worker IDs released
     */
    public List<Integer> release(int count) {
        List<Lease> chosen = new ArrayList<>();
        for (Lease lease : List.copyOf(this.held.values())) {
            if (chosen.size() < count && this.held.remove(lease.workerId(), lease)) {
                chosen.add(lease);
            }
        }
        releaseAll(chosen);
        return chosen.stream().map(Lease::workerId).toList();
    }

    private void releaseAll(List<Lease> leases) {
        // Nothing was issued under them: report just below notBefore, as the API asks.
        forEach(leases, (lease) -> post("/workers/" + lease.workerId() + "/release",
                "{\"leaseToken\":\"" + lease.token() + "\",\"lastTimestamp\":" + (lease.notBefore() - 1) + "}"),
                (lease, response) -> {
                    // Best effort: a lease not released expires by itself.
                });
    }

    public int held() {
        return this.held.size();
    }

    /** Renewals that succeeded. */
    public long renewals() {
        return this.renewals.get();
    }

    /** Renewals that failed for now (5xx, timeouts). */
    public long renewFailures() {
        return this.renewFailures.get();
    }

    /** Leases lost to a 409: they lapsed before a renewal reached the store. */
    public long lost() {
        return this.lost.get();
    }

    /** Stops renewing and releases every lease still held. */
    @Override
    public void close() {
        this.renewer.shutdownNow();
        try {
            this.renewer.awaitTermination(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        List<Lease> leases = List.copyOf(this.held.values());
        this.held.clear();
        releaseAll(leases);
    }

    private HttpRequest post(String path, String body) {
        URI base = this.delegators.get((int) (this.calls.getAndIncrement() % this.delegators.size()));
        return HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(5))
            .header("Authorization", "Bearer " + this.apiKey)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    }

    private CompletableFuture<HttpResponse<String>> send(HttpRequest request) {
        return this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private record Lease(int workerId, String token, long notBefore, AtomicLong renewedAt) {

        @Override
        public String toString() {
            return "Lease[workerId=" + this.workerId + "]";
        }

    }

}
