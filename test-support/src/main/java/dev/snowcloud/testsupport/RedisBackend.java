package dev.snowcloud.testsupport;

/** What actually runs a {@link RedisServer}: a local process or a container. */
interface RedisBackend extends AutoCloseable {

    String host();

    int port();

    void start();

    void stop();

    void kill();

    boolean isRunning();

    @Override
    void close();

}
