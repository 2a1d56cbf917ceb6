package dev.snowcloud.testsupport;

import java.io.UncheckedIOException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RedisServerTests {

    @Test
    void restartedServerWithoutPersistenceComesBackEmptyOnTheSamePort() {
        try (RedisServer redis = RedisServer.startEmpty()) {
            int port = redis.port();
            redis.command("SET", "k", "v");
            redis.stop();
            assertThat(redis.isRunning()).isFalse();
            assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> redis.command("PING"));
            redis.start();
            assertThat(redis.port()).isEqualTo(port);
            assertThat(redis.command("GET", "k")).isNull();
        }
    }

    @Test
    void appendOnlyServerKeepsItsDataThroughAKill() {
        try (RedisServer redis = RedisServer.builder().appendOnly(true).build().start()) {
            redis.command("SET", "k", "v");
            redis.kill();
            redis.start();
            assertThat(redis.command("GET", "k")).isEqualTo("v");
        }
    }

    @Test
    void closedServerNoLongerAnswers() {
        RedisServer redis = RedisServer.startEmpty();
        assertThat(redis.command("PING")).isEqualTo("PONG");
        redis.close();
        assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> redis.command("PING"));
    }

}
