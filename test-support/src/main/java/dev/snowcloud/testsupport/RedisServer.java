package dev.snowcloud.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A real Redis server for tests, on a free loopback port.
 * <p>
 * It runs in a Testcontainers container when Docker is available, otherwise as a local
 * {@code redis-server} process; system property {@code snowcloud.test.redis} ({@code docker}
 * or {@code process}) forces one. When neither can run, {@link #start()} throws: a test that
 * needs Redis fails loudly rather than being skipped. Each fixture prints one line saying
 * which it got. The container's image comes from {@code snowcloud.test.redis.image} or
 * {@code SNOWCLOUD_TEST_REDIS_IMAGE} (default {@code redis:7.2-alpine}).
 * <p>
 * The server keeps its port across {@link #stop()} (SIGTERM), {@link #kill()} (SIGKILL) and
 * {@link #start()}, so clients can reconnect to the same address. By default it persists
 * nothing ({@code --save "" --appendonly no}) and so comes back empty; with
 * {@link Builder#appendOnly(boolean) appendOnly(true)} it writes an append-only file
 * (fsync on every write) into its own temporary directory and comes back with its data.
 * <pre>{@code
 * try (RedisServer redis = RedisServer.builder().build().start()) {
 *     connectTo(redis.host(), redis.port());
 *     redis.stop();   // clients now see connection errors
 *     redis.start();  // same port, empty again
 * }
 * }</pre>
 */
public final class RedisServer implements AutoCloseable {

    /** System property that picks the backend: {@code docker}, {@code process} or {@code auto}. */
    public static final String BACKEND_PROPERTY = "snowcloud.test.redis";

    private final RedisBackend backend;

    private RedisServer(RedisBackend backend) {
        this.backend = backend;
    }

    /** A builder for a server that persists nothing, on a free port. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds and starts a server that persists nothing, on a free port. */
    public static RedisServer startEmpty() {
        return builder().build().start();
    }

    /** Starts the server (again), on the same port as before; returns when it answers PING. */
    public RedisServer start() {
        this.backend.start();
        return this;
    }

    /** Stops the server gracefully (SIGTERM) and waits for it to exit. */
    public void stop() {
        this.backend.stop();
    }

    /** Kills the server (SIGKILL) and waits for it to exit. */
    public void kill() {
        this.backend.kill();
    }

    /** Whether the server is running. */
    public boolean isRunning() {
        return this.backend.isRunning();
    }

    /** The host to connect to, a loopback address. */
    public String host() {
        return this.backend.host();
    }

    /** The port to connect to; the same for the lifetime of this fixture. */
    public int port() {
        return this.backend.port();
    }

    /** {@code host:port}. */
    public String address() {
        return host() + ":" + port();
    }

    /** A {@code redis://host:port} URL. */
    public String url() {
        return "redis://" + address();
    }

    /**
     * Runs one command on the server, e.g. {@code command("DBSIZE")}, and returns its reply
     * as {@link Resp#command} does.
     */
    public Object command(String... args) {
        try {
            return Resp.command(host(), port(), Duration.ofSeconds(10), args);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Redis at " + address() + " failed " + String.join(" ", args), ex);
        }
    }

    /** Stops the server for good and removes its files. */
    @Override
    public void close() {
        this.backend.close();
    }

    @Override
    public String toString() {
        return "RedisServer[" + address() + (isRunning() ? ", running" : ", stopped") + "]";
    }

    static RedisBackend backend(int port, List<String> serverArgs, boolean clusterNode) {
        String choice = System.getProperty(BACKEND_PROPERTY, "auto").toLowerCase(Locale.ROOT);
        RedisBackend backend;
        String why;
        switch (choice) {
            case "process":
                backend = processOrFail(port, serverArgs);
                why = BACKEND_PROPERTY + "=process";
                break;
            case "docker":
                if (clusterNode) {
                    throw new IllegalStateException("Redis Cluster fixtures run as local processes only");
                }
                backend = new RedisContainer(port, serverArgs);
                why = BACKEND_PROPERTY + "=docker";
                break;
            case "auto":
                if (clusterNode) {
                    backend = processOrFail(port, serverArgs);
                    why = "a Redis Cluster node runs as a process";
                }
                else if (RedisContainer.isAvailable()) {
                    backend = new RedisContainer(port, serverArgs);
                    why = RedisContainer.engine();
                }
                else {
                    backend = processOrFail(port, serverArgs);
                    why = "no Docker engine answered";
                }
                break;
            default:
                throw new IllegalStateException(
                        BACKEND_PROPERTY + " must be docker, process or auto, not '" + choice + "'");
        }
        // One line per fixture in the build output, so a run shows which Redis its tests really had.
        System.out.println("[test-support] Redis on " + backend.host() + ":" + port + ": " + backend.describe() + " ("
                + why + ")");
        return backend;
    }

    private static RedisBackend processOrFail(int port, List<String> serverArgs) {
        if (!RedisProcess.isInstalled()) {
            throw new IllegalStateException("Tests need a Redis server: neither Docker is available nor is "
                    + "redis-server on the PATH (Debian: apt-get install redis-server redis-tools)");
        }
        return new RedisProcess(port, serverArgs);
    }

    /** Options for a {@link RedisServer}. */
    public static final class Builder {

        private boolean appendOnly;

        private int port;

        private final List<String> extraArgs = new ArrayList<>();

        private Builder() {
        }

        /** Persist every write to an append-only file, so the data survives a restart or kill. */
        public Builder appendOnly(boolean appendOnly) {
            this.appendOnly = appendOnly;
            return this;
        }

        /** A fixed port instead of a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** More {@code redis-server} arguments, e.g. {@code "--maxmemory", "10mb"}. */
        public Builder args(String... args) {
            this.extraArgs.addAll(List.of(args));
            return this;
        }

        /** A server that is not started yet; call {@link RedisServer#start()}. */
        public RedisServer build() {
            List<String> args = new ArrayList<>(List.of("--save", ""));
            if (this.appendOnly) {
                args.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
            }
            else {
                args.addAll(List.of("--appendonly", "no"));
            }
            args.addAll(this.extraArgs);
            int chosen = (this.port != 0) ? this.port : FreePorts.any();
            return new RedisServer(backend(chosen, args, false));
        }

    }

}
