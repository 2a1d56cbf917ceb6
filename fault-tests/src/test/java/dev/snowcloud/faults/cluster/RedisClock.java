package dev.snowcloud.faults.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.snowcloud.testsupport.RedisServer;

/**
 * The wall clock of a {@code redis-server} run under libfaketime (Debian package
 * {@code faketime}), moved at run time by rewriting a control file: libfaketime re-reads it on
 * every clock call ({@code FAKETIME_NO_CACHE=1}), so {@code TIME} and every Lua script follow a
 * step at once. The monotonic clock is left alone, as an NTP step leaves it.
 * <p>
 * Debian's {@code redis-server} allocates with jemalloc, which calls {@code clock_gettime}
 * while libfaketime is still starting and dies ("recursive calls to clock_gettime"); glibc's
 * {@code libc_malloc_debug.so.0}, preloaded first, avoids that.
 */
public final class RedisClock {

    private static final Path LIBRARIES = Path.of("/usr/lib/x86_64-linux-gnu");

    private static final Path FAKETIME = LIBRARIES.resolve("faketime/libfaketime.so.1");

    private static final Path MALLOC_DEBUG = LIBRARIES.resolve("libc_malloc_debug.so.0");

    private final Path control;

    private RedisClock(Path control) {
        this.control = control;
    }

    /**
     * A clock controlled through {@code dir/redis-faketime}, starting {@code offset} from true
     * time. Fails, rather than skips, without libfaketime.
     */
    public static RedisClock in(Path dir, Duration offset) {
        for (Path library : List.of(FAKETIME, MALLOC_DEBUG)) {
            if (!Files.isRegularFile(library)) {
                throw new IllegalStateException("The clock faults need " + library
                        + " (Debian: apt-get install faketime; libc_malloc_debug comes with libc6)");
            }
        }
        RedisClock clock = new RedisClock(dir.resolve("redis-faketime"));
        clock.write(offset);
        return clock;
    }

    /** What {@code redis-server} needs in its environment to run on this clock. */
    public Map<String, String> environment() {
        return Map.of("LD_PRELOAD", MALLOC_DEBUG + " " + FAKETIME, "FAKETIME_NO_CACHE", "1",
                "FAKETIME_TIMESTAMP_FILE", this.control.toString(), "FAKETIME_DONT_FAKE_MONOTONIC", "1");
    }

    /**
     * Steps the clock to {@code offset} from true time, and waits until Redis's {@code TIME}
     * reads it (within 500 ms).
     */
    public void step(Duration offset, RedisServer redis) {
        write(offset);
        awaitOffset(offset, redis);
    }

    /** Waits until Redis's {@code TIME} reads {@code offset} from true time, within 500 ms. */
    public void awaitOffset(Duration offset, RedisServer redis) {
        Waits.until("Redis's TIME reads " + offset.toMillis() + " ms from true time", Duration.ofSeconds(10),
                () -> Math.abs(offsetMillis(redis) - offset.toMillis()) < 500,
                () -> "Redis's TIME is " + offsetMillis(redis) + " ms from true time");
    }

    /** How far Redis's {@code TIME} is from this JVM's wall clock, in ms. */
    public static long offsetMillis(RedisServer redis) {
        long before = System.currentTimeMillis();
        Object reply = redis.command("TIME");
        long after = System.currentTimeMillis();
        if (!(reply instanceof List<?> time) || time.size() != 2) {
            throw new IllegalStateException("Unexpected TIME reply: " + reply);
        }
        long redisMillis = Long.parseLong(String.valueOf(time.get(0))) * 1000
                + Long.parseLong(String.valueOf(time.get(1))) / 1000;
        return redisMillis - (before + after) / 2;
    }

    private void write(Duration offset) {
        // libfaketime's relative form: "+5s", "-4s".
        String text = ((offset.isNegative()) ? "-" : "+") + offset.abs().toMillis() / 1000.0 + "s\n";
        Path temporary = this.control.resolveSibling(this.control.getFileName() + ".tmp");
        try {
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, this.control, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
