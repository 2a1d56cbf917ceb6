package dev.snowcloud.lease.http;

import java.time.Duration;

import dev.snowcloud.lease.DelegatorRefusedException;
import dev.snowcloud.lease.DelegatorUnavailableException;
import dev.snowcloud.lease.LeaseConflictException;
import dev.snowcloud.lease.LeaseGrant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A {@link DelegatorClient} given two replicas ({@link DelegatorStub}s on their own ports):
 * it moves on when one cannot answer, and stays when one answers about the lease.
 */
@Timeout(60)
class DelegatorFailoverTests {

    private final DelegatorStub first = DelegatorStub.start(60_000);

    private final DelegatorStub second = DelegatorStub.start(60_000);

    private final DelegatorClient client = DelegatorClientTests.client(DelegatorStub.API_KEY, Duration.ofSeconds(2),
            this.first.url(), this.second.url());

    @AfterEach
    void stopReplicas() {
        this.first.close();
        this.second.close();
    }

    @Test
    void callsGoToTheFirstReplicaWhileItAnswers() {
        this.client.register("a", "b");
        this.client.register("a", "b");
        assertThat(this.first.requests("register")).hasSize(2);
        assertThat(this.second.requests()).isEmpty();
    }

    @Test
    void aReplicaThatRefusesConnectionsIsSkippedAndTheNextOneStaysInUse() {
        this.first.goDown();
        LeaseGrant grant = this.client.register("a", "b");
        assertThat(this.second.requests("register")).hasSize(1);
        this.first.comeBack();
        this.client.renew(grant.workerId(), grant.leaseToken(), 1);
        // The replica that answered last is asked first: no detour through the one that failed.
        assertThat(this.second.requests("renew")).hasSize(1);
        assertThat(this.first.requests()).isEmpty();
    }

    @Test
    void aServerErrorMovesOnToTheNextReplica() {
        this.first.fail(1, 503, "5");
        this.client.register("a", "b");
        assertThat(this.first.requests("register")).hasSize(1);
        assertThat(this.second.requests("register")).hasSize(1);
    }

    @Test
    void aConflictIsAnAnswerNotAReasonToMoveOn() {
        assertThatExceptionOfType(LeaseConflictException.class).isThrownBy(() -> this.client.renew(3, "nope", 1));
        assertThat(this.second.requests()).isEmpty();
    }

    @Test
    void aRefusalIsAnAnswerNotAReasonToMoveOn() {
        this.first.fail(1, 400, null);
        assertThatExceptionOfType(DelegatorRefusedException.class).isThrownBy(() -> this.client.register("a", "b"));
        this.first.fail(1, 404, null);
        assertThatExceptionOfType(DelegatorRefusedException.class).isThrownBy(() -> this.client.register("a", "b"));
        this.first.fail(1, 401, null);
        assertThatExceptionOfType(DelegatorRefusedException.class).isThrownBy(() -> this.client.register("a", "b"));
        assertThat(this.second.requests()).isEmpty();
    }

    @Test
    void whenEveryReplicaIsDownTheCallIsUnavailableWithEachFailureOnRecord() {
        this.first.goDown();
        this.second.fail(1, 503, "9");
        assertThatExceptionOfType(DelegatorUnavailableException.class).isThrownBy(() -> this.client.register("a", "b"))
            .satisfies((ex) -> {
                assertThat(ex.getMessage()).contains(this.second.url().toString()).contains("503");
                assertThat(ex.retryAfter()).contains(Duration.ofSeconds(9));
                assertThat(ex.getSuppressed()).singleElement()
                    .satisfies((first) -> assertThat(first.getMessage()).contains("connection refused"));
            });
        // The next call starts with the replica after the one it started with.
        this.client.register("a", "b");
        assertThat(this.second.requests("register")).hasSize(2);
    }

    @Test
    void afterEveryReplicaFailedTheNextCallStartsWithTheNextReplica() {
        this.first.fail(1, 503, null);
        this.second.fail(1, 503, null);
        assertThatExceptionOfType(DelegatorUnavailableException.class).isThrownBy(() -> this.client.register("a", "b"));
        this.client.register("a", "b");
        // Both answer again: the first replica, which failed first last time, is not asked first.
        assertThat(this.first.requests("register")).hasSize(1);
        assertThat(this.second.requests("register")).hasSize(2);
    }

}
