package dev.snowcloud.delegator.lease.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.snowcloud.delegator.lease.LeaseRules;
import dev.snowcloud.delegator.lease.Registration;
import dev.snowcloud.delegator.lease.StoreRecoveringException;
import dev.snowcloud.testsupport.RedisServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An operator learns from the log, not only from {@code recovering:true} in the pool, that
 * the store lost its pool or Redis started a new run, and when registrations open again.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisStoreEventLogTests {

    private static final Duration RECOVERY = Duration.ofMillis(800);

    private static RedisServer redis;

    private static LettuceConnectionFactory connections;

    private static StringRedisTemplate template;

    private RedisLeaseStore store;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.startEmpty();
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(redis.host(), redis.port()));
        connections.afterPropertiesSet();
        connections.start();
        template = new StringRedisTemplate(connections);
    }

    @AfterAll
    static void stopRedis() {
        connections.destroy();
        redis.close();
    }

    @BeforeEach
    void emptyRedis() {
        redis.command("FLUSHALL");
        this.store = new RedisLeaseStore(template, "logged",
                LeaseRules.of(Duration.ofMinutes(1), Duration.ofSeconds(1), RECOVERY));
    }

    @Test
    void aMissingPoolIsLoggedAtWarnWithTheEndOfItsRecovery(CapturedOutput output) {
        assertThatExceptionOfType(StoreRecoveringException.class)
            .isThrownBy(() -> this.store.register(Registration.anonymous()));
        String recoveryUntil = meta("recoveryUntil");
        assertThat(output.getOut()).contains("WARN")
            .contains("Lease pool 'logged' was missing in Redis")
            .contains("refused until " + Instant.ofEpochMilli(Long.parseLong(recoveryUntil)))
            .contains("recovery period PT0.8S");
    }

    @Test
    void aNewRedisRunIsLoggedAtWarnWithBothRunIds(CapturedOutput output) {
        awaitRecoveryEnd();
        redis.command("HSET", "{snowcloud:logged}:meta", "runId", "0123456789abcdef");
        assertThatExceptionOfType(StoreRecoveringException.class)
            .isThrownBy(() -> this.store.register(Registration.anonymous()));
        assertThat(output.getOut()).contains("WARN")
            .contains("Redis run changed (run_id 0123456789abcdef -> " + meta("runId") + ")")
            .contains("registrations until " + Instant.ofEpochMilli(Long.parseLong(meta("recoveryUntil"))));
    }

    @Test
    void theEndOfTheRecoveryPeriodIsLoggedOnceAtInfo(CapturedOutput output) {
        this.store.pool();
        String ended = "Lease pool 'logged' ended its recovery period at";
        assertThat(output.getOut()).doesNotContain(ended);
        awaitRecoveryEnd();
        this.store.register(Registration.anonymous());
        this.store.register(Registration.anonymous());
        assertThat(output.getOut()).containsOnlyOnce(ended).contains("INFO");
    }

    @Test
    void aPoolThatNeitherVanishedNorChangedRunLogsNothing(CapturedOutput output) {
        awaitRecoveryEnd();
        this.store.register(Registration.anonymous());
        int logged = output.getOut().length();
        this.store.register(Registration.anonymous());
        this.store.pool();
        assertThat(output.getOut().substring(logged)).isEmpty();
    }

    /** Lets the recovery period that the first operation starts run out, by Redis's clock. */
    private void awaitRecoveryEnd() {
        this.store.pool();
        long until = Long.parseLong(meta("recoveryUntil"));
        while (redisMillis() <= until) {
            Thread.onSpinWait();
        }
        this.store.pool();
    }

    private static String meta(String field) {
        return (String) redis.command("HGET", "{snowcloud:logged}:meta", field);
    }

    private static long redisMillis() {
        List<?> time = (List<?>) redis.command("TIME");
        return Long.parseLong((String) time.get(0)) * 1000 + Long.parseLong((String) time.get(1)) / 1000;
    }

}
