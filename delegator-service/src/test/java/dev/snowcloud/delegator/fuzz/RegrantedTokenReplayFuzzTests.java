package dev.snowcloud.delegator.fuzz;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import dev.snowcloud.delegator.fuzz.Fixture.Lease;

import static net.jqwik.api.Tuple.of;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Old tokens replayed after their worker ID went to someone else, on a real
 * {@code redis-server} with a short ttl:
 * <ul>
 * <li>{@code expired} lapsed, and its ID was granted to {@code afterExpiry};
 * <li>{@code released} was released, and its ID was granted to {@code afterRelease}.
 * </ul>
 * A register takes the free ID whose last lease ended longest ago, and IDs nobody ever held
 * go first, so both need the whole pool leased once. Before every try the new holders renew;
 * the replay must then leave both of their leases exactly as the renewals left them.
 */
class RegrantedTokenReplayFuzzTests {

    static final Duration TTL = Duration.ofSeconds(4);

    static final Duration PATIENCE = Duration.ofSeconds(60);

    static Fixture fixture;

    static Lease expired;

    static Lease afterExpiry;

    static Lease released;

    static long releasedAt;

    static Lease afterRelease;

    @BeforeContainer
    static void leaseEveryIdThenRegrantOneReleasedAndOneLapsed() throws InterruptedException {
        fixture = Fixture.onRedis("fuzz-replay", TTL);
        Map<Integer, Lease> first = new HashMap<>();
        List<Lease> order = new ArrayList<>();
        for (int i = 0; i < 1024; i++) {
            Lease lease = fixture.register("first-" + i, null);
            first.put(lease.workerId(), lease);
            order.add(lease);
        }
        released = order.get(order.size() - 1);
        releasedAt = released.notBefore() + 10;
        fixture.release(released, releasedAt);
        // Leases that lapsed while the pool filled (a slow machine) ended before this release,
        // so they go first; whichever comes next is the released ID.
        Lease next = fixture.register("after-release", null);
        while (next.workerId() != released.workerId()) {
            next = fixture.register("after-release", null);
        }
        afterRelease = next;
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (fixture.readJson("/workers").get("leased").intValue() > 0) {
            assertThat(System.nanoTime()).as("every lease lapses within %s", PATIENCE).isLessThan(deadline);
            Thread.sleep(200);
        }
        afterExpiry = fixture.register("after-expiry", null);
        assertThat(afterExpiry.workerId()).isNotEqualTo(released.workerId());
        expired = first.get(afterExpiry.workerId());
        // nobody took the released ID again, so its holder gets its lapsed lease back
        afterRelease = fixture.renew(afterRelease, null);
    }

    @AfterContainer
    static void stopDelegator() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Property(tries = 100)
    void oldTokensChangeNothingForTheNewHolders(@ForAll("replays") HostileRequest replay) {
        afterExpiry = fixture.renew(afterExpiry, null);
        afterRelease = fixture.renew(afterRelease, null);
        List<Integer> watched = List.of(afterExpiry.workerId(), afterRelease.workerId());
        PoolSnapshot before = PoolSnapshot.of(fixture, watched);
        assertThat(before.answers().get("/workers")).contains("\"leased\":2,");

        RawResponse response = fixture.raw.send(replay);
        if (response.status() == 204 && replay.expected().contains(204)) {
            // a retried release of the released lease: a documented no-op success
            assertThat(response.body()).isEmpty();
        }
        else {
            HostileAnswers.assertRefused(replay, response,
                    List.of(expired.token(), released.token(), afterExpiry.token(), afterRelease.token()));
        }
        assertThat(PoolSnapshot.of(fixture, watched)).as("pool after %s", replay).isEqualTo(before);
    }

    @Provide
    Arbitrary<HostileRequest> replays() {
        Arbitrary<Integer> ids = Arbitraries.frequencyOf(
                of(3, Arbitraries.of(afterExpiry.workerId(), afterRelease.workerId())),
                of(1, Arbitraries.integers().between(0, 1023)));
        Arbitrary<Long> timestamps = Arbitraries.oneOf(Arbitraries.longs().between(0, releasedAt),
                HostileRequests.validTimestamps());
        Arbitrary<HostileRequest> expiredToken = Combinators
            .combine(ids, Arbitraries.of("renew", "release"), timestamps.injectNull(0.2))
            .as((id, call, ts) -> HostileRequest.postJson("lapsed token, ID re-granted", "/workers/" + id + "/" + call,
                    Fixture.leaseJson(expired.token(), (call.equals("release") && ts == null) ? Long.valueOf(1) : ts))
                .expecting(409));
        Arbitrary<HostileRequest> releasedRenews = Combinators.combine(ids, timestamps.injectNull(0.2))
            .as((id, ts) -> HostileRequest.postJson("released token renews, ID re-granted",
                    "/workers/" + id + "/renew", Fixture.leaseJson(released.token(), ts))
                .expecting(409));
        // no later than the original release: a retry, which may succeed as a no-op (the
        // store remembers the released token) or be refused now that another lease holds the ID
        Arbitrary<HostileRequest> releasedRetries = Arbitraries.longs().between(0, releasedAt)
            .map((ts) -> HostileRequest.postJson("released token released again, ID re-granted",
                    "/workers/" + released.workerId() + "/release", Fixture.leaseJson(released.token(), ts))
                .expecting(204, 409));
        Arbitrary<HostileRequest> releasedElsewhere = Combinators
            .combine(ids.filter((id) -> id != released.workerId()), timestamps)
            .as((id, ts) -> HostileRequest.postJson("released token releases another ID", "/workers/" + id + "/release",
                    Fixture.leaseJson(released.token(), ts))
                .expecting(409));
        return Arbitraries.oneOf(expiredToken, releasedRenews, releasedRetries, releasedElsewhere);
    }

}
