package dev.snowcloud.faults.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A delegator process ({@code java -jar snowcloud-delegator.jar}) on the Redis store, on a
 * port it keeps across restarts.
 */
public final class DelegatorNode {

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ChildProcess process;

    private final String host;

    private final int port;

    DelegatorNode(ChildProcess process, String host, int port) {
        this.process = process;
        this.host = host;
        this.port = port;
    }

    public String name() {
        return this.process.name();
    }

    public URI url() {
        return URI.create("http://" + this.host + ":" + this.port);
    }

    public long pid() {
        return this.process.pid();
    }

    /**
     * Waits until it answers HTTP at all (its health may be DOWN while Redis is away).
     */
    public void awaitServing(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!this.process.isAlive()) {
                throw new IllegalStateException(name() + " exited while starting:\n" + this.process.logTail(40));
            }
            try {
                HttpResponse<String> health = get("/actuator/health");
                if (health.statusCode() == 200 || health.statusCode() == 503) {
                    return;
                }
            }
            catch (IOException ex) {
                // Not listening yet.
            }
            Waits.pause(Duration.ofMillis(200));
        }
        throw new IllegalStateException(name() + " did not answer within " + timeout + ":\n" + this.process.logTail(40));
    }

    /** SIGKILL: no shutdown hook, no graceful end of requests in flight. */
    public void kill() {
        this.process.kill();
    }

    /** SIGSTOP: it accepts connections (the kernel does) but answers nothing. */
    public void pause() {
        this.process.pause();
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        this.process.resume();
    }

    /** Starts it again with the same command line and port. */
    public void restart() {
        this.process.restart();
    }

    /** SIGTERM, SIGKILL if it lingers. */
    public void stop() {
        this.process.terminate(Duration.ofSeconds(20));
    }

    public boolean isAlive() {
        return this.process.isAlive();
    }

    /**
     * The sum of the samples of a Prometheus counter whose labels contain every one of
     * {@code labels} (e.g. {@code operation="renew"}); 0 if none.
     */
    public double counter(String name, String... labels) {
        try {
            HttpResponse<String> scrape = get("/actuator/prometheus");
            double sum = 0;
            for (String line : scrape.body().split("\n")) {
                if (line.startsWith("#") || !line.startsWith(name + "{")) {
                    continue;
                }
                String series = line.substring(0, line.lastIndexOf(' '));
                boolean matches = true;
                for (String label : labels) {
                    matches &= series.contains(label);
                }
                if (matches) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return sum;
        }
        catch (IOException ex) {
            throw new IllegalStateException("Could not scrape " + name() + ": " + ex, ex);
        }
    }

    private HttpResponse<String> get(String path) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(url().resolve(path)).timeout(Duration.ofSeconds(5)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted", ex);
        }
    }

    public String logTail(int lines) {
        return this.process.logTail(lines);
    }

    @Override
    public String toString() {
        return this.process + " on " + url();
    }

}
