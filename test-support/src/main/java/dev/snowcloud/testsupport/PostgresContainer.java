package dev.snowcloud.testsupport;

import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/** A PostgreSQL server in a Docker container, from Testcontainers' PostgreSQL module. */
final class PostgresContainer implements PostgresBackend {

    private final PostgreSQLContainer container;

    PostgresContainer(String image) {
        this.container = new PostgreSQLContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))
            .withDatabaseName("postgres")
            .withUsername("postgres")
            .withPassword("postgres")
            .withCommand("postgres", "-c", "max_connections=200", "-c", "fsync=off", "-c", "synchronous_commit=off",
                    "-c", "full_page_writes=off");
    }

    @Override
    public String host() {
        return this.container.getHost();
    }

    @Override
    public int port() {
        return this.container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
    }

    @Override
    public String username() {
        return this.container.getUsername();
    }

    @Override
    public String password() {
        return this.container.getPassword();
    }

    @Override
    public synchronized void start() {
        this.container.start();
    }

    @Override
    public synchronized boolean isRunning() {
        return this.container.isRunning();
    }

    @Override
    public synchronized void close() {
        this.container.stop();
    }

}
