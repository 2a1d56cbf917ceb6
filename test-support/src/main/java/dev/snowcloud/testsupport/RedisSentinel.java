package dev.snowcloud.testsupport;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Redis Sentinel for tests: a {@link RedisReplication} (one master, its replicas) watched by
 * three sentinels ({@code redis-server --sentinel} with a generated configuration file, quorum
 * 2), all local processes on free loopback ports. {@link #start} returns once every sentinel
 * knows the master, every replica and the other two sentinels, so a failover can begin at
 * once. Clients connect with the {@link #MASTER} name and {@link #sentinels()}, e.g.
 * {@code spring.data.redis.sentinel.master} and {@code spring.data.redis.sentinel.nodes}.
 */
public final class RedisSentinel implements AutoCloseable {

    /** The name the sentinels monitor the master under. */
    public static final String MASTER = "snowcloud";

    private static final int SENTINELS = 3;

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private final RedisReplication servers;

    private final List<RedisProcess> sentinels = new ArrayList<>();

    private RedisSentinel(RedisReplication servers) {
        this.servers = servers;
    }

    /**
     * Starts a master with {@code replicas} replicas (each with {@code serverArgs}) and three
     * sentinels that consider a node down after {@code downAfter} without an answer.
     */
    public static RedisSentinel start(int replicas, Duration downAfter, String... serverArgs) {
        RedisSentinel sentinel = new RedisSentinel(RedisReplication.start(replicas, serverArgs));
        try {
            sentinel.startSentinels(downAfter);
            sentinel.awaitDiscovery(replicas);
            return sentinel;
        }
        catch (RuntimeException ex) {
            sentinel.close();
            throw ex;
        }
    }

    private void startSentinels(Duration downAfter) {
        for (int i = 0; i < SENTINELS; i++) {
            RedisProcess sentinel = new RedisProcess(FreePorts.any(), List.of("--sentinel"));
            sentinel.configFile(String.join("\n", "sentinel monitor " + MASTER + " " + this.servers.address(0)
                    .replace(':', ' ') + " 2", "sentinel down-after-milliseconds " + MASTER + " " + downAfter.toMillis(),
                    "sentinel failover-timeout " + MASTER + " 10000", "sentinel parallel-syncs " + MASTER + " 1", ""));
            this.sentinels.add(sentinel);
            sentinel.start();
        }
    }

    private void awaitDiscovery(int replicas) {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (this.sentinels.stream().allMatch((sentinel) -> knowsEverything(sentinel, replicas))) {
                return;
            }
            RedisProcess.pause(Duration.ofMillis(100));
        }
        throw new IllegalStateException("The sentinels did not discover each other and " + replicas
                + " replica(s) within " + STARTUP_TIMEOUT + ":\n" + this.sentinels.get(0).logTail());
    }

    private static boolean knowsEverything(RedisProcess sentinel, int replicas) {
        try {
            List<?> master = (List<?>) Resp.command(sentinel.host(), sentinel.port(), Duration.ofSeconds(2), "SENTINEL",
                    "MASTER", MASTER);
            return Objects.equals(field(master, "num-other-sentinels"), Integer.toString(SENTINELS - 1))
                    && Objects.equals(field(master, "num-slaves"), Integer.toString(replicas));
        }
        catch (IOException ex) {
            return false;
        }
    }

    private static Object field(List<?> flat, String name) {
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            if (name.equals(flat.get(i))) {
                return flat.get(i + 1);
            }
        }
        return null;
    }

    /** The master and its replicas: node 0 is the first master. */
    public RedisReplication servers() {
        return this.servers;
    }

    /** The sentinels' addresses as {@code host:port}, e.g. for {@code spring.data.redis.sentinel.nodes}. */
    public List<String> sentinels() {
        return this.sentinels.stream().map((sentinel) -> sentinel.host() + ":" + sentinel.port()).toList();
    }

    /**
     * The master as the first sentinel that answers reports it ({@code host:port}), or
     * {@code null} when none answers.
     */
    public String master() {
        for (RedisProcess sentinel : this.sentinels) {
            try {
                List<?> address = (List<?>) Resp.command(sentinel.host(), sentinel.port(), Duration.ofSeconds(2),
                        "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER);
                if (address != null) {
                    return address.get(0) + ":" + address.get(1);
                }
            }
            catch (IOException ex) {
                // try the next one
            }
        }
        return null;
    }

    /** The node index ({@link RedisReplication}) of the master the sentinels report. */
    public int masterNode() {
        String master = master();
        for (int node = 0; node < this.servers.size(); node++) {
            if (this.servers.address(node).equals(master)) {
                return node;
            }
        }
        throw new IllegalStateException("The sentinels report master " + master + ", which is none of ours");
    }

    /**
     * Waits until every sentinel reports a master other than {@code oldMaster} and that new
     * master answers as a master; returns how long that took.
     */
    public Duration awaitFailover(String oldMaster, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String master = master();
            if (master != null && !master.equals(oldMaster) && allReport(master) && answersAsMaster(master)) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            RedisProcess.pause(Duration.ofMillis(50));
        }
        throw new IllegalStateException("No failover away from " + oldMaster + " within " + timeout + ":\n"
                + this.sentinels.get(0).logTail());
    }

    private boolean allReport(String master) {
        for (RedisProcess sentinel : this.sentinels) {
            try {
                List<?> address = (List<?>) Resp.command(sentinel.host(), sentinel.port(), Duration.ofSeconds(2),
                        "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER);
                if (address == null || !master.equals(address.get(0) + ":" + address.get(1))) {
                    return false;
                }
            }
            catch (IOException ex) {
                return false;
            }
        }
        return true;
    }

    private static boolean answersAsMaster(String address) {
        String[] hostPort = address.split(":");
        try {
            Object role = Resp.command(hostPort[0], Integer.parseInt(hostPort[1]), Duration.ofSeconds(2), "ROLE");
            return role instanceof List<?> list && "master".equals(list.get(0));
        }
        catch (IOException ex) {
            return false;
        }
    }

    /** Stops the sentinels, then every server, and removes their files. */
    @Override
    public void close() {
        this.sentinels.forEach(RedisProcess::close);
        this.servers.close();
    }

}
