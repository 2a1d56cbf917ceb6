package dev.snowcloud.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One {@code redis-server} child process on a fixed loopback port, with its own temporary
 * working directory. Every instance is also registered with a JVM shutdown hook so that a
 * test run that dies early leaves no server behind.
 */
final class RedisProcess implements RedisBackend {

    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private static final Set<RedisProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(RedisProcess::close), "redis-fixture-cleanup"));
    }

    private final int port;

    private final List<String> extraArgs;

    private final Path dir;

    private Process process;

    private Path configFile;

    RedisProcess(int port, List<String> extraArgs) {
        this.port = port;
        this.extraArgs = List.copyOf(extraArgs);
        try {
            this.dir = Files.createTempDirectory("snowcloud-redis-" + port + "-");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        LIVE.add(this);
    }

    /** Whether a {@code redis-server} executable is on the {@code PATH}. */
    static boolean isInstalled() {
        return executable() != null;
    }

    private static String executable() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String entry : path.split(File.pathSeparator)) {
            File candidate = new File(entry, "redis-server");
            if (candidate.canExecute()) {
                return candidate.getAbsolutePath();
            }
        }
        return null;
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return this.port;
    }

    @Override
    public String describe() {
        String executable = executable();
        return "process of " + ((executable != null) ? executable : "redis-server (not on the PATH)");
    }

    Path dir() {
        return this.dir;
    }

    /**
     * Starts the server with this configuration file (written into its directory), as
     * Sentinel needs: it rewrites its file with what it learns about masters and replicas.
     */
    synchronized RedisProcess configFile(String content) {
        try {
            this.configFile = Files.writeString(this.dir.resolve("redis.conf"), content);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return this;
    }

    /** Sends a signal, e.g. {@code STOP} or {@code CONT}, with {@code kill -SIGNAL pid}. */
    synchronized void signal(String signal) {
        if (this.process == null) {
            throw new IllegalStateException("redis-server on port " + this.port + " is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(this.process.pid())).inheritIO()
                .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + this.process.pid() + " failed");
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", ex);
        }
    }

    @Override
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        String executable = executable();
        if (executable == null) {
            throw new IllegalStateException("redis-server is not on the PATH (Debian: apt-get install redis-server)");
        }
        List<String> command = new ArrayList<>(List.of(executable));
        if (this.configFile != null) {
            command.add(this.configFile.toString());
        }
        command.addAll(List.of("--port", Integer.toString(this.port), "--bind",
                host(), "--daemonize", "no", "--dir", this.dir.toString(), "--logfile", log().toString()));
        command.addAll(this.extraArgs);
        try {
            this.process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(this.dir.resolve("stdout.log").toFile())
                .start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start " + command, ex);
        }
        awaitPing();
    }

    private void awaitPing() {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!this.process.isAlive()) {
                throw new IllegalStateException("redis-server on port " + this.port + " exited with "
                        + this.process.exitValue() + ":\n" + logTail());
            }
            try {
                if ("PONG".equals(Resp.command(host(), this.port, Duration.ofSeconds(2), "PING"))) {
                    return;
                }
            }
            catch (IOException ex) {
                last = ex;
            }
            pause(Duration.ofMillis(20));
        }
        throw new IllegalStateException("redis-server on port " + this.port + " did not answer PING within "
                + STARTUP_TIMEOUT + " (" + last + "):\n" + logTail());
    }

    @Override
    public synchronized void stop() {
        end(false);
    }

    @Override
    public synchronized void kill() {
        end(true);
    }

    private void end(boolean forcibly) {
        if (this.process == null) {
            return;
        }
        if (forcibly) {
            this.process.destroyForcibly();
        }
        else {
            this.process.destroy();
        }
        try {
            if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
                this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            this.process.destroyForcibly();
        }
        this.process = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return this.process != null && this.process.isAlive();
    }

    @Override
    public void close() {
        kill();
        LIVE.remove(this);
        try (Stream<Path> files = Files.walk(this.dir)) {
            files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
        }
        catch (IOException ex) {
            // A leftover temp directory is harmless.
        }
    }

    private Path log() {
        return this.dir.resolve("redis.log");
    }

    String logTail() {
        try {
            List<String> lines = Files.exists(log()) ? Files.readAllLines(log()) : List.of();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        }
        catch (IOException ex) {
            return "(no log: " + ex + ")";
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", ex);
        }
    }

}
