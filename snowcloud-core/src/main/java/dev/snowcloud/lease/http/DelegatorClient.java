package dev.snowcloud.lease.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.snowcloud.lease.Delegator;
import dev.snowcloud.lease.DelegatorException;
import dev.snowcloud.lease.DelegatorRefusedException;
import dev.snowcloud.lease.DelegatorUnavailableException;
import dev.snowcloud.lease.LeaseConflictException;
import dev.snowcloud.lease.LeaseGrant;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link Delegator} over the delegator's REST API ({@code /workers}), on
 * {@code java.net.http} with JSON through Jackson, and no Spring class.
 * <p>
 * It knows one or more delegator replicas (their base URLs) and sends each call to
 * the one that answered last. When that one cannot be reached, times out or answers
 * with a 5xx or 429, the call moves on to the next, each replica at most once per call;
 * an answer about the lease itself ({@code 409}, {@code 404}, {@code 401}, {@code 400}) is
 * the same on every replica and ends the call. The API key travels as a Bearer token
 * and is never logged.
 */
public final class DelegatorClient implements Delegator {

    private static final JsonMapper json = JsonMapper.builder().build();

    private final List<URI> urls;

    private final @Nullable String authorization;

    private final Duration readTimeout;

    private final HttpClient http;

    /** The replica that answered last; calls start there. */
    private final AtomicInteger current = new AtomicInteger();

    private DelegatorClient(Builder builder) {
        this.urls = List.copyOf(builder.urls);
        this.authorization = (builder.apiKey != null && !builder.apiKey.isEmpty()) ? "Bearer " + builder.apiKey
                : null;
        this.readTimeout = builder.readTimeout;
        this.http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(builder.connectTimeout)
            .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The base URLs of the delegator replicas, in the order they were given.
     */
    public List<URI> urls() {
        return this.urls;
    }

    @Override
    public LeaseGrant register(String name, String host) {
        return grant("register", "/workers", json.createObjectNode().put("name", name).put("host", host));
    }

    @Override
    public LeaseGrant renew(int workerId, String leaseToken, long lastTimestamp) {
        return grant("renew", "/workers/" + workerId + "/renew", report(leaseToken, lastTimestamp));
    }

    @Override
    public void release(int workerId, String leaseToken, long lastTimestamp) {
        call("release", "/workers/" + workerId + "/release", report(leaseToken, lastTimestamp));
    }

    private static JsonNode report(String leaseToken, long lastTimestamp) {
        return json.createObjectNode().put("leaseToken", leaseToken).put("lastTimestamp", lastTimestamp);
    }

    private LeaseGrant grant(String operation, String path, JsonNode body) {
        Answer answer = call(operation, path, body);
        try {
            return leaseOf(json.readTree(answer.body()));
        }
        catch (JacksonException | IllegalArgumentException | NullPointerException ex) {
            throw new DelegatorException("The answer of " + answer.url() + " to " + operation + " is not a lease: "
                    + ex.getMessage(), answer.status(), ex);
        }
    }

    static LeaseGrant leaseOf(JsonNode lease) {
        JsonNode maxTimestamp = lease.get("maxTimestamp");
        return new LeaseGrant(required(lease, "workerId").asInt(), required(lease, "leaseToken").asString(),
                required(lease, "ttlMillis").asLong(), Instant.parse(required(lease, "expiresAt").asString()),
                required(lease, "notBefore").asLong(),
                (maxTimestamp != null && maxTimestamp.isNumber()) ? maxTimestamp.asLong() : null);
    }

    private static JsonNode required(JsonNode lease, String field) {
        JsonNode value = lease.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("no " + field);
        }
        return value;
    }

    /**
     * Sends the call to each replica in turn, starting with the one that answered last,
     * until one gives an answer that is not "unavailable".
     */
    private Answer call(String operation, String path, JsonNode body) {
        int first = this.current.get();
        DelegatorUnavailableException unavailable = null;
        for (int i = 0; i < this.urls.size(); i++) {
            int index = (first + i) % this.urls.size();
            try {
                Answer answer = send(operation, this.urls.get(index), path, body);
                this.current.set(index);
                return answer;
            }
            catch (DelegatorUnavailableException ex) {
                if (unavailable != null) {
                    ex.addSuppressed(unavailable);
                }
                unavailable = ex;
            }
        }
        this.current.set((first + 1) % this.urls.size());
        throw Objects.requireNonNull(unavailable);
    }

    private Answer send(String operation, URI base, String path, JsonNode body) {
        URI url = resolve(base, path);
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
            .timeout(this.readTimeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, application/problem+json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        if (this.authorization != null) {
            request.header("Authorization", this.authorization);
        }
        HttpResponse<byte[]> response;
        try {
            response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new DelegatorUnavailableException("Interrupted while calling " + url + " to " + operation, ex);
        }
        catch (IOException ex) {
            throw new DelegatorUnavailableException(
                    "Could not reach the delegator at " + url + " to " + operation + ": " + describe(ex), ex);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new Answer(url, status, response.body());
        }
        String message = "The delegator at " + url + " answered " + status + " to " + operation
                + problemOf(response.body());
        if (status == 409) {
            throw new LeaseConflictException(message, status);
        }
        if (status >= 500 || status == 429) {
            throw new DelegatorUnavailableException(message, status,
                    retryAfter(response.headers().firstValue("Retry-After").orElse(null), Instant.now()));
        }
        if (status >= 400) {
            throw new DelegatorRefusedException(message, status);
        }
        throw new DelegatorException(message, status);
    }

    private static URI resolve(URI base, String path) {
        String text = base.toString();
        return URI.create((text.endsWith("/") ? text.substring(0, text.length() - 1) : text) + path);
    }

    private static String describe(IOException ex) {
        if (ex instanceof ConnectException) {
            return "connection refused";
        }
        if (ex instanceof HttpTimeoutException) {
            return "timed out (" + ex.getMessage() + ")";
        }
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ((root.getMessage() != null) ? " (" + root.getMessage() + ")" : "");
    }

    private static String problemOf(byte[] body) {
        try {
            JsonNode problem = json.readTree(body);
            JsonNode text = problem.hasNonNull("detail") ? problem.get("detail") : problem.get("title");
            return (text != null && text.isString()) ? ": " + text.asString() : "";
        }
        catch (JacksonException ex) {
            return "";
        }
    }

    /**
     * The {@code Retry-After} header as a delay from {@code now}: delta-seconds or an HTTP date.
     */
    static @Nullable Duration retryAfter(@Nullable String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        try {
            long seconds = Long.parseLong(value);
            return (seconds >= 0) ? Duration.ofSeconds(seconds) : null;
        }
        catch (NumberFormatException ex) {
            try {
                Duration delay = Duration.between(now,
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return delay.isNegative() ? Duration.ZERO : delay;
            }
            catch (DateTimeParseException unparsable) {
                return null;
            }
        }
    }

    /**
     * Names the delegator in messages: its URLs, never the API key.
     */
    @Override
    public String toString() {
        return ((this.urls.size() == 1) ? "the delegator at " : "the delegators at ")
                + this.urls.stream().map(URI::toString).collect(Collectors.joining(", "));
    }

    private record Answer(URI url, int status, byte[] body) {
    }

    /**
     * Builds a {@link DelegatorClient}: at least one URL; an API key unless the delegator
     * runs with authentication off.
     */
    public static final class Builder {

        private final List<URI> urls = new ArrayList<>();

        private @Nullable String apiKey;

        private Duration connectTimeout = Duration.ofSeconds(2);

        private Duration readTimeout = Duration.ofSeconds(5);

        private Builder() {
        }

        /**
         * The base URLs of the delegator replicas, e.g. {@code http://delegator-a:8080}.
         */
        public Builder urls(String... urls) {
            return urls(Arrays.stream(urls).map(URI::create).toList());
        }

        /**
         * The base URLs of the delegator replicas.
         */
        public Builder urls(List<URI> urls) {
            this.urls.clear();
            this.urls.addAll(urls);
            return this;
        }

        /**
         * The API key sent as a Bearer token; none when {@code null} or empty.
         */
        public Builder apiKey(@Nullable String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /**
         * How long to wait for a connection to a replica; 2 s by default.
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /**
         * How long to wait for a replica's answer; 5 s by default.
         */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
            return this;
        }

        /**
         * @throws IllegalArgumentException when no URL, a URL that is not absolute http(s)
         *         with a host, or a timeout that is not positive was given
         */
        public DelegatorClient build() {
            if (this.urls.isEmpty()) {
                throw new IllegalArgumentException("At least one delegator URL is needed");
            }
            for (URI url : this.urls) {
                String scheme = url.getScheme();
                if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) || url.getHost() == null) {
                    throw new IllegalArgumentException(
                            "A delegator URL must be an absolute http:// or https:// URL with a host: " + url);
                }
            }
            requirePositive("connect timeout", this.connectTimeout);
            requirePositive("read timeout", this.readTimeout);
            return new DelegatorClient(this);
        }

        private static void requirePositive(String name, Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("The " + name + " must be positive: " + value);
            }
        }

    }

}
