package dev.snowcloud.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PostgresServerTests {

    @Test
    void startsAServerThatStoresAndReturnsABigint() throws SQLException {
        try (PostgresServer postgres = PostgresServer.start();
                Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(),
                        postgres.password());
                Statement statement = connection.createStatement()) {
            statement.execute("create table t (id bigint primary key)");
            statement.execute("insert into t values (9223372036854775807)");
            try (ResultSet rows = statement.executeQuery("select id from t")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(Long.MAX_VALUE);
            }
        }
    }

    @Test
    void closingStopsTheServer() {
        PostgresServer postgres = PostgresServer.start();
        String url = postgres.jdbcUrl();
        postgres.close();
        assertThat(postgres.isRunning()).isFalse();
        assertThatExceptionOfType(SQLException.class)
            .isThrownBy(() -> DriverManager.getConnection(url, postgres.username(), postgres.password()).close());
    }

}
