package dev.snowcloud.starter.lease;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import dev.snowcloud.starter.test.DelegatorStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link DelegatorClient} against a {@link DelegatorStub} over real HTTP.
 */
@Timeout(60)
class DelegatorClientTests {

    private final DelegatorStub delegator = DelegatorStub.start(60_000);

    private final DelegatorClient client = client(DelegatorStub.API_KEY, Duration.ofSeconds(5));

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
        assertThat(grant.expiresAt()).isNotNull();
        assertThat(grant.notBefore()).isEqualTo(1);
        DelegatorStub.Request request = this.delegator.requests("register").get(0);
        assertThat(request.body().get("name").asString()).isEqualTo("orders-1");
        assertThat(request.body().get("host").asString()).isEqualTo("10.0.0.1");
        assertThat(request.authorization()).isEqualTo("Bearer " + DelegatorStub.API_KEY);
    }

    @Test
    void renewReportsTheLastTimestamp() {
        LeaseGrant grant = this.client.register("a", "b");
        LeaseGrant renewed = this.client.renew(grant.workerId(), grant.leaseToken(), 1_764_300_000_123L);
        assertThat(renewed.workerId()).isEqualTo(grant.workerId());
        DelegatorStub.Request request = this.delegator.requests("renew").get(0);
        assertThat(request.lastTimestamp()).isEqualTo(1_764_300_000_123L);
        assertThat(request.leaseToken()).isEqualTo(grant.leaseToken());
    }

    @Test
    void releaseSucceedsWithNoContent() {
        LeaseGrant grant = this.client.register("a", "b");
        this.client.release(grant.workerId(), grant.leaseToken(), 42);
        assertThat(this.delegator.leased()).isZero();
    }

    @Test
    void renewWithAnotherTokenIsAConflict() {
        LeaseGrant grant = this.client.register("a", "b");
        assertThatExceptionOfType(LeaseConflictException.class)
            .isThrownBy(() -> this.client.renew(grant.workerId(), "not-the-token", 1))
            .withMessageContaining("409")
            .withMessageContaining("is not held by this token")
            .satisfies((ex) -> assertThat(ex.status()).isEqualTo(409));
    }

    @Test
    void renewOfAnUnknownWorkerIsAConflict() {
        assertThatExceptionOfType(LeaseConflictException.class).isThrownBy(() -> this.client.renew(1024, "x", 1))
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
    void otherServerErrorsAreUnavailable() {
        this.delegator.fail(1, 500, null);
        assertThatExceptionOfType(DelegatorUnavailableException.class).isThrownBy(() -> this.client.register("a", "b"))
            .satisfies((ex) -> assertThat(ex.retryAfter()).isEmpty());
    }

    @Test
    void malformedRequestIsRejected() {
        this.delegator.fail(1, 400, null);
        assertThatExceptionOfType(DelegatorException.class).isThrownBy(() -> this.client.register("a", "b"))
            .isExactlyInstanceOf(DelegatorException.class)
            .satisfies((ex) -> assertThat(ex.status()).isEqualTo(400));
    }

    @Test
    void refusedKeyIsAnAuthenticationFailureThatDoesNotShowTheKey() {
        DelegatorClient wrong = client("secret-wrong-key", Duration.ofSeconds(5));
        assertThatExceptionOfType(DelegatorAuthenticationException.class).isThrownBy(() -> wrong.register("a", "b"))
            .withMessageContaining("401")
            .withMessageNotContaining("secret-wrong-key");
        assertThat(wrong.toString()).doesNotContain("secret-wrong-key");
    }

    @Test
    void refusedConnectionIsUnavailable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        DelegatorClient nowhere = DelegatorClient.create(RestClient.builder(), URI.create("http://127.0.0.1:" + port),
                DelegatorStub.API_KEY, Duration.ofSeconds(2), Duration.ofSeconds(2));
        assertThatExceptionOfType(DelegatorUnavailableException.class).isThrownBy(() -> nowhere.register("a", "b"))
            .withMessageContaining("Could not reach the delegator")
            .satisfies((ex) -> assertThat(ex.status()).isZero());
    }

    @Test
    void slowAnswerTimesOutAsUnavailable() {
        this.delegator.delayResponses(Duration.ofSeconds(3));
        DelegatorClient impatient = client(DelegatorStub.API_KEY, Duration.ofMillis(300));
        assertThatExceptionOfType(DelegatorUnavailableException.class)
            .isThrownBy(() -> impatient.register("a", "b"));
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "12");
        assertThat(DelegatorClient.retryAfter(headers)).isEqualTo(Duration.ofSeconds(12));
        headers.set(HttpHeaders.RETRY_AFTER,
                DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(3600)));
        assertThat(DelegatorClient.retryAfter(headers)).isBetween(Duration.ofSeconds(3000), Duration.ofSeconds(3600));
        headers.set(HttpHeaders.RETRY_AFTER, "soon");
        assertThat(DelegatorClient.retryAfter(headers)).isNull();
    }

    private DelegatorClient client(String apiKey, Duration readTimeout) {
        return DelegatorClient.create(RestClient.builder(), this.delegator.url(), apiKey, Duration.ofSeconds(2),
                readTimeout);
    }

}
