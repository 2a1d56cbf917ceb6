package dev.snowcloud.testsupport;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedisSentinelTests {

    @Test
    void sentinelsPromoteTheReplicaWhenTheMasterIsKilled() {
        try (RedisSentinel sentinel = RedisSentinel.start(1, Duration.ofMillis(1000))) {
            RedisReplication servers = sentinel.servers();
            assertThat(sentinel.sentinels()).hasSize(3).doesNotHaveDuplicates();
            assertThat(sentinel.master()).isEqualTo(servers.address(0));
            assertThat(servers.commandsOnOneConnection(0,
                    List.of(List.of("SET", "before", "failover"), List.of("WAIT", "1", "5000"))))
                .containsExactly("OK", 1L);
            servers.kill(0);
            Duration took = sentinel.awaitFailover(servers.address(0), Duration.ofSeconds(30));
            assertThat(sentinel.masterNode()).isEqualTo(1);
            assertThat(servers.command(1, "GET", "before")).isEqualTo("failover");
            System.out.println("Sentinel failover after SIGKILL of the master took " + took.toMillis() + " ms");
        }
    }

    @Test
    void aFrozenReplicaStopsAcknowledgingAndCatchesUpWhenThawed() {
        try (RedisReplication servers = RedisReplication.start(1)) {
            servers.freeze(1);
            assertThat(servers.commandsOnOneConnection(0,
                    List.of(List.of("SET", "while", "frozen"), List.of("WAIT", "1", "300"))))
                .containsExactly("OK", 0L);
            servers.thaw(1);
            assertThat(servers.commandsOnOneConnection(0,
                    List.of(List.of("SET", "after", "thawed"), List.of("WAIT", "1", "5000"))))
                .containsExactly("OK", 1L);
            assertThat((List<?>) servers.command(1, "ROLE")).first().isEqualTo("slave");
        }
    }

}
