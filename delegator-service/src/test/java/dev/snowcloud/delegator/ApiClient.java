package dev.snowcloud.delegator;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.jayway.jsonpath.JsonPath;

/** Talks to a running delegator over real HTTP, as a generator would. */
final class ApiClient {

    static final String KEY = "test-key-1";

    private static final HttpClient http = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .version(HttpClient.Version.HTTP_1_1)
        .build();

    private final String base;

    ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    HttpResponse<String> register(String json) {
        return post("/workers", json);
    }

    HttpResponse<String> renew(int id, String token, Long lastTimestamp) {
        return post("/workers/" + id + "/renew", leaseJson(token, lastTimestamp));
    }

    HttpResponse<String> release(int id, String token, long lastTimestamp) {
        return post("/workers/" + id + "/release", leaseJson(token, lastTimestamp));
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    HttpResponse<String> post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
            .POST((json != null) ? BodyPublishers.ofString(json) : BodyPublishers.noBody())
            .build());
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(this.base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + KEY);
    }

    HttpRequest.Builder anonymous(String path) {
        return HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(30));
    }

    static BodyPublisher chunked(byte[] body) {
        return BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Repeats {@code call} every 100 ms until its answer satisfies {@code done}, for up to
     * {@code patience}: a delegator coming back after Redis did, or a recovery period ending.
     */
    static HttpResponse<String> awaitAnswer(Supplier<HttpResponse<String>> call,
            Predicate<HttpResponse<String>> done, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        HttpResponse<String> last;
        do {
            last = call.get();
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(100);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
        while (System.nanoTime() < deadline);
        throw new AssertionError("Gave up after " + patience + "; last answer " + last.statusCode() + " " + last.body());
    }

    static <T> T read(HttpResponse<String> response, String path) {
        return JsonPath.read(response.body(), path);
    }

    static String leaseJson(String token, Long lastTimestamp) {
        return (lastTimestamp != null) ? "{\"leaseToken\":\"" + token + "\",\"lastTimestamp\":" + lastTimestamp + "}"
                : "{\"leaseToken\":\"" + token + "\"}";
    }

}
