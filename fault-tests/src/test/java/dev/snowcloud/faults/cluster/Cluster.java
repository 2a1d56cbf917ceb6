package dev.snowcloud.faults.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.snowcloud.testsupport.FreePorts;
import dev.snowcloud.testsupport.RedisSentinel;
import dev.snowcloud.testsupport.RedisServer;
import org.jspecify.annotations.Nullable;

/**
 * Every process of one fault run, on loopback: a {@code redis-server} with an append-only
 * file, delegator processes on it and harness generator processes leasing from them.
 * <p>
 * {@link #close()} ends every process it started, whatever state the test left them in
 * (paused ones too), and deletes the work directory; a JVM shutdown hook does the same if the
 * test JVM exits without closing it. Processes are started on the calling thread, which must
 * outlive them (see {@link ChildProcess}).
 */
public final class Cluster implements AutoCloseable {

    /** The API key every delegator accepts and every generator sends. */
    public static final String API_KEY = "fault-tests-key";

    private static final String NAMESPACE = "faults";

    private final Settings settings;

    private final Path workDir;

    private final Thread shutdownHook = new Thread(this::tearDown, "fault-cluster-cleanup");

    private final List<DelegatorNode> delegators = new ArrayList<>();

    private final List<GeneratorNode> generators = new ArrayList<>();

    private @Nullable RedisServer redis;

    private @Nullable RedisSentinel sentinel;

    private final List<String> delegatorArgs = new ArrayList<>();

    private final List<String> storeArgs = new ArrayList<>();

    private boolean closed;

    private Cluster(Settings settings, Path workDir) {
        this.settings = settings;
        this.workDir = workDir;
    }

    /** A cluster with nothing running yet, working in a new temporary directory. */
    public static Cluster create(Settings settings) {
        requireFile(settings.delegatorJar(), "the delegator jar (package delegator-service first)");
        requireFile(settings.harnessJar(), "the fault harness jar (package fault-tests first)");
        try {
            Cluster cluster = new Cluster(settings, Files.createTempDirectory("snowcloud-faults-"));
            Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
            return cluster;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void requireFile(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("Missing " + what + ": " + file);
        }
    }

    public Settings settings() {
        return this.settings;
    }

    /**
     * Starts {@code redis-server} with {@code appendonly yes} (fsync on every write) on a free
     * port. Fails, rather than skips, when there is no {@code redis-server}.
     */
    public RedisServer startRedis() {
        return startRedis(true);
    }

    /**
     * Starts {@code redis-server} on a free port, with an append-only file (fsync on every
     * write) or with no persistence at all but what an explicit {@code SAVE} writes, which a
     * restart then loads.
     */
    public synchronized RedisServer startRedis(boolean appendOnly) {
        this.redis = RedisServer.builder().appendOnly(appendOnly).build().start();
        return this.redis;
    }

    /**
     * Starts {@code redis-server} with an append-only file on a free port, its clock moved by
     * {@code clock} (libfaketime).
     */
    public synchronized RedisServer startRedis(RedisClock clock) {
        RedisServer.Builder builder = RedisServer.builder().appendOnly(true);
        clock.environment().forEach(builder::environment);
        this.redis = builder.build().start();
        return this.redis;
    }

    /**
     * Starts a master with {@code replicas} replicas and three sentinels (see
     * {@link RedisSentinel}) instead of a single Redis; delegators started afterwards find
     * the master through the sentinels ({@code spring.data.redis.sentinel.*}).
     */
    public synchronized RedisSentinel startSentinel(int replicas, Duration downAfter, String... serverArgs) {
        this.sentinel = RedisSentinel.start(replicas, downAfter, serverArgs);
        return this.sentinel;
    }

    public RedisSentinel sentinel() {
        if (this.sentinel == null) {
            throw new IllegalStateException("Sentinel is not started");
        }
        return this.sentinel;
    }

    /** More command-line arguments for every delegator started afterwards, e.g. {@code --snowcloud.delegator.redis.min-replicas-acked=1}. */
    public synchronized Cluster delegatorArgs(String... args) {
        this.delegatorArgs.addAll(List.of(args));
        return this;
    }

    /**
     * Where delegators started afterwards find Redis when the test runs it itself rather than
     * through {@link #startRedis()} or {@link #startSentinel}, e.g.
     * {@code --spring.data.redis.sentinel.nodes=...}.
     */
    public synchronized Cluster storeArgs(String... args) {
        this.storeArgs.addAll(List.of(args));
        return this;
    }

    private List<String> redisArgs() {
        if (!this.storeArgs.isEmpty()) {
            return List.copyOf(this.storeArgs);
        }
        if (this.sentinel != null) {
            return List.of("--spring.data.redis.sentinel.master=" + RedisSentinel.MASTER,
                    "--spring.data.redis.sentinel.nodes=" + String.join(",", this.sentinel.sentinels()));
        }
        RedisServer server = redis();
        return List.of("--spring.data.redis.host=" + server.host(), "--spring.data.redis.port=" + server.port());
    }

    public RedisServer redis() {
        if (this.redis == null) {
            throw new IllegalStateException("Redis is not started");
        }
        return this.redis;
    }

    /**
     * Restarts Redis with nothing: SIGKILL, its append-only files deleted, started again on the
     * same port. To the delegators this is a store loss.
     */
    public void restartRedisEmpty() {
        RedisServer server = redis();
        String dir = configuredDir(server);
        server.kill();
        Path data = Path.of(dir);
        try (Stream<Path> files = Files.list(data)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith("appendonly") || name.endsWith(".rdb")) {
                    deleteRecursively(file);
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        server.start();
        Object keys = server.command("DBSIZE");
        if (!Long.valueOf(0).equals(keys)) {
            throw new IllegalStateException("Redis came back with " + keys + " keys after its files were deleted");
        }
    }

    private static String configuredDir(RedisServer server) {
        Object reply = server.command("CONFIG", "GET", "dir");
        if (reply instanceof List<?> pair && pair.size() == 2) {
            return String.valueOf(pair.get(1));
        }
        throw new IllegalStateException("Unexpected CONFIG GET dir reply: " + reply);
    }

    /** Starts a delegator on the Redis store with the cluster's lease ttl, on a free port. */
    public DelegatorNode startDelegator(String name) {
        return startDelegator(name, this.settings.leaseTtl());
    }

    /**
     * Starts a delegator on the Redis store that grants leases of {@code leaseTtl} (its
     * recovery period and clock skew are the cluster's), on a free port, with any further
     * command-line {@code arguments}.
     */
    public DelegatorNode startDelegator(String name, Duration leaseTtl, String... arguments) {
        return startDelegator(name, ProcessHost.LOCAL, leaseTtl, arguments);
    }

    /**
     * Starts a delegator as {@link #startDelegator(String, Duration, String...)} does, on
     * {@code host} (e.g. in a network namespace), reached at its address.
     */
    public synchronized DelegatorNode startDelegator(String name, ProcessHost host, Duration leaseTtl,
            String... arguments) {
        int port = freePort();
        List<String> command = new ArrayList<>(host.commandPrefix());
        command.addAll(java(this.settings.delegatorHeap(), true));
        command.addAll(List.of("-jar", this.settings.delegatorJar().toString(), "--server.port=" + port,
                "--spring.main.banner-mode=off", "--snowcloud.delegator.store=redis",
                "--snowcloud.delegator.namespace=" + NAMESPACE));
        command.addAll(redisArgs());
        command.addAll(this.delegatorArgs);
        command.addAll(List.of(
                "--snowcloud.delegator.lease-ttl=" + leaseTtl.toMillis() + "ms",
                "--snowcloud.delegator.recovery-period=" + this.settings.recoveryPeriod().toMillis() + "ms",
                "--snowcloud.delegator.max-clock-skew=" + this.settings.maxClockSkew().toMillis() + "ms",
                "--snowcloud.delegator.api-keys=" + API_KEY, "--logging.level.root=WARN",
                "--logging.level.dev.snowcloud=INFO"));
        command.addAll(List.of(arguments));
        DelegatorNode node = new DelegatorNode(ChildProcess.start(name, command, this.workDir.resolve(name + ".log")),
                host.address(), port);
        this.delegators.add(node);
        return node;
    }

    /** Starts a harness generator that leases its worker ID through {@code delegator}. */
    public GeneratorNode startGenerator(String name, DelegatorNode delegator) {
        return startGenerator(name, delegator, ProcessHost.LOCAL);
    }

    /**
     * Starts a harness generator that leases its worker IDs through {@code delegator}, with
     * more command-line {@code arguments}, e.g. {@code --snowcloud.generator.workers=4}.
     */
    public GeneratorNode startGenerator(String name, DelegatorNode delegator, String... arguments) {
        List<String> extra = new ArrayList<>(List.of("--snowcloud.generator.delegator.urls=" + delegator.url(),
                "--snowcloud.generator.delegator.api-key=" + API_KEY));
        extra.addAll(List.of(arguments));
        return startGenerator(name, ProcessHost.LOCAL, delegator.name(), extra.toArray(String[]::new));
    }

    /** Starts a harness generator on {@code host} (e.g. in a network namespace), leasing through {@code delegator}. */
    public GeneratorNode startGenerator(String name, DelegatorNode delegator, ProcessHost host) {
        return startGenerator(name, host, delegator.name(), "--snowcloud.generator.delegator.urls=" + delegator.url(),
                "--snowcloud.generator.delegator.api-key=" + API_KEY);
    }

    /** Starts a harness generator on a fixed worker ID, with no delegator. */
    public GeneratorNode startFixedGenerator(String name, int workerId) {
        return startGenerator(name, ProcessHost.LOCAL, "fixed worker " + workerId,
                "--snowcloud.generator.worker-id=" + workerId);
    }

    private synchronized GeneratorNode startGenerator(String name, ProcessHost host, String source, String... extra) {
        Path dir = this.workDir.resolve(name);
        try {
            Files.createDirectories(dir);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        List<String> command = new ArrayList<>(host.commandPrefix());
        command.addAll(java("128m", true));
        command.addAll(List.of("-jar", this.settings.harnessJar().toString(), "--harness.dir=" + dir,
                "--harness.rate=" + this.settings.generatorRate(), "--harness.threads=" + this.settings.generatorThreads(),
                "--harness.parent-pid=" + ProcessHandle.current().pid(),
                "--snowcloud.generator.lease.instance-name=" + name));
        command.addAll(List.of(extra));
        GeneratorNode node = new GeneratorNode(ChildProcess.start(name, command, dir.resolve("process.log")), dir,
                source);
        this.generators.add(node);
        return node;
    }

    private static List<String> java(String heap, boolean quickStart) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-Djava.net.preferIPv4Stack=true"));
        if (quickStart) {
            // C1 only: starts sooner and is ample for tens of thousands of IDs a second.
            command.add("-XX:TieredStopAtLevel=1");
        }
        return command;
    }

    /**
     * Stops every generator at once with SIGTERM (they flush their files and release their
     * leases), SIGKILL for any still there after 30 s.
     * @return for each generator, by name, whether it exited by itself
     */
    public Map<String, Boolean> stopGenerators() {
        List<GeneratorNode> all = generators();
        all.forEach(GeneratorNode::askToStop);
        Map<String, Boolean> graceful = new LinkedHashMap<>();
        for (GeneratorNode generator : all) {
            graceful.put(generator.name(), generator.awaitStop());
        }
        return graceful;
    }

    public List<DelegatorNode> delegators() {
        return List.copyOf(this.delegators);
    }

    public List<GeneratorNode> generators() {
        return List.copyOf(this.generators);
    }

    public Path workDir() {
        return this.workDir;
    }

    /**
     * Copies every process's log, event log and status (not the ID files) to {@code target},
     * to look at after a failed run.
     */
    public void copyLogsTo(Path target) {
        try (Stream<Path> files = Files.walk(this.workDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".log") || name.endsWith(".jsonl") || name.endsWith(".json")) {
                    Path copy = target.resolve(this.workDir.relativize(file));
                    Files.createDirectories(copy.getParent());
                    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close() {
        tearDown();
        try {
            Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
        }
        catch (IllegalStateException ex) {
            // Already shutting down.
        }
    }

    private synchronized void tearDown() {
        if (this.closed) {
            return;
        }
        this.closed = true;
        safely(this::stopGenerators);
        for (DelegatorNode delegator : this.delegators) {
            safely(delegator::kill);
        }
        if (this.redis != null) {
            safely(this.redis::close);
        }
        if (this.sentinel != null) {
            safely(this.sentinel::close);
        }
        safely(() -> deleteRecursively(this.workDir));
    }

    private static void safely(Runnable step) {
        try {
            step.run();
        }
        catch (RuntimeException ex) {
            System.err.println("Cleanup step failed: " + ex);
        }
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static int freePort() {
        return FreePorts.any();
    }

    /**
     * How the cluster is set up.
     * @param delegatorJar the delegator's executable jar
     * @param harnessJar the fault harness's executable jar
     * @param leaseTtl the delegators' lease ttl
     * @param recoveryPeriod the delegators' recovery period after a store loss
     * @param maxClockSkew the delegators' maximum clock skew
     * @param generatorRate IDs per second each generator issues
     * @param generatorThreads issuing threads per generator
     * @param delegatorHeap the delegators' maximum heap, e.g. {@code 256m}
     */
    public record Settings(Path delegatorJar, Path harnessJar, Duration leaseTtl, Duration recoveryPeriod,
            Duration maxClockSkew, int generatorRate, int generatorThreads, String delegatorHeap) {

        /** The jars as the build passes them (system properties set by failsafe). */
        public static Settings fromBuild(Duration leaseTtl, int generatorRate) {
            return new Settings(jar("snowcloud.faults.delegator-jar"), jar("snowcloud.faults.harness-jar"), leaseTtl,
                    leaseTtl, Duration.ofSeconds(1), generatorRate, 4, "256m");
        }

        /** The same settings with another recovery period. */
        public Settings withRecoveryPeriod(Duration period) {
            return new Settings(this.delegatorJar, this.harnessJar, this.leaseTtl, period, this.maxClockSkew,
                    this.generatorRate, this.generatorThreads, this.delegatorHeap);
        }

        private static Path jar(String property) {
            String value = System.getProperty(property);
            if (value == null || value.isBlank()) {
                throw new IllegalStateException("System property " + property
                        + " is not set: run the fault tests through Maven (./mvnw -pl fault-tests -am verify)");
            }
            return Path.of(value);
        }

    }

}
