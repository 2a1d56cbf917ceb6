package dev.snowcloud.testsupport;

/** What actually runs a {@link PostgresServer}: a local process or a container. */
interface PostgresBackend extends AutoCloseable {

    String host();

    int port();

    String username();

    String password();

    void start();

    boolean isRunning();

    @Override
    void close();

}
