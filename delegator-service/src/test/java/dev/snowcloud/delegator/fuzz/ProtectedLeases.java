package dev.snowcloud.delegator.fuzz;

import java.util.ArrayList;
import java.util.List;

import dev.snowcloud.delegator.fuzz.Fixture.Lease;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The leases a fuzz run must not disturb, set up through the API as their owners would:
 * <ul>
 * <li>{@code held} — registered with a name and host;
 * <li>{@code renewed} — registered, then renewed with a {@code lastTimestamp};
 * <li>{@code released} — registered, then released with {@code releasedAt}, so its ID is
 * free with a watermark and its token is spent;
 * <li>{@link #NEVER_LEASED} — an ID nobody has held.
 * </ul>
 * The lease ttl is long (an hour), so nothing expires during a run: between two owner
 * renewals every field of the pool must stay exactly as it was. Only {@link #ownersRenew()}
 * moves the expiry, and it takes a new baseline.
 */
final class ProtectedLeases {

    static final int NEVER_LEASED = 1023;

    final Fixture fixture;

    final Lease released;

    final long releasedAt;

    private Lease held;

    private Lease renewed;

    private PoolSnapshot baseline;

    ProtectedLeases(Fixture fixture) {
        this.fixture = fixture;
        this.held = fixture.register("fuzz-held", "10.0.0.1");
        Lease toRenew = fixture.register(null, null);
        this.renewed = fixture.renew(toRenew, toRenew.notBefore() + 1000);
        Lease toRelease = fixture.register("fuzz-released", null);
        this.releasedAt = toRelease.notBefore() + 5000;
        fixture.release(toRelease, this.releasedAt);
        this.released = toRelease;
        this.baseline = snapshot();
    }

    Lease held() {
        return this.held;
    }

    Lease renewed() {
        return this.renewed;
    }

    /** The leases the owners still hold. */
    List<Lease> live() {
        return List.of(this.held, this.renewed);
    }

    List<Integer> watchedIds() {
        return List.of(this.held.workerId(), this.renewed.workerId(), this.released.workerId(), NEVER_LEASED);
    }

    /** What no answer may show: every token and API key. */
    List<String> secrets() {
        List<String> secrets = new ArrayList<>(this.fixture.apiKeys());
        secrets.add(this.held.token());
        secrets.add(this.renewed.token());
        secrets.add(this.released.token());
        return secrets;
    }

    PoolSnapshot snapshot() {
        return PoolSnapshot.of(this.fixture, watchedIds());
    }

    /** The pool shows exactly what it showed after the owners' last call. */
    void assertUnchangedBy(HostileRequest request) {
        assertThat(snapshot()).as("pool after %s", request).isEqualTo(this.baseline);
    }

    /**
     * The owners renew their leases: both tokens still work, for the same IDs, and the spent
     * token still does not. Then this is the new baseline.
     */
    void ownersRenew() {
        this.held = this.fixture.renew(this.held, null);
        this.renewed = this.fixture.renew(this.renewed, null);
        assertThat(this.fixture.renewStatus(this.released.workerId(), this.released.token())).isEqualTo(409);
        this.baseline = snapshot();
        assertThat(this.baseline.answers().get("/workers/" + this.released.workerId()))
            .contains("\"state\":\"free\"")
            .contains("\"notBefore\":" + (this.releasedAt + 1));
        assertThat(this.baseline.answers().get("/workers/" + NEVER_LEASED)).contains("\"state\":\"free\"");
    }

}
