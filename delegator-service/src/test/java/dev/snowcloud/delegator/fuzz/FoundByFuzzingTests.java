package dev.snowcloud.delegator.fuzz;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.snowcloud.delegator.fuzz.Fixture.Lease;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The requests the fuzz properties first failed on, pinned as examples so they fail
 * deterministically should the fix go away.
 */
class FoundByFuzzingTests {

    static Fixture fixture;

    static Lease lease;

    @BeforeAll
    static void startDelegator() {
        fixture = Fixture.inMemory(Duration.ofHours(1));
        lease = fixture.register("found", null);
    }

    @AfterAll
    static void stopDelegator() {
        fixture.close();
    }

    /** Spring MVC threw on these while reading the body: the answer was a 500. */
    @ParameterizedTest
    @ValueSource(strings = { "*/*", "application/*", "application/*+json", "*/*; charset=UTF-8" })
    void wildcardContentTypesAre415(String contentType) {
        for (String path : List.of("/workers", "/workers/" + lease.workerId() + "/renew",
                "/workers/" + lease.workerId() + "/release")) {
            String body = path.equals("/workers") ? "{\"name\":\"orders\"}"
                    : Fixture.leaseJson(lease.token(), lease.notBefore());
            refusedWithoutChange(HostileRequest.postJson("wildcard Content-Type", path, body)
                .contentType(contentType)
                .expecting(415));
        }
    }

    private static void refusedWithoutChange(HostileRequest request) {
        PoolSnapshot before = PoolSnapshot.of(fixture, List.of(lease.workerId()));
        HostileAnswers.assertRefused(request, fixture.raw.send(request), List.of(lease.token()));
        assertThat(PoolSnapshot.of(fixture, List.of(lease.workerId()))).as("pool after %s", request).isEqualTo(before);
    }

}
