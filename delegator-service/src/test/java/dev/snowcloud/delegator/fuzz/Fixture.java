package dev.snowcloud.delegator.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import dev.snowcloud.delegator.DelegatorApplication;
import dev.snowcloud.testsupport.RedisServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A delegator running on a random port — on its own {@code redis-server} or on the
 * in-memory store — plus a well-behaved client for the leases' owners: they register,
 * renew and release through the JDK's HTTP client, and read the pool to snapshot it.
 */
final class Fixture implements AutoCloseable {

    static final String KEY = "fuzz-key-1";

    static final String OTHER_KEY = "fuzz-key-2";

    private static final JsonMapper json = JsonMapper.builder().build();

    private final RedisServer redis;

    private final ConfigurableApplicationContext context;

    private final HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();

    private final String base;

    final RawHttp raw;

    private Fixture(RedisServer redis, ConfigurableApplicationContext context) {
        this.redis = redis;
        this.context = context;
        int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        this.base = "http://127.0.0.1:" + port;
        this.raw = new RawHttp(port);
    }

    /** A delegator on a fresh {@code redis-server}; never the machine's own Redis. */
    static Fixture onRedis(String namespace, Duration leaseTtl) {
        RedisServer redis = RedisServer.startEmpty();
        try {
            Map<String, Object> properties = properties(leaseTtl);
            properties.put("snowcloud.delegator.store", "redis");
            properties.put("snowcloud.delegator.namespace", namespace);
            properties.put("spring.data.redis.host", redis.host());
            properties.put("spring.data.redis.port", redis.port());
            return new Fixture(redis, start(properties));
        }
        catch (RuntimeException ex) {
            redis.close();
            throw ex;
        }
    }

    /** A delegator on the in-memory store. */
    static Fixture inMemory(Duration leaseTtl) {
        Map<String, Object> properties = properties(leaseTtl);
        properties.put("snowcloud.delegator.store", "memory");
        // the memory store never uses Redis; should anything try, it finds nothing (not 6379)
        properties.put("spring.data.redis.host", "127.0.0.1");
        properties.put("spring.data.redis.port", 1);
        return new Fixture(null, start(properties));
    }

    private static Map<String, Object> properties(Duration leaseTtl) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.port", 0);
        properties.put("spring.main.banner-mode", "off");
        properties.put("snowcloud.delegator.lease-ttl", leaseTtl.toMillis() + "ms");
        properties.put("snowcloud.delegator.recovery-period", "0");
        // a pool of its own that nothing used before: no recovery needed
        properties.put("snowcloud.delegator.unsafe.allow-short-recovery", "true");
        properties.put("snowcloud.delegator.api-keys", KEY + "," + OTHER_KEY);
        return properties;
    }

    /**
     * Starts the delegator with the properties as command-line arguments: they must beat
     * {@code application.yml}, whose {@code localhost:6379} is the machine's own Redis. Before
     * any bean exists, the prepared environment is checked to hold every one of them.
     */
    private static ConfigurableApplicationContext start(Map<String, Object> properties) {
        String[] args = properties.entrySet()
            .stream()
            .map((property) -> "--" + property.getKey() + "=" + property.getValue())
            .toArray(String[]::new);
        ApplicationListener<ApplicationEnvironmentPreparedEvent> guard = (event) -> properties.forEach((key, value) -> {
            String effective = event.getEnvironment().getProperty(key);
            if (!String.valueOf(value).equals(effective)) {
                throw new IllegalStateException(
                        "Refusing to start: " + key + " would be " + effective + ", not " + value);
            }
        });
        return new SpringApplicationBuilder(DelegatorApplication.class).listeners(guard).run(args);
    }

    /** The secrets no answer may show: the API keys. */
    Collection<String> apiKeys() {
        return java.util.List.of(KEY, OTHER_KEY);
    }

    Lease register(String name, String host) {
        Map<String, String> body = new LinkedHashMap<>();
        if (name != null) {
            body.put("name", name);
        }
        if (host != null) {
            body.put("host", host);
        }
        RawResponse response = post("/workers", json.writeValueAsString(body));
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return Lease.from(json.readTree(response.text()));
    }

    /** Renews as the owner; the answer must be a 200 for the same worker ID and token. */
    Lease renew(Lease lease, Long lastTimestamp) {
        RawResponse response = post("/workers/" + lease.workerId() + "/renew", leaseJson(lease.token(), lastTimestamp));
        assertThat(response.status()).as("owner's renew of %s: %s", lease, response.text()).isEqualTo(200);
        Lease renewed = Lease.from(json.readTree(response.text()));
        assertThat(renewed.workerId()).isEqualTo(lease.workerId());
        assertThat(renewed.token()).isEqualTo(lease.token());
        return renewed;
    }

    void release(Lease lease, long lastTimestamp) {
        RawResponse response = post("/workers/" + lease.workerId() + "/release",
                leaseJson(lease.token(), lastTimestamp));
        assertThat(response.status()).as(response.text()).isEqualTo(204);
    }

    int renewStatus(int workerId, String token) {
        return post("/workers/" + workerId + "/renew", leaseJson(token, null)).status();
    }

    /** {@code GET} with the key; must answer 200. */
    String read(String path) {
        HttpResponse<String> response = send(request(path).GET().build());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return response.body();
    }

    JsonNode readJson(String path) {
        return json.readTree(read(path));
    }

    static String leaseJson(String token, Long lastTimestamp) {
        return (lastTimestamp != null) ? "{\"leaseToken\":\"" + token + "\",\"lastTimestamp\":" + lastTimestamp + "}"
                : "{\"leaseToken\":\"" + token + "\"}";
    }

    /**
     * The owners' writes go out in one piece over {@link RawHttp}: the JDK client writes a
     * POST's headers and body apart, and each then waited on a delayed ACK (tens of ms).
     */
    private RawResponse post(String path, String body) {
        return this.raw.send(HostileRequest.postJson("owner", path, body));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(this.base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + KEY);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return this.http.send(request, BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void close() {
        try {
            this.context.close();
        }
        finally {
            if (this.redis != null) {
                this.redis.close();
            }
        }
    }

    /**
     * A lease as its owner holds it.
     *
     * @param workerId the worker ID
     * @param token the lease token
     * @param expiresAt the expiry the last register or renew answered with
     * @param notBefore the lease's notBefore
     */
    record Lease(int workerId, String token, String expiresAt, long notBefore) {

        static Lease from(JsonNode body) {
            return new Lease(body.get("workerId").intValue(), body.get("leaseToken").stringValue(),
                    body.get("expiresAt").stringValue(), body.get("notBefore").longValue());
        }

        @Override
        public String toString() {
            // the token stays out of failure reports, as it stays out of logs
            return "Lease[" + this.workerId + ", expiresAt=" + this.expiresAt + "]";
        }

    }

}
