package dev.snowcloud.testsupport;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A Redis server in a Docker container, published on a fixed loopback port so that it
 * keeps its address when the container is stopped, killed and started again. The container
 * itself survives {@link #stop()} and {@link #kill()}, so an append-only file survives too.
 */
final class RedisContainer implements RedisBackend {

    static final DockerImageName IMAGE = DockerImageName.parse("redis:7.2-alpine");

    private final int port;

    private final GenericContainer<?> container;

    private boolean created;

    private boolean running;

    RedisContainer(int port, List<String> serverArgs) {
        this.port = port;
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", "6379"));
        command.addAll(serverArgs);
        this.container = new GenericContainer<>(IMAGE).withExposedPorts(6379).withCommand(command.toArray(String[]::new));
        this.container.setPortBindings(List.of(port + ":6379"));
    }

    static boolean isAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        }
        catch (RuntimeException ex) {
            return false;
        }
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
    public synchronized void start() {
        if (this.running) {
            return;
        }
        if (!this.created) {
            this.container.start();
            this.created = true;
        }
        else {
            this.container.getDockerClient().startContainerCmd(this.container.getContainerId()).exec();
        }
        awaitPing();
        this.running = true;
    }

    private void awaitPing() {
        long deadline = System.nanoTime() + RedisProcess.STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if ("PONG".equals(Resp.command(host(), this.port, Duration.ofSeconds(2), "PING"))) {
                    return;
                }
            }
            catch (IOException ex) {
                // not up yet
            }
            RedisProcess.pause(Duration.ofMillis(50));
        }
        throw new IllegalStateException("Redis container on port " + this.port + " did not answer PING within "
                + RedisProcess.STARTUP_TIMEOUT + ":\n" + this.container.getLogs());
    }

    @Override
    public synchronized void stop() {
        if (this.running) {
            this.container.getDockerClient().stopContainerCmd(this.container.getContainerId()).withTimeout(30).exec();
            this.running = false;
        }
    }

    @Override
    public synchronized void kill() {
        if (this.running) {
            this.container.getDockerClient().killContainerCmd(this.container.getContainerId()).exec();
            this.running = false;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return this.running;
    }

    @Override
    public synchronized void close() {
        this.container.stop();
        this.running = false;
    }

}
