package dev.snowcloud.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One Redis master and its replicas for tests, each a local {@code redis-server} process on a
 * free loopback port with its own temporary directory; node 0 starts as the master, the
 * others with {@code --replicaof} it. {@link #start} returns once every replica is online.
 * Nodes can be killed (SIGKILL), frozen (SIGSTOP, a replica or master that stops answering
 * without closing its connections) and thawed (SIGCONT), and started again on their port.
 * <pre>{@code
 * try (RedisReplication redis = RedisReplication.start(1)) {
 *     connectTo(redis.address(0));
 *     redis.freeze(1);  // the replica stops acknowledging
 * }
 * }</pre>
 */
public final class RedisReplication implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private final List<RedisProcess> nodes = new ArrayList<>();

    private RedisReplication() {
    }

    /**
     * Starts a master and {@code replicas} replicas, all with {@code serverArgs} (e.g.
     * {@code "--min-replicas-to-write", "1"}), and waits until the replicas are in sync.
     */
    public static RedisReplication start(int replicas, String... serverArgs) {
        RedisReplication replication = new RedisReplication();
        try {
            replication.startNodes(replicas, List.of(serverArgs));
            replication.awaitReplicasOnline(replicas);
            return replication;
        }
        catch (RuntimeException ex) {
            replication.close();
            throw ex;
        }
    }

    private void startNodes(int replicas, List<String> serverArgs) {
        List<String> base = new ArrayList<>(List.of("--save", "", "--appendonly", "no"));
        base.addAll(serverArgs);
        RedisProcess master = new RedisProcess(FreePorts.any(), base);
        this.nodes.add(master);
        master.start();
        for (int i = 0; i < replicas; i++) {
            List<String> args = new ArrayList<>(base);
            args.addAll(List.of("--replicaof", master.host(), Integer.toString(master.port())));
            RedisProcess replica = new RedisProcess(FreePorts.any(), args);
            this.nodes.add(replica);
            replica.start();
        }
    }

    private void awaitReplicasOnline(int replicas) {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (onlineReplicas(0) >= replicas) {
                return;
            }
            RedisProcess.pause(Duration.ofMillis(50));
        }
        throw new IllegalStateException("The replicas of " + address(0) + " did not come online within "
                + STARTUP_TIMEOUT + ":\n" + this.nodes.get(0).logTail());
    }

    /** How many replicas a node, as master, sees online; 0 when it does not answer. */
    public int onlineReplicas(int node) {
        try {
            Object info = Resp.command(host(), port(node), Duration.ofSeconds(2), "INFO", "replication");
            return (info instanceof String text) ? (int) text.lines().filter((line) -> line.startsWith("slave")
                    && line.contains("state=online")).count() : 0;
        }
        catch (IOException ex) {
            return 0;
        }
    }

    /** How many nodes there are: the first master and its replicas. */
    public int size() {
        return this.nodes.size();
    }

    /** The host every node listens on, a loopback address. */
    public String host() {
        return this.nodes.get(0).host();
    }

    /** The port of one node; it keeps it across restarts. */
    public int port(int node) {
        return this.nodes.get(node).port();
    }

    /** {@code host:port} of one node. */
    public String address(int node) {
        return host() + ":" + port(node);
    }

    /** Runs one command on one node and returns its reply as {@link Resp#command} does. */
    public Object command(int node, String... args) {
        try {
            return Resp.command(host(), port(node), Duration.ofSeconds(10), args);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Redis at " + address(node) + " failed " + String.join(" ", args), ex);
        }
    }

    /**
     * Runs commands one after the other on one connection to a node, e.g. a write followed
     * by {@code WAIT}, and returns their replies (an error reply as a {@link Resp.ErrorReply}).
     */
    public List<Object> commandsOnOneConnection(int node, List<List<String>> commands) {
        try {
            return Resp.commands(host(), port(node), Duration.ofSeconds(30), commands);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Redis at " + address(node) + " failed " + commands, ex);
        }
    }

    /** Kills one node (SIGKILL) and waits for it to exit. */
    public void kill(int node) {
        this.nodes.get(node).kill();
    }

    /** Starts a killed node again on its port (as it was configured at first: master or replica). */
    public void restart(int node) {
        this.nodes.get(node).start();
    }

    /** Freezes one node (SIGSTOP): its connections stay open but it answers nothing. */
    public void freeze(int node) {
        this.nodes.get(node).signal("STOP");
    }

    /** Lets a frozen node run again (SIGCONT). */
    public void thaw(int node) {
        this.nodes.get(node).signal("CONT");
    }

    /** Whether a node's process is running (frozen counts as running). */
    public boolean isRunning(int node) {
        return this.nodes.get(node).isRunning();
    }

    /** The last lines of one node's log, for a failure message. */
    public String logTail(int node) {
        return this.nodes.get(node).logTail();
    }

    /** Kills every node and removes its files. */
    @Override
    public void close() {
        this.nodes.forEach(RedisProcess::close);
    }

}
