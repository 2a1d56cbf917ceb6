package dev.snowcloud.faults.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import dev.snowcloud.faults.cluster.NetworkPartition.Side;
import dev.snowcloud.testsupport.Resp;
import org.jspecify.annotations.Nullable;

/**
 * Redis Sentinel laid across a {@link NetworkPartition}: the master on side A; two replicas
 * and three sentinels (quorum 2) on side B, where a cut leaves the sentinels with the
 * replicas. Every node is a {@code redis-server} started in its side's namespace, bound to
 * that side's address, with no persistence and no {@code min-replicas-to-write} (what the
 * delegators' acknowledged writes must make safe without help from Redis).
 * <p>
 * The test reaches every node from its own namespace. {@link #close()} kills them all and
 * removes their files; a JVM shutdown hook does the same if the test exits without closing.
 */
public final class PartitionedSentinel implements AutoCloseable {

    /** The name the sentinels monitor the master under. */
    public static final String MASTER = "snowcloud";

    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);

    private static final int MASTER_PORT = 6379;

    private static final List<Integer> REPLICA_PORTS = List.of(6380, 6381);

    private static final List<Integer> SENTINEL_PORTS = List.of(26379, 26380, 26381);

    private final NetworkPartition net;

    private final Path dir;

    private final List<ChildProcess> processes = new ArrayList<>();

    private final Thread shutdownHook = new Thread(this::tearDown, "partitioned-sentinel-cleanup");

    private boolean closed;

    private PartitionedSentinel(NetworkPartition net, Path dir) {
        this.net = net;
        this.dir = dir;
    }

    /**
     * Starts the master and its replicas, waits until both replicas are online, starts the
     * sentinels with {@code downAfter} and waits until each knows both replicas and the other
     * two sentinels.
     */
    public static PartitionedSentinel start(NetworkPartition net, Duration downAfter) {
        PartitionedSentinel redis;
        try {
            redis = new PartitionedSentinel(net, Files.createTempDirectory("snowcloud-split-redis-"));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        Runtime.getRuntime().addShutdownHook(redis.shutdownHook);
        try {
            redis.startAll(downAfter);
            return redis;
        }
        catch (RuntimeException ex) {
            redis.close();
            throw ex;
        }
    }

    private void startAll(Duration downAfter) {
        String master = this.net.address(Side.A);
        server("redis-master", Side.A, MASTER_PORT);
        for (int i = 0; i < REPLICA_PORTS.size(); i++) {
            server("redis-replica-" + (i + 1), Side.B, REPLICA_PORTS.get(i), "--replicaof", master,
                    Integer.toString(MASTER_PORT));
        }
        Waits.until("both replicas are online", STARTUP_TIMEOUT, () -> onlineReplicas(master, MASTER_PORT) == 2,
                () -> this.processes.get(0).logTail(20));
        for (int i = 0; i < SENTINEL_PORTS.size(); i++) {
            sentinel("redis-sentinel-" + (i + 1), SENTINEL_PORTS.get(i), master, downAfter);
        }
        Waits.until("every sentinel knows both replicas and the other two sentinels", STARTUP_TIMEOUT,
                () -> SENTINEL_PORTS.stream().allMatch(this::knowsEverything),
                () -> this.processes.get(this.processes.size() - 1).logTail(20));
    }

    private void server(String name, Side side, int port, String... extra) {
        Path home = directory(name);
        List<String> command = new ArrayList<>(this.net.host(side).commandPrefix());
        command.addAll(List.of("redis-server", "--port", Integer.toString(port), "--bind", this.net.address(side),
                "--protected-mode", "no", "--daemonize", "no", "--dir", home.toString(), "--save", "",
                "--appendonly", "no"));
        command.addAll(List.of(extra));
        launch(name, command, home, this.net.address(side), port);
    }

    private void sentinel(String name, int port, String master, Duration downAfter) {
        Path home = directory(name);
        Path config = home.resolve("sentinel.conf");
        try {
            Files.writeString(config, String.join("\n", "port " + port, "bind " + this.net.address(Side.B),
                    "protected-mode no", "dir " + home, "sentinel monitor " + MASTER + " " + master + " " + MASTER_PORT + " 2",
                    "sentinel down-after-milliseconds " + MASTER + " " + downAfter.toMillis(),
                    "sentinel failover-timeout " + MASTER + " 10000", "sentinel parallel-syncs " + MASTER + " 1", ""));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        List<String> command = new ArrayList<>(this.net.host(Side.B).commandPrefix());
        command.addAll(List.of("redis-server", config.toString(), "--sentinel"));
        launch(name, command, home, this.net.address(Side.B), port);
    }

    private Path directory(String name) {
        try {
            return Files.createDirectories(this.dir.resolve(name));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void launch(String name, List<String> command, Path home, String host, int port) {
        ChildProcess process = ChildProcess.start(name, command, home.resolve("redis.log"));
        this.processes.add(process);
        Waits.until(name + " answers PING", STARTUP_TIMEOUT, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited:\n" + process.logTail(20));
            }
            return "PONG".equals(query(host, port, "PING"));
        }, () -> process.logTail(20));
    }

    private static int onlineReplicas(String host, int port) {
        return (query(host, port, "INFO", "replication") instanceof String info)
                ? (int) info.lines().filter((line) -> line.startsWith("slave") && line.contains("state=online")).count()
                : 0;
    }

    private boolean knowsEverything(int sentinelPort) {
        if (query(this.net.address(Side.B), sentinelPort, "SENTINEL", "MASTER", MASTER) instanceof List<?> fields) {
            return Objects.equals(field(fields, "num-other-sentinels"), "2")
                    && Objects.equals(field(fields, "num-slaves"), Integer.toString(REPLICA_PORTS.size()));
        }
        return false;
    }

    private static @Nullable Object field(List<?> flat, String name) {
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            if (name.equals(flat.get(i))) {
                return flat.get(i + 1);
            }
        }
        return null;
    }

    /** A command's reply, or null when the node does not answer or answers with an error. */
    private static @Nullable Object query(String host, int port, String... command) {
        try {
            return Resp.command(host, port, Duration.ofSeconds(2), command);
        }
        catch (IOException ex) {
            return null;
        }
    }

    /** {@code host:port} of each sentinel, for {@code spring.data.redis.sentinel.nodes}. */
    public List<String> sentinels() {
        return SENTINEL_PORTS.stream().map((port) -> this.net.address(Side.B) + ":" + port).toList();
    }

    /** The master the sentinels started with, on side A. */
    public String firstMaster() {
        return this.net.address(Side.A) + ":" + MASTER_PORT;
    }

    /**
     * The master every sentinel reports, or null while they disagree or one does not answer.
     */
    public @Nullable String agreedMaster() {
        String agreed = null;
        for (int port : SENTINEL_PORTS) {
            if (!(query(this.net.address(Side.B), port, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER) instanceof List<?> address)) {
                return null;
            }
            String master = address.get(0) + ":" + address.get(1);
            if (agreed != null && !agreed.equals(master)) {
                return null;
            }
            agreed = master;
        }
        return agreed;
    }

    /** {@code master} or {@code slave} as the node at {@code host:port} reports its role, or null. */
    public @Nullable String role(String address) {
        String[] hostPort = address.split(":");
        return (query(hostPort[0], Integer.parseInt(hostPort[1]), "ROLE") instanceof List<?> role)
                ? String.valueOf(role.get(0)) : null;
    }

    /**
     * Waits until every sentinel reports a master other than {@link #firstMaster()} and that
     * node answers as a master; returns it.
     */
    public String awaitPromotion(Duration timeout) {
        String[] promoted = new String[1];
        Waits.until("the sentinels promote a replica", timeout, () -> {
            String master = agreedMaster();
            promoted[0] = master;
            return master != null && !master.equals(firstMaster()) && "master".equals(role(master));
        }, () -> this.processes.get(this.processes.size() - 1).logTail(20));
        return promoted[0];
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
        for (ChildProcess process : this.processes) {
            try {
                process.kill();
            }
            catch (RuntimeException ex) {
                System.err.println("Could not kill " + process + ": " + ex);
            }
        }
        try (Stream<Path> files = Files.walk(this.dir)) {
            files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
        }
        catch (IOException ex) {
            // A leftover temporary directory is harmless.
        }
    }

}
