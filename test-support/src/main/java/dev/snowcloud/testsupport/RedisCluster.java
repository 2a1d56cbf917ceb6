package dev.snowcloud.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis Cluster of three masters for tests, with or without one replica each, each node a
 * local {@code redis-server} process on a free port ({@code --cluster-enabled yes}, its own
 * temporary directory), joined with {@code redis-cli --cluster create}. {@link #start()}
 * returns once every node reports {@code cluster_state:ok} (and every replica is in sync).
 * Masters can be killed and restarted (they come back as replicas once failed over) and slots
 * moved between masters. Without {@code redis-server} and {@code redis-cli} it throws.
 * <pre>{@code
 * try (RedisCluster cluster = RedisCluster.start()) {
 *     connectTo(cluster.nodes()); // ["127.0.0.1:2xxxx", ...]
 * }
 * }</pre>
 */
public final class RedisCluster implements AutoCloseable {

    private static final int MASTERS = 3;

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final List<RedisProcess> nodes = new ArrayList<>();

    private final int replicas;

    private final Duration nodeTimeout;

    private RedisCluster(int replicas, Duration nodeTimeout) {
        this.replicas = replicas;
        this.nodeTimeout = nodeTimeout;
    }

    /** Starts three masters, joins them into one cluster and waits until it is ready. */
    public static RedisCluster start() {
        return start(0, Duration.ofSeconds(5));
    }

    /**
     * Starts three masters with {@code replicasPerMaster} replicas each and the given
     * {@code cluster-node-timeout} (after which a master that does not answer is failed over),
     * and waits until it is ready.
     */
    public static RedisCluster start(int replicasPerMaster, Duration nodeTimeout) {
        RedisCluster cluster = new RedisCluster(replicasPerMaster, nodeTimeout);
        try {
            cluster.startNodes();
            cluster.create();
            cluster.awaitOk();
            return cluster;
        }
        catch (RuntimeException ex) {
            cluster.close();
            throw ex;
        }
    }

    private void startNodes() {
        for (int i = 0; i < MASTERS * (1 + this.replicas); i++) {
            RedisProcess node = (RedisProcess) RedisServer.backend(FreePorts.withClusterBus(),
                    List.of("--save", "", "--appendonly", "no", "--cluster-enabled", "yes", "--cluster-config-file",
                            "nodes.conf", "--cluster-node-timeout", Long.toString(this.nodeTimeout.toMillis())),
                    true);
            this.nodes.add(node);
            node.start();
        }
    }

    private void create() {
        String cli = redisCli();
        List<String> command = new ArrayList<>(List.of(cli, "--cluster", "create"));
        command.addAll(addresses());
        command.add("--cluster-replicas");
        command.add(Integer.toString(this.replicas));
        command.add("--cluster-yes");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(
                        String.join(" ", command) + " failed:\n" + new String(output, StandardCharsets.UTF_8));
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating the cluster", ex);
        }
    }

    private static String redisCli() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(File.pathSeparator)) {
                File candidate = new File(entry, "redis-cli");
                if (candidate.canExecute()) {
                    return candidate.getAbsolutePath();
                }
            }
        }
        throw new IllegalStateException(
                "redis-cli is not on the PATH; the cluster fixture needs it (Debian: apt-get install redis-tools)");
    }

    private void awaitOk() {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (this.nodes.stream().allMatch(this::isOk) && replicasInSync()) {
                return;
            }
            RedisProcess.pause(Duration.ofMillis(100));
        }
        throw new IllegalStateException("Redis Cluster " + nodes() + " did not reach cluster_state:ok within "
                + STARTUP_TIMEOUT);
    }

    private boolean isOk(RedisProcess node) {
        try {
            Object info = Resp.command(node.host(), node.port(), Duration.ofSeconds(2), "CLUSTER", "INFO");
            return info instanceof String text && text.contains("cluster_state:ok")
                    && text.contains("cluster_slots_ok:16384")
                    && text.contains("cluster_known_nodes:" + this.nodes.size());
        }
        catch (IOException ex) {
            return false;
        }
    }

    private boolean replicasInSync() {
        return this.nodes.stream()
            .filter(RedisProcess::isRunning)
            .filter((node) -> "slave".equals(role(node)))
            .allMatch((node) -> String.valueOf(command(node, "INFO", "replication")).contains("master_link_status:up"));
    }

    private static String role(RedisProcess node) {
        Object role = command(node, "ROLE");
        return (role instanceof List<?> list) ? String.valueOf(list.get(0)) : null;
    }

    private static Object command(RedisProcess node, String... args) {
        try {
            return Resp.command(node.host(), node.port(), Duration.ofSeconds(5), args);
        }
        catch (IOException ex) {
            return null;
        }
    }

    /**
     * The addresses ({@code host:port}) of the nodes that are masters now, or of every node
     * before it is started; e.g. for {@code spring.data.redis.cluster.nodes}.
     */
    public List<String> nodes() {
        List<String> masters = this.nodes.stream()
            .filter(RedisProcess::isRunning)
            .filter((node) -> "master".equals(role(node)))
            .map((node) -> node.host() + ":" + node.port())
            .toList();
        return masters.isEmpty() ? addresses() : masters;
    }

    /** Every node's address, masters and replicas, running or not. */
    public List<String> addresses() {
        return this.nodes.stream().map((node) -> node.host() + ":" + node.port()).toList();
    }

    /** Runs one command on every master, e.g. {@code FLUSHALL}. */
    public void commandOnEveryNode(String... args) {
        for (RedisProcess node : this.nodes) {
            if (!node.isRunning() || !"master".equals(role(node))) {
                continue;
            }
            try {
                Resp.command(node.host(), node.port(), Duration.ofSeconds(10), args);
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }

    /** Runs one command on one node (by address) and returns its reply as {@link Resp#command} does. */
    public Object command(String address, String... args) {
        RedisProcess node = node(address);
        try {
            return Resp.command(node.host(), node.port(), Duration.ofSeconds(10), args);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Redis at " + address + " failed " + String.join(" ", args), ex);
        }
    }

    private RedisProcess node(String address) {
        return this.nodes.stream()
            .filter((node) -> (node.host() + ":" + node.port()).equals(address))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("No node " + address + " in " + addresses()));
    }

    /** The master that serves a slot now, as a running master reports it ({@code host:port}). */
    public String masterOf(int slot) {
        for (RedisProcess node : this.nodes) {
            if (!node.isRunning() || !(command(node, "CLUSTER", "SLOTS") instanceof List<?> ranges)) {
                continue;
            }
            for (Object range : ranges) {
                List<?> entry = (List<?>) range;
                if (((Long) entry.get(0)) <= slot && slot <= ((Long) entry.get(1))) {
                    List<?> master = (List<?>) entry.get(2);
                    return master.get(0) + ":" + master.get(1);
                }
            }
        }
        throw new IllegalStateException("No running node knows who serves slot " + slot);
    }

    /** The slot of a key, as the cluster computes it. */
    public int slotOf(String key) {
        return Math.toIntExact((Long) command(nodes().get(0), "CLUSTER", "KEYSLOT", key));
    }

    /** Kills one node (SIGKILL); its replica takes over after the node timeout. */
    public void kill(String address) {
        node(address).kill();
    }

    /** Starts a killed node again; it rejoins from its nodes.conf, as a replica if it was failed over. */
    public void restart(String address) {
        node(address).start();
    }

    /**
     * Waits until every running node agrees that a master other than {@code oldMaster}
     * serves {@code slot} and the cluster is ok; returns how long that took.
     */
    public Duration awaitFailover(int slot, String oldMaster, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                String master = masterOf(slot);
                if (!master.equals(oldMaster) && "master".equals(role(node(master)))
                        && this.nodes.stream().filter(RedisProcess::isRunning).allMatch(this::isOkIgnoringCount)) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            }
            catch (RuntimeException ex) {
                // not settled yet
            }
            RedisProcess.pause(Duration.ofMillis(50));
        }
        throw new IllegalStateException("Slot " + slot + " was not failed over away from " + oldMaster + " within "
                + timeout);
    }

    private boolean isOkIgnoringCount(RedisProcess node) {
        Object info = command(node, "CLUSTER", "INFO");
        return info instanceof String text && text.contains("cluster_state:ok");
    }

    /** Waits until every running replica has an up link to its master again. */
    public void awaitReplicasInSync(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (replicasInSync()) {
                return;
            }
            RedisProcess.pause(Duration.ofMillis(50));
        }
        throw new IllegalStateException("Replicas not in sync within " + timeout);
    }

    /**
     * Moves one slot, with its keys, to another master, the way {@code redis-cli --cluster
     * reshard} does: IMPORTING on the target, MIGRATING on the source, {@code MIGRATE} the keys
     * in batches, then {@code SETSLOT NODE} on every master. Clients see {@code ASK} redirects
     * (and {@code TRYAGAIN} for multi-key commands) while it runs, then {@code MOVED}.
     */
    public void moveSlot(int slot, String target) {
        String source = masterOf(slot);
        if (source.equals(target)) {
            return;
        }
        String sourceId = (String) command(source, "CLUSTER", "MYID");
        String targetId = (String) command(target, "CLUSTER", "MYID");
        String[] to = target.split(":");
        command(target, "CLUSTER", "SETSLOT", Integer.toString(slot), "IMPORTING", sourceId);
        command(source, "CLUSTER", "SETSLOT", Integer.toString(slot), "MIGRATING", targetId);
        while (true) {
            List<?> keys = (List<?>) command(source, "CLUSTER", "GETKEYSINSLOT", Integer.toString(slot), "100");
            if (keys.isEmpty()) {
                break;
            }
            List<String> migrate = new ArrayList<>(List.of("MIGRATE", to[0], to[1], "", "0", "10000", "KEYS"));
            keys.forEach((key) -> migrate.add((String) key));
            command(source, migrate.toArray(String[]::new));
        }
        command(target, "CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", targetId);
        command(source, "CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", targetId);
        for (String master : nodes()) {
            if (!master.equals(source) && !master.equals(target)) {
                command(master, "CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", targetId);
            }
        }
    }

    /** Stops every node and removes its files. */
    @Override
    public void close() {
        this.nodes.forEach(RedisProcess::close);
    }

}
