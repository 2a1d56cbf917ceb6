package dev.snowcloud.testsupport;

import java.util.Locale;
import java.util.Objects;

import org.testcontainers.DockerClientFactory;

/**
 * A real PostgreSQL server for tests.
 * <p>
 * It runs in a Testcontainers PostgreSQL container when Docker is available (image from
 * system property {@code snowcloud.test.postgres.image}, default {@code postgres:17}),
 * otherwise as a local server that this JVM creates with {@code initdb} and starts with
 * {@code pg_ctl} on a free loopback port (Debian: {@code apt-get install postgresql}).
 * System property {@code snowcloud.test.postgres} ({@code docker} or {@code process}) forces
 * one. When neither can run, {@link #start()} throws: a test that needs PostgreSQL fails
 * loudly rather than being skipped.
 * <p>
 * The server is tuned for tests, not durability: {@code fsync}, synchronous commit and full
 * page writes are off.
 * <pre>{@code
 * try (PostgresServer postgres = PostgresServer.start()) {
 *     DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
 * }
 * }</pre>
 */
public final class PostgresServer implements AutoCloseable {

    /** System property that picks the backend: {@code docker}, {@code process} or {@code auto}. */
    public static final String BACKEND_PROPERTY = "snowcloud.test.postgres";

    /** System property with the Docker image to run; {@value #DEFAULT_IMAGE} if unset. */
    public static final String IMAGE_PROPERTY = "snowcloud.test.postgres.image";

    /** Environment variable naming the image when the system property is unset, as deploy/local-images.env does. */
    public static final String IMAGE_ENV = "SNOWCLOUD_TEST_POSTGRES_IMAGE";

    /** The Docker image used unless {@value #IMAGE_PROPERTY} names another. */
    public static final String DEFAULT_IMAGE = "postgres:17";

    private final PostgresBackend backend;

    private PostgresServer(PostgresBackend backend) {
        this.backend = backend;
    }

    /** Starts a server and returns when it accepts connections. */
    public static PostgresServer start() {
        PostgresServer server = new PostgresServer(backend());
        try {
            server.backend.start();
        }
        catch (RuntimeException ex) {
            server.close();
            throw ex;
        }
        return server;
    }

    private static PostgresBackend backend() {
        String choice = System.getProperty(BACKEND_PROPERTY, "auto").toLowerCase(Locale.ROOT);
        String image = System.getProperty(IMAGE_PROPERTY,
                Objects.requireNonNullElse(System.getenv(IMAGE_ENV), DEFAULT_IMAGE));
        switch (choice) {
            case "process":
                return processOrFail();
            case "docker":
                return new PostgresContainer(image);
            case "auto":
                return isDockerAvailable() ? new PostgresContainer(image) : processOrFail();
            default:
                throw new IllegalStateException(
                        BACKEND_PROPERTY + " must be docker, process or auto, not '" + choice + "'");
        }
    }

    private static boolean isDockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        }
        catch (RuntimeException ex) {
            return false;
        }
    }

    private static PostgresBackend processOrFail() {
        if (!PostgresProcess.isInstalled()) {
            throw new IllegalStateException("Tests need a PostgreSQL server: neither Docker is available nor are"
                    + " PostgreSQL's initdb and pg_ctl installed (Debian: apt-get install postgresql)");
        }
        return new PostgresProcess(FreePorts.any());
    }

    /** The host to connect to. */
    public String host() {
        return this.backend.host();
    }

    /** The port to connect to. */
    public int port() {
        return this.backend.port();
    }

    /** A superuser's name. */
    public String username() {
        return this.backend.username();
    }

    /** The superuser's password; empty for a local process, which trusts loopback connections. */
    public String password() {
        return this.backend.password();
    }

    /** A JDBC URL of the {@code postgres} database. */
    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    /** A JDBC URL of the named database, which the caller creates. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** Whether the server is running. */
    public boolean isRunning() {
        return this.backend.isRunning();
    }

    /** Stops the server for good and removes its files. */
    @Override
    public void close() {
        this.backend.close();
    }

    @Override
    public String toString() {
        return "PostgresServer[" + this.backend.getClass().getSimpleName() + " " + host() + ":" + port()
                + (isRunning() ? ", running" : ", stopped") + "]";
    }

}
