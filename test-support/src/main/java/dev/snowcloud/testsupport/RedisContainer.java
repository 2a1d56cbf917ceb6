package dev.snowcloud.testsupport;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A Redis server in a Docker container, published on a fixed loopback port so that it
 * keeps its address when the container is stopped, killed and started again. The container
 * itself survives {@link #stop()} and {@link #kill()}, so an append-only file survives too.
 * <p>
 * The image is {@value #DEFAULT_IMAGE} unless system property {@value #IMAGE_PROPERTY} or
 * environment variable {@value #IMAGE_ENV} names another, such as the
 * {@code snowcloud-local/redis:7} that {@code deploy/local-images.sh} builds from Debian's
 * {@code redis-server} where no registry is reachable. Any image with {@code redis-server} on
 * its {@code PATH} and a writable working directory serves.
 */
final class RedisContainer implements RedisBackend {

    static final String IMAGE_PROPERTY = "snowcloud.test.redis.image";

    static final String IMAGE_ENV = "SNOWCLOUD_TEST_REDIS_IMAGE";

    static final String DEFAULT_IMAGE = "redis:7.2-alpine";

    private final DockerImageName image;

    private final int port;

    private final GenericContainer<?> container;

    private boolean created;

    private boolean running;

    RedisContainer(int port, List<String> serverArgs) {
        this.port = port;
        this.image = image();
        // Debian's redis-server starts in protected mode, which refuses clients from outside the
        // container; the official image is built with it off. Saying so makes either image serve.
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", "6379", "--protected-mode", "no"));
        command.addAll(serverArgs);
        // Ready when Redis says so: the default wait dials the engine's host address, which need
        // not be the loopback address the port is published on.
        this.container = new GenericContainer<>(this.image).withExposedPorts(6379)
            .withCommand(command.toArray(String[]::new))
            .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*\\n", 1));
        this.container.setPortBindings(List.of(host() + ":" + port + ":6379"));
    }

    static DockerImageName image() {
        String name = System.getProperty(IMAGE_PROPERTY);
        if (name == null || name.isBlank()) {
            name = System.getenv(IMAGE_ENV);
        }
        return DockerImageName.parse((name == null || name.isBlank()) ? DEFAULT_IMAGE : name.strip());
    }

    /** The engine Testcontainers talks to, for the build output: address, version, API version. */
    static String engine() {
        DockerClientFactory docker = DockerClientFactory.instance();
        return "Docker " + docker.getInfo().getServerVersion() + " at " + docker.getTransportConfig().getDockerHost()
                + ", API " + docker.getActiveApiVersion();
    }

    @Override
    public String describe() {
        return "container of " + this.image.asCanonicalNameString();
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
            try {
                this.container.start();
            }
            catch (RuntimeException ex) {
                throw new IllegalStateException("Could not start a Redis container of "
                        + this.image.asCanonicalNameString() + ". Without a registry, build it with "
                        + "deploy/local-images.sh and set " + IMAGE_ENV + " (deploy/local-images.env) and "
                        + "TESTCONTAINERS_RYUK_DISABLED=true; or run Redis as a process: -D"
                        + RedisServer.BACKEND_PROPERTY + "=process", ex);
            }
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
