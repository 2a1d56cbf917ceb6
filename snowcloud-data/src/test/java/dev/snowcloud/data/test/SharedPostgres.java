package dev.snowcloud.data.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import dev.snowcloud.testsupport.PostgresServer;

/**
 * One PostgreSQL server for every test class in this JVM, each class in a database of its own.
 */
public final class SharedPostgres {

    private static PostgresServer server;

    private SharedPostgres() {
    }

    /** The server, started on first use and stopped when the JVM exits. */
    public static synchronized PostgresServer server() {
        if (server == null) {
            server = PostgresServer.start();
            PostgresServer started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-postgres-close"));
        }
        return server;
    }

    /**
     * A new, empty database, dropped first if an earlier run left it, with the given DDL
     * statements run in it; returns Spring Boot data-source properties for it.
     */
    public static synchronized List<String> database(String name, String... ddl) {
        PostgresServer postgres = server();
        execute(postgres.jdbcUrl(), "drop database if exists " + name + " with (force)", "create database " + name);
        execute(postgres.jdbcUrl(name), ddl);
        return List.of("spring.datasource.url=" + postgres.jdbcUrl(name),
                "spring.datasource.username=" + postgres.username(),
                "spring.datasource.password=" + postgres.password());
    }

    private static void execute(String url, String... statements) {
        PostgresServer postgres = server();
        try (Connection connection = DriverManager.getConnection(url, postgres.username(), postgres.password());
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException("PostgreSQL at " + url + " failed: " + ex.getMessage(), ex);
        }
    }

}
