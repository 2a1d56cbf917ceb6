package dev.snowcloud.lease.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import dev.snowcloud.lease.DelegatorException;
import dev.snowcloud.lease.DelegatorRefusedException;
import dev.snowcloud.lease.DelegatorUnavailableException;
import dev.snowcloud.lease.LeaseConflictException;
import dev.snowcloud.lease.LeaseGrant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link DelegatorClient} against {@link DelegatorStub}s over real HTTP.
 */
@Timeout(60)
class DelegatorClientTests {

    private final DelegatorStub delegator = DelegatorStub.start(60_000);

    private final DelegatorClient client = client(DelegatorStub.API_KEY, Duration.ofSeconds(5),
            this.delegator.url());

    @AfterEach
    void stopDelegator() {
        this.delegator.close();
    }

    @Test
    void registerReturnsTheGrantedLease() {
        LeaseGrant grant = this.client.register("orders-1", "10.0.0.1");
        assertThat(grant.workerId()).isZero();
        assertThat(grant.ttlMillis()).isEqualTo(60_000);
        assertThat(grant.leaseToken()).isNotBlank();
        assertThat(grant.expiresAt()).isAfter(Instant.now());
        assertThat(grant.notBefore()).isEqualTo(1);
        DelegatorStub.Request request = this.delegator.requests("register").get(0);
        assertThat(request.body().get("name").asString()).isEqualTo("orders-1");
        assertThat(request.body().get("host").asString()).isEqualTo("10.0.0.1");
        assertThat(request.authorization()).isEqualTo("Bearer " + DelegatorStub.API_KEY);
    }

    @Test
    void aLeaseCarriesTheDelegatorsTimestampFence() {
        this.delegator.maxTimestampAfterExpiry(1_000L);
        LeaseGrant grant = this.client.register("a", "b");
        assertThat(grant.maxTimestamp()).isEqualTo(grant.expiresAt().toEpochMilli() + 1_000);
        assertThat(grant.effectiveMaxTimestamp()).isEqualTo(grant.maxTimestamp());
    }

    @Test
    void aLeaseFromADelegatorOlderThanTheFenceIsFencedAtItsExpiry() {
        LeaseGrant grant = this.client.register("a", "b");
        assertThat(grant.maxTimestamp()).isNull();
        assertThat(grant.effectiveMaxTimestamp()).isEqualTo(grant.expiresAt().toEpochMilli());
    }

    @Test
    void renewReportsTheLastTimestamp() {
        LeaseGrant grant = this.client.register("a", "b");
        LeaseGrant renewed = this.client.renew(grant.workerId(), grant.leaseToken(), 1_764_300_000_123L);
        assertThat(renewed.workerId()).isEqualTo(grant.workerId());
        DelegatorStub.Request request = this.delegator.requests("renew").get(0);
        assertThat(request.path()).isEqualTo("/workers/0/renew");
        assertThat(request.lastTimestamp()).isEqualTo(1_764_300_000_123L);
        assertThat(request.leaseToken()).isEqualTo(grant.leaseToken());
    }

    @Test
    void releaseSucceedsWithNoContent() {
        LeaseGrant grant = this.client.register("a", "b");
        this.client.release(grant.workerId(), grant.leaseToken(), 42);
        assertThat(this.delegator.requests("release").get(0).lastTimestamp()).isEqualTo(42);
        assertThat(this.delegator.leased()).isZero();
    }

    @Test
    void renewWithAnotherTokenIsAConflictNamingTheUrl() {
        LeaseGrant grant = this.client.register("a", "b");
        assertThatExceptionOfType(LeaseConflictException.class)
            .isThrownBy(() -> this.client.renew(grant.workerId(), "not-the-token", 1))
            .withMessage("The delegator at " + this.delegator.url() + "/workers/0/renew answered 409 to renew:"
                    + " Worker 0 is not held by this token")
            .satisfies((ex) -> assertThat(ex.status()).isEqualTo(409));
    }

    @Test
    void renewOfAnUnknownWorkerIsRefused() {
        assertThatExceptionOfType(DelegatorRefusedException.class).isThrownBy(() -> this.client.renew(1024, "x", 1))
            .satisfies((ex) -> assertThat(ex.status()).isEqualTo(404));
    }

    @Test
    void unavailableCarriesRetryAfter() {
        this.delegator.fail(1, 503, "7");
        assertThatExceptionOfType(DelegatorUnavailableException.class).isThrownBy(() -> this.client.register("a", "b"))
            .satisfies((ex) -> {
                assertThat(ex.status()).isEqualTo(503);
                assertThat(ex.retryAfter()).contains(Duration.ofSeconds(7));
            });
    }

    @Test
    void otherServerErrorsAndTooManyRequestsAreUnavailable() {
        this.delegator.fail(1, 500, null);
        assertThatExceptionOfType(DelegatorUnavailableException.class).isThrownBy(() -> this.client.register("a", "b"))
            .satisfies((ex) -> assertThat(ex.retryAfter()).isEmpty());
        this.delegator.fail(1, 429, "1");
        assertThatExceptionOfType(DelegatorUnavailableException.class).isThrownBy(() -> this.client.register("a", "b"))
            .satisfies((ex) -> assertThat(ex.status()).isEqualTo(429));
    }

    @Test
    void aMalformedRequestIsRefused() {
        this.delegator.fail(1, 400, null);
        assertThatExceptionOfType(DelegatorRefusedException.class).isThrownBy(() -> this.client.register("a", "b"))
            .satisfies((ex) -> assertThat(ex.status()).isEqualTo(400));
    }

    @Test
    void anUnexpectedStatusIsNeitherALeaseNorRetried() {
        this.delegator.fail(1, 302, null);
        assertThatExceptionOfType(DelegatorException.class).isThrownBy(() -> this.client.register("a", "b"))
            .isExactlyInstanceOf(DelegatorException.class)
            .satisfies((ex) -> assertThat(ex.status()).isEqualTo(302));
    }

    @Test
    void aRefusedKeyIsRefusedWithoutShowingTheKey() {
        DelegatorClient wrong = client("secret-wrong-key", Duration.ofSeconds(5), this.delegator.url());
        assertThatExceptionOfType(DelegatorRefusedException.class).isThrownBy(() -> wrong.register("a", "b"))
            .withMessageContaining("401")
            .withMessageContaining(this.delegator.url() + "/workers")
            .withMessageNotContaining("secret-wrong-key");
        assertThat(wrong.toString()).isEqualTo("the delegator at " + this.delegator.url())
            .doesNotContain("secret-wrong-key");
    }

    @Test
    void withoutAKeyNoAuthorizationIsSent() {
        DelegatorClient anonymous = client(null, Duration.ofSeconds(5), this.delegator.url());
        assertThatExceptionOfType(DelegatorRefusedException.class).isThrownBy(() -> anonymous.register("a", "b"));
        assertThat(this.delegator.requests("register").get(0).authorization()).isNull();
    }

    @Test
    void aRefusedConnectionIsUnavailableAndSaysSo() throws Exception {
        URI nowhere = closedPort();
        DelegatorClient client = client(DelegatorStub.API_KEY, Duration.ofSeconds(2), nowhere);
        assertThatExceptionOfType(DelegatorUnavailableException.class).isThrownBy(() -> client.register("a", "b"))
            .withMessage("Could not reach the delegator at " + nowhere + "/workers to register: connection refused")
            .satisfies((ex) -> assertThat(ex.status()).isZero());
    }

    @Test
    void aConnectionClosedWithoutAnAnswerIsUnavailableAndNamesTheInnermostCause() throws Exception {
        try (ServerSocket hangsUp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!hangsUp.isClosed()) {
                    try (Socket connection = hangsUp.accept()) {
                        readRequest(connection);
                    }
                    catch (IOException ex) {
                        // Closed by the test.
                    }
                }
            }, "hangs-up");
            acceptor.setDaemon(true);
            acceptor.start();
            URI url = URI.create("http://127.0.0.1:" + hangsUp.getLocalPort());
            DelegatorClient client = client(DelegatorStub.API_KEY, Duration.ofSeconds(5), url);
            assertThatExceptionOfType(DelegatorUnavailableException.class).isThrownBy(() -> client.register("a", "b"))
                .satisfies((ex) -> {
                    Throwable root = ex.getCause();
                    while (root.getCause() != null) {
                        root = root.getCause();
                    }
                    // Not the outer exception of the HTTP client but what lies under it, with its message.
                    assertThat(ex).hasMessage("Could not reach the delegator at " + url + "/workers to register: "
                            + root.getClass().getSimpleName()
                            + ((root.getMessage() != null) ? " (" + root.getMessage() + ")" : ""));
                    assertThat(ex.getMessage()).doesNotContain("connection refused", "timed out");
                    assertThat(ex.status()).isZero();
                });
        }
    }

    /** Reads a request's head and its body, so closing afterwards ends the connection cleanly. */
    private static void readRequest(Socket connection) throws IOException {
        BufferedReader in = new BufferedReader(
                new InputStreamReader(connection.getInputStream(), StandardCharsets.US_ASCII));
        int length = 0;
        String line;
        while ((line = in.readLine()) != null && !line.isEmpty()) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        for (int i = 0; i < length && in.read() >= 0; i++) {
            // The body is not needed, only read.
        }
    }

    @Test
    void aSlowAnswerTimesOutAsUnavailable() {
        this.delegator.delayResponses(Duration.ofSeconds(3));
        DelegatorClient impatient = client(DelegatorStub.API_KEY, Duration.ofMillis(300), this.delegator.url());
        assertThatExceptionOfType(DelegatorUnavailableException.class).isThrownBy(() -> impatient.register("a", "b"))
            .withMessageContaining("timed out");
    }

    @Test
    void anAnswerThatIsNotALeaseIsAFailureOfItsOwn() {
        JsonMapper json = JsonMapper.builder().build();
        assertThatIllegalArgumentException()
            .isThrownBy(() -> DelegatorClient.leaseOf(json.readTree("{\"workerId\": 1, \"ttlMillis\": 5}")))
            .withMessage("no leaseToken");
        assertThatIllegalArgumentException().isThrownBy(() -> DelegatorClient.leaseOf(json.readTree(
                "{\"workerId\": 1, \"leaseToken\": \"t\", \"ttlMillis\": 0, \"expiresAt\": \"2026-11-28T07:00:00Z\","
                        + " \"notBefore\": 1}")));
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() {
        Instant now = Instant.parse("2026-11-28T07:00:00Z");
        assertThat(DelegatorClient.retryAfter("12", now)).isEqualTo(Duration.ofSeconds(12));
        assertThat(DelegatorClient.retryAfter(" 0 ", now)).isEqualTo(Duration.ZERO);
        assertThat(DelegatorClient.retryAfter("-1", now)).isNull();
        String inAnHour = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(3600).atOffset(ZoneOffset.UTC));
        assertThat(DelegatorClient.retryAfter(inAnHour, now)).isEqualTo(Duration.ofHours(1));
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.minusSeconds(60).atOffset(ZoneOffset.UTC));
        assertThat(DelegatorClient.retryAfter(past, now)).isEqualTo(Duration.ZERO);
        assertThat(DelegatorClient.retryAfter("soon", now)).isNull();
        assertThat(DelegatorClient.retryAfter("", now)).isNull();
        assertThat(DelegatorClient.retryAfter(null, now)).isNull();
    }

    @Test
    void aBuilderWithoutAUsableUrlOrTimeoutIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> DelegatorClient.builder().build())
            .withMessage("At least one delegator URL is needed");
        assertThatIllegalArgumentException().isThrownBy(() -> DelegatorClient.builder().urls("localhost:8080").build())
            .withMessageContaining("absolute http:// or https://");
        assertThatIllegalArgumentException().isThrownBy(() -> DelegatorClient.builder().urls("ftp://host").build());
        assertThatIllegalArgumentException()
            .isThrownBy(() -> DelegatorClient.builder().urls("http://a").readTimeout(Duration.ZERO).build())
            .withMessage("The read timeout must be positive: PT0S");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> DelegatorClient.builder().urls("http://a").connectTimeout(Duration.ofSeconds(-1)).build())
            .withMessage("The connect timeout must be positive: PT-1S");
    }

    @Test
    void aTrailingSlashInTheUrlIsIgnored() {
        DelegatorClient slash = client(DelegatorStub.API_KEY, Duration.ofSeconds(5),
                URI.create(this.delegator.url() + "/"));
        slash.register("a", "b");
        assertThat(this.delegator.requests("register").get(0).path()).isEqualTo("/workers");
    }

    @Test
    void namesEveryReplicaItKnows() {
        DelegatorClient two = client(DelegatorStub.API_KEY, Duration.ofSeconds(5), URI.create("http://a:1"),
                URI.create("http://b:2"));
        assertThat(two.urls()).containsExactly(URI.create("http://a:1"), URI.create("http://b:2"));
        assertThat(two).hasToString("the delegators at http://a:1, http://b:2");
    }

    static URI closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }

    static DelegatorClient client(String apiKey, Duration readTimeout, URI... urls) {
        return DelegatorClient.builder()
            .urls(List.of(urls))
            .apiKey(apiKey)
            .connectTimeout(Duration.ofSeconds(2))
            .readTimeout(readTimeout)
            .build();
    }

}
