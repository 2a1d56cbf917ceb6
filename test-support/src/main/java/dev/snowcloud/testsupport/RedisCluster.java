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
 * A Redis Cluster of three masters (no replicas) for tests, each a local {@code redis-server}
 * process on a free port ({@code --cluster-enabled yes}, its own temporary directory), joined
 * with {@code redis-cli --cluster create}. {@link #start()} returns once every node reports
 * {@code cluster_state:ok}. Without {@code redis-server} and {@code redis-cli} it throws.
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

    private RedisCluster() {
    }

    /** Starts three masters, joins them into one cluster and waits until it is ready. */
    public static RedisCluster start() {
        RedisCluster cluster = new RedisCluster();
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
        for (int i = 0; i < MASTERS; i++) {
            RedisProcess node = (RedisProcess) RedisServer.backend(FreePorts.withClusterBus(),
                    List.of("--save", "", "--appendonly", "no", "--cluster-enabled", "yes", "--cluster-config-file",
                            "nodes.conf", "--cluster-node-timeout", "5000"),
                    true);
            this.nodes.add(node);
            node.start();
        }
    }

    private void create() {
        String cli = redisCli();
        List<String> command = new ArrayList<>(List.of(cli, "--cluster", "create"));
        command.addAll(nodes());
        command.add("--cluster-replicas");
        command.add("0");
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
            if (this.nodes.stream().allMatch(RedisCluster::isOk)) {
                return;
            }
            RedisProcess.pause(Duration.ofMillis(100));
        }
        throw new IllegalStateException("Redis Cluster " + nodes() + " did not reach cluster_state:ok within "
                + STARTUP_TIMEOUT);
    }

    private static boolean isOk(RedisProcess node) {
        try {
            Object info = Resp.command(node.host(), node.port(), Duration.ofSeconds(2), "CLUSTER", "INFO");
            return info instanceof String text && text.contains("cluster_state:ok")
                    && text.contains("cluster_slots_ok:16384") && text.contains("cluster_known_nodes:" + MASTERS);
        }
        catch (IOException ex) {
            return false;
        }
    }

    /** The masters' addresses as {@code host:port}, e.g. for {@code spring.data.redis.cluster.nodes}. */
    public List<String> nodes() {
        return this.nodes.stream().map((node) -> node.host() + ":" + node.port()).toList();
    }

    /** Runs one command on every master, e.g. {@code FLUSHALL}. */
    public void commandOnEveryNode(String... args) {
        for (RedisProcess node : this.nodes) {
            try {
                Resp.command(node.host(), node.port(), Duration.ofSeconds(10), args);
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }

    /** Stops every node and removes its files. */
    @Override
    public void close() {
        this.nodes.forEach(RedisProcess::close);
    }

}
