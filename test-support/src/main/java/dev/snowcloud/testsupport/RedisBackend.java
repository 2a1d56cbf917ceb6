package dev.snowcloud.testsupport;

/** What actually runs a {@link RedisServer}: a local process or a container. */
interface RedisBackend extends AutoCloseable {

    String host();

    int port();

    void start();

    void stop();

    void kill();

    boolean isRunning();

    /** What runs the server, for the build output: "process of /usr/bin/redis-server", "container of redis:7". */
    String describe();

    @Override
    void close();

}
