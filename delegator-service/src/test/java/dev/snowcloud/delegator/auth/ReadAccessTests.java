package dev.snowcloud.delegator.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReadAccessTests {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    private static ReadAccess at(Instant now, List<String> readKeys) {
        return new ReadAccess(readKeys, List.of("api-key"), Duration.ofHours(1), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void acceptsReadKeysAndApiKeysOnly() {
        ReadAccess access = at(NOW, List.of("read-1", " read-2 "));
        assertThat(access.acceptsKey("read-1")).isTrue();
        assertThat(access.acceptsKey("read-2")).isTrue();
        assertThat(access.acceptsKey("api-key")).isTrue();
        assertThat(access.acceptsKey("read-3")).isFalse();
        assertThat(access.acceptsKey("read-")).isFalse();
        assertThat(access.acceptsKey("")).isFalse();
        assertThat(access.acceptsKey(null)).isFalse();
        assertThat(access.openSession("read-3")).isNull();
    }

    @Test
    void sessionHoldsNoKeyAndLastsItsTtl() {
        String session = at(NOW, List.of("read-1")).openSession("read-1");
        assertThat(session).isNotNull().doesNotContain("read-1").startsWith(NOW.plusSeconds(3600).toEpochMilli() + ".");
        assertThat(at(NOW.plusSeconds(3599), List.of("read-1")).acceptsSession(session)).isTrue();
        assertThat(at(NOW.plusSeconds(3600), List.of("read-1")).acceptsSession(session)).isFalse();
    }

    @Test
    void anotherReplicaWithTheKeyAcceptsTheSessionAndOneWithoutItDoesNot() {
        String session = at(NOW, List.of("read-1")).openSession("read-1");
        assertThat(at(NOW, List.of("other", "read-1")).acceptsSession(session)).isTrue();
        assertThat(at(NOW, List.of("other")).acceptsSession(session)).isFalse();
    }

    @Test
    void tamperedSessionsAreRefused() {
        ReadAccess access = at(NOW, List.of("read-1"));
        String session = access.openSession("read-1");
        int dot = session.indexOf('.');
        long expiry = Long.parseLong(session.substring(0, dot));
        String mac = session.substring(dot + 1);
        assertThat(access.acceptsSession(session)).isTrue();
        assertThat(access.acceptsSession((expiry + 86_400_000L) + "." + mac)).as("stretched").isFalse();
        assertThat(access.acceptsSession(expiry + "." + (mac.charAt(0) == 'A' ? 'B' : 'A') + mac.substring(1)))
            .as("mac changed").isFalse();
        assertThat(access.acceptsSession(expiry + ".")).isFalse();
        assertThat(access.acceptsSession("." + mac)).isFalse();
        assertThat(access.acceptsSession("x" + session)).isFalse();
        assertThat(access.acceptsSession(expiry + "." + mac + "%%")).isFalse();
        assertThat(access.acceptsSession("read-1")).isFalse();
        assertThat(access.acceptsSession("")).isFalse();
        assertThat(access.acceptsSession(null)).isFalse();
    }

    @Test
    void toStringShowsNoKey() {
        assertThat(at(NOW, List.of("read-1"))).hasToString("ReadAccess[2 keys]");
    }

}
