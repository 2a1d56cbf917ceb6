package dev.snowcloud.lease.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for the delegator: its REST API over a real HTTP server on the
 * loopback interface, with a small in-memory pool, so tests see real
 * connections, timeouts and status codes. Faults are switched on by the test.
 */
public final class DelegatorStub implements AutoCloseable {

    public static final String API_KEY = "stub-key";

    private static final Pattern WORKER_CALL = Pattern.compile("/workers/(-?\\d+)/(renew|release)");

    private static final JsonMapper json = JsonMapper.builder().build();

    private final ExecutorService executor = Executors.newCachedThreadPool((task) -> {
        Thread thread = new Thread(task, "delegator-stub");
        thread.setDaemon(true);
        return thread;
    });

    private final int port;

    private @Nullable HttpServer server;

    private final Map<Integer, Lease> leases = new HashMap<>();

    private final Map<Integer, Long> watermarks = new HashMap<>();

    private final List<Request> requests = new ArrayList<>();

    private long ttlMillis;

    private LongSupplier notBefore = () -> -1;

    private int failuresLeft;

    private int failureStatus;

    private @Nullable String failureRetryAfter;

    private Duration responseDelay = Duration.ZERO;

    private @Nullable Long maxTimestampAfterExpiry;

    private DelegatorStub(long ttlMillis) throws IOException {
        this.ttlMillis = ttlMillis;
        HttpServer started = serve(0);
        this.server = started;
        this.port = started.getAddress().getPort();
    }

    /**
     * A stub granting leases of {@code ttlMillis} on a free loopback port.
     */
    public static DelegatorStub start(long ttlMillis) {
        try {
            return new DelegatorStub(ttlMillis);
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private HttpServer serve(int port) throws IOException {
        HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        created.setExecutor(this.executor);
        created.createContext("/", this::handle);
        created.start();
        return created;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + this.port);
    }

    public synchronized void ttlMillis(long ttlMillis) {
        this.ttlMillis = ttlMillis;
    }

    /**
     * What new leases carry as {@code notBefore}; by default one past the worker's last reported timestamp.
     */
    public synchronized void notBefore(LongSupplier notBefore) {
        this.notBefore = notBefore;
    }

    /**
     * Answers the next {@code times} calls with {@code status} (problem+json) and an optional {@code Retry-After}.
     */
    public synchronized void fail(int times, int status, @Nullable String retryAfter) {
        this.failuresLeft = times;
        this.failureStatus = status;
        this.failureRetryAfter = retryAfter;
    }

    /**
     * Lease bodies carry {@code maxTimestamp} this far after the expiry (a fenced delegator's
     * max clock skew); none when {@code null}, as an older delegator sends them.
     */
    public synchronized void maxTimestampAfterExpiry(@Nullable Long millis) {
        this.maxTimestampAfterExpiry = millis;
    }

    public synchronized void heal() {
        this.failuresLeft = 0;
    }

    public synchronized void delayResponses(Duration delay) {
        this.responseDelay = delay;
    }

    /**
     * Takes the lease on {@code workerId} away, as if it expired and another generator took it.
     */
    public synchronized void giveToSomeoneElse(int workerId) {
        this.leases.put(workerId, new Lease("someone-else", Long.MAX_VALUE));
    }

    /**
     * Stops answering: connections are refused until {@link #comeBack()}.
     */
    public synchronized void goDown() {
        if (this.server != null) {
            this.server.stop(0);
            this.server = null;
        }
    }

    public synchronized void comeBack() {
        if (this.server == null) {
            try {
                this.server = serve(this.port);
            }
            catch (IOException ex) {
                throw new IllegalStateException("Could not listen on port " + this.port + " again", ex);
            }
        }
    }

    public synchronized List<Request> requests() {
        return List.copyOf(this.requests);
    }

    public List<Request> requests(String operation) {
        return requests().stream().filter((request) -> request.operation().equals(operation)).toList();
    }

    public synchronized @Nullable Integer holderOf(String token) {
        return this.leases.entrySet()
            .stream()
            .filter((entry) -> entry.getValue().token().equals(token))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElse(null);
    }

    public synchronized int leased() {
        long now = System.currentTimeMillis();
        return (int) this.leases.values().stream().filter((lease) -> lease.expiresAt() > now).count();
    }

    @Override
    public void close() {
        goDown();
        this.executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String path = exchange.getRequestURI().getPath();
            Matcher matcher = WORKER_CALL.matcher(path);
            String operation = "POST".equals(exchange.getRequestMethod()) && "/workers".equals(path) ? "register"
                    : matcher.matches() ? matcher.group(2) : "other";
            JsonNode node = (body.length > 0) ? json.readTree(body) : null;
            Answer answer;
            Duration delay;
            synchronized (this) {
                this.requests.add(new Request(operation, path, node,
                        exchange.getRequestHeaders().getFirst("Authorization"), System.nanoTime()));
                delay = this.responseDelay;
                answer = answer(exchange, operation, matcher, node);
            }
            if (!delay.isZero()) {
                Thread.sleep(delay.toMillis());
            }
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            if (answer.body() == null) {
                exchange.sendResponseHeaders(answer.status(), -1);
                return;
            }
            byte[] bytes = json.writeValueAsBytes(answer.body());
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private Answer answer(HttpExchange exchange, String operation, Matcher matcher, @Nullable JsonNode body) {
        if (!("Bearer " + API_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return problem(401, "Missing or unknown API key", null);
        }
        if (this.failuresLeft > 0) {
            this.failuresLeft--;
            return problem(this.failureStatus, "Stubbed failure", this.failureRetryAfter);
        }
        long now = System.currentTimeMillis();
        switch (operation) {
            case "register" -> {
                for (int id = 0; id < 1024; id++) {
                    Lease lease = this.leases.get(id);
                    if (lease == null || lease.expiresAt() <= now) {
                        Lease granted = new Lease(UUID.randomUUID().toString(), now + this.ttlMillis);
                        this.leases.put(id, granted);
                        long given = this.notBefore.getAsLong();
                        long notBefore = (given >= 0) ? given : this.watermarks.getOrDefault(id, 0L) + 1;
                        return new Answer(201, Map.of("Location", "/workers/" + id, "Content-Type", "application/json"), leaseBody(id, granted, notBefore));
                    }
                }
                return problem(503, "No free worker ID", "5");
            }
            case "renew", "release" -> {
                int id = Integer.parseInt(matcher.group(1));
                if (id < 0 || id > 1023) {
                    return problem(404, "No worker " + id, null);
                }
                if (body == null || !body.hasNonNull("leaseToken") || !body.hasNonNull("lastTimestamp")) {
                    return problem(400, "leaseToken and lastTimestamp are required", null);
                }
                Lease lease = this.leases.get(id);
                if (lease == null || !lease.token().equals(body.get("leaseToken").asString())) {
                    return problem(409, "Worker " + id + " is not held by this token", null);
                }
                long lastTimestamp = body.get("lastTimestamp").asLong();
                this.watermarks.merge(id, lastTimestamp, Math::max);
                if (operation.equals("release")) {
                    this.leases.remove(id);
                    return new Answer(204, Map.of(), null);
                }
                Lease renewed = new Lease(lease.token(), now + this.ttlMillis);
                this.leases.put(id, renewed);
                return new Answer(200, Map.of("Content-Type", "application/json"), leaseBody(id, renewed, this.watermarks.get(id) + 1));
            }
            default -> {
                return problem(404, "No such resource", null);
            }
        }
    }

    private Map<String, Object> leaseBody(int id, Lease lease, long notBefore) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("workerId", id);
        body.put("leaseToken", lease.token());
        body.put("ttlMillis", this.ttlMillis);
        body.put("expiresAt", Instant.ofEpochMilli(lease.expiresAt()).toString());
        body.put("notBefore", notBefore);
        if (this.maxTimestampAfterExpiry != null) {
            body.put("maxTimestamp", lease.expiresAt() + this.maxTimestampAfterExpiry);
        }
        return body;
    }

    private static Answer problem(int status, String detail, @Nullable String retryAfter) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/problem+json");
        if (retryAfter != null) {
            headers.put("Retry-After", retryAfter);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", "Stub " + status);
        body.put("status", status);
        body.put("detail", detail);
        return new Answer(status, headers, body);
    }

    /**
     * A call the stub received.
     *
     * @param operation {@code register}, {@code renew}, {@code release} or {@code other}
     * @param path the request path
     * @param body the JSON body, if any
     * @param authorization the {@code Authorization} header
     * @param receivedAtNanos when it arrived, by {@link System#nanoTime()}
     */
    public record Request(String operation, String path, @Nullable JsonNode body, @Nullable String authorization,
            long receivedAtNanos) {

        public long lastTimestamp() {
            return this.body.get("lastTimestamp").asLong();
        }

        public String leaseToken() {
            return this.body.get("leaseToken").asString();
        }

        public int workerId() {
            return Integer.parseInt(this.path.split("/")[2]);
        }

    }

    private record Lease(String token, long expiresAt) {
    }

    private record Answer(int status, Map<String, String> headers, @Nullable Object body) {
    }

}
