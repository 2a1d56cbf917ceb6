package dev.snowcloud.example;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.snowcloud.testsupport.FreePorts;
import dev.snowcloud.testsupport.RedisServer;

/**
 * The delegator's jar running as a process on the Redis store, with a 3 s lease
 * ttl (or the one given), on a port it keeps across restarts.
 */
final class DelegatorProcess {

    static final String JAR_PROPERTY = "snowcloud.delegator.jar";

    private final Path jar;

    private final RedisServer redis;

    private final int port;

    private final Path log;

    private final Duration leaseTtl;

    private Process process;

    DelegatorProcess(RedisServer redis) throws IOException {
        this(redis, Duration.ofSeconds(3));
    }

    DelegatorProcess(RedisServer redis, Duration leaseTtl) throws IOException {
        String location = System.getProperty(JAR_PROPERTY);
        if (location == null || !Files.isRegularFile(Path.of(location))) {
            throw new IllegalStateException("The delegator jar (" + location + ") is missing: build it first, e.g."
                    + " ./mvnw -B -pl delegator-service,example-app -am verify");
        }
        this.jar = Path.of(location);
        this.redis = redis;
        // Below the ephemeral range: the delegator restarts on this port in the tests.
        this.port = FreePorts.any();
        this.log = Path.of("target", "e2e-delegator.log");
        this.leaseTtl = leaseTtl;
    }

    int port() {
        return this.port;
    }

    void start() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar",
                this.jar.toString(), "--server.port=" + this.port, "--server.address=127.0.0.1",
                "--snowcloud.delegator.store=redis", "--snowcloud.delegator.namespace=e2e",
                "--snowcloud.delegator.lease-ttl=" + this.leaseTtl.toMillis() + "ms", "--snowcloud.delegator.recovery-period=0",
                // a pool of its own that nothing used before: no recovery to wait for
                "--snowcloud.delegator.unsafe.allow-short-recovery=true",
                "--spring.data.redis.host=" + this.redis.host(), "--spring.data.redis.port=" + this.redis.port()));
        builder.environment().put("SNOWCLOUD_DELEGATOR_API_KEYS", "e2e-key");
        builder.redirectErrorStream(true);
        Files.createDirectories(this.log.getParent());
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()));
        this.process = builder.start();
        awaitHealthy();
    }

    private void awaitHealthy() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long giveUp = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() - giveUp < 0) {
            if (!this.process.isAlive()) {
                throw new IllegalStateException("The delegator exited with " + this.process.exitValue() + "; see "
                        + this.log.toAbsolutePath());
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest
                    .newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            }
            catch (IOException ex) {
                // Not listening yet.
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("The delegator was not healthy within 2 minutes; see "
                + this.log.toAbsolutePath());
    }

    /** Freezes the process (SIGSTOP): connections are accepted but nothing answers. */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Thaws it (SIGCONT). */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    /** Kills it (SIGKILL) and waits until it is gone. */
    void kill() throws InterruptedException {
        this.process.destroyForcibly();
        this.process.waitFor();
    }

    /** Stops it (SIGTERM, then SIGKILL after 20 s). */
    void destroy() {
        if (this.process == null) {
            return;
        }
        try {
            this.process.destroy();
            if (!this.process.waitFor(Duration.ofSeconds(20).toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            this.process.destroyForcibly();
        }
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(this.process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " failed");
        }
    }

    @Override
    public String toString() {
        return "delegator on port " + this.port + " (" + this.jar.getFileName() + ")";
    }

}
