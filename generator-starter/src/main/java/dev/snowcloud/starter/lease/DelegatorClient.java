package dev.snowcloud.starter.lease;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClient.RequestHeadersSpec.ConvertibleClientHttpResponse;

/**
 * A client of the delegator's REST API ({@code /workers}), mapping its answers
 * to a {@link LeaseGrant} or a typed {@link DelegatorException}. The API key
 * travels as a Bearer token and is never logged.
 */
public class DelegatorClient {

    private final RestClient restClient;

    private final URI baseUrl;

    /**
     * A client that sends every call through {@code restClient}, which must carry
     * the base URL and the {@code Authorization} header.
     */
    public DelegatorClient(RestClient restClient, URI baseUrl) {
        this.restClient = Objects.requireNonNull(restClient, "restClient");
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    }

    /**
     * A client of the delegator at {@code baseUrl}, built on {@code builder} with
     * the given API key and timeouts.
     */
    public static DelegatorClient create(RestClient.Builder builder, URI baseUrl, @Nullable String apiKey,
            Duration connectTimeout, Duration readTimeout) {
        HttpClientSettings settings = HttpClientSettings.defaults().withTimeouts(connectTimeout, readTimeout);
        RestClient.Builder configured = builder.clone()
            .baseUrl(baseUrl.toString())
            .requestFactory(ClientHttpRequestFactoryBuilder.jdk().build(settings))
            .defaultHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE,
                    MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (apiKey != null && !apiKey.isEmpty()) {
            configured.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + apiKey);
        }
        return new DelegatorClient(configured.build(), baseUrl);
    }

    public URI baseUrl() {
        return this.baseUrl;
    }

    /**
     * Registers for a new lease on whichever worker ID the delegator picks.
     * @throws DelegatorUnavailableException when no lease can be had for now
     * @throws DelegatorAuthenticationException when the API key is refused
     */
    public LeaseGrant register(String name, String host) {
        return call("register", () -> this.restClient.post()
            .uri("/workers")
            .contentType(MediaType.APPLICATION_JSON)
            .body(new Registration(name, host))
            .exchange((request, response) -> grantOrThrow("register", response), true));
    }

    /**
     * Extends the lease on {@code workerId}, reporting the last issued timestamp.
     * @throws LeaseConflictException when the lease is no longer held by {@code leaseToken}
     * @throws DelegatorUnavailableException when the delegator cannot answer for now
     */
    public LeaseGrant renew(int workerId, String leaseToken, long lastTimestamp) {
        return call("renew", () -> this.restClient.post()
            .uri("/workers/{id}/renew", workerId)
            .contentType(MediaType.APPLICATION_JSON)
            .body(new LeaseReport(leaseToken, lastTimestamp))
            .exchange((request, response) -> grantOrThrow("renew", response), true));
    }

    /**
     * Hands the lease on {@code workerId} back, reporting the Unix millisecond at or
     * after every timestamp issued under it.
     * @throws LeaseConflictException when the lease is no longer held by {@code leaseToken}
     */
    public void release(int workerId, String leaseToken, long lastTimestamp) {
        call("release", () -> this.restClient.post()
            .uri("/workers/{id}/release", workerId)
            .contentType(MediaType.APPLICATION_JSON)
            .body(new LeaseReport(leaseToken, lastTimestamp))
            .exchange((request, response) -> {
                if (response.getStatusCode().is2xxSuccessful()) {
                    return Boolean.TRUE;
                }
                throw failure("release", response);
            }, true));
    }

    private <T> T call(String operation, Call<T> call) {
        try {
            T result = call.run();
            if (result == null) {
                throw new DelegatorException("The delegator's answer to " + operation + " had no body", 0);
            }
            return result;
        }
        catch (DelegatorException ex) {
            throw ex;
        }
        catch (ResourceAccessException ex) {
            throw new DelegatorUnavailableException(
                    "Could not reach the delegator at " + this.baseUrl + " to " + operation + ": " + rootMessage(ex), ex);
        }
        catch (RestClientException ex) {
            throw new DelegatorException(
                    "Unreadable answer from the delegator at " + this.baseUrl + " to " + operation + ": " + rootMessage(ex),
                    ex);
        }
    }

    private LeaseGrant grantOrThrow(String operation, ConvertibleClientHttpResponse response) throws IOException {
        if (!response.getStatusCode().is2xxSuccessful()) {
            throw failure(operation, response);
        }
        LeaseGrant grant = response.bodyTo(LeaseGrant.class);
        if (grant == null || grant.leaseToken() == null || grant.ttlMillis() <= 0) {
            throw new DelegatorException("The delegator's answer to " + operation + " is not a lease: " + grant,
                    response.getStatusCode().value());
        }
        return grant;
    }

    private DelegatorException failure(String operation, ConvertibleClientHttpResponse response) throws IOException {
        HttpStatusCode status = response.getStatusCode();
        int code = status.value();
        String message = "The delegator answered " + code + " to " + operation + problemOf(response);
        return switch (code) {
            case 409, 404 -> new LeaseConflictException(message, code);
            case 401, 403 -> new DelegatorAuthenticationException(message, code);
            default -> status.is5xxServerError() || code == 429
                    ? new DelegatorUnavailableException(message, code, retryAfter(response.getHeaders()))
                    : new DelegatorException(message, code);
        };
    }

    private static String problemOf(ConvertibleClientHttpResponse response) {
        MediaType type = response.getHeaders().getContentType();
        if (type == null || !(type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                || type.isCompatibleWith(MediaType.APPLICATION_JSON))) {
            return "";
        }
        try {
            ProblemDetail problem = response.bodyTo(ProblemDetail.class);
            if (problem == null) {
                return "";
            }
            String text = (problem.getDetail() != null) ? problem.getDetail() : problem.getTitle();
            return (text != null) ? ": " + text : "";
        }
        catch (RuntimeException ex) {
            return "";
        }
    }

    /**
     * The {@code Retry-After} header as a delay: delta-seconds or an HTTP date.
     */
    static @Nullable Duration retryAfter(HttpHeaders headers) {
        String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
        if (value == null || value.isBlank()) {
            return null;
        }
        value = value.trim();
        try {
            long seconds = Long.parseLong(value);
            return (seconds >= 0) ? Duration.ofSeconds(seconds) : null;
        }
        catch (NumberFormatException ex) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration delay = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return delay.isNegative() ? Duration.ZERO : delay;
            }
            catch (DateTimeParseException unparsable) {
                return null;
            }
        }
    }

    private static String rootMessage(Throwable ex) {
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + ((message != null) ? " (" + message + ")" : "");
    }

    @Override
    public String toString() {
        return "DelegatorClient[" + this.baseUrl + "]";
    }

    @FunctionalInterface
    private interface Call<T> {

        @Nullable T run();

    }

    record Registration(String name, String host) {
    }

    record LeaseReport(String leaseToken, long lastTimestamp) {
    }

}
