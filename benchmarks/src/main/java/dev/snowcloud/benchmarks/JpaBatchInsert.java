package dev.snowcloud.benchmarks;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import dev.snowcloud.data.SnowflakeId;
import dev.snowcloud.data.hibernate.SnowflakeIdGenerator;
import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.testsupport.PostgresServer;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Hibernate batch inserts on one PostgreSQL: one operation is one row, persisted in a
 * transaction of {@value #BATCH} rows with {@code hibernate.jdbc.batch_size} 100.
 * <ul>
 * <li>{@code snowflakeId}: {@code @Id @SnowflakeId}, the ID taken in Java.</li>
 * <li>{@code sequencePooled}: {@code GenerationType.SEQUENCE}, allocation size 50, the
 * {@code pooled} optimizer: one {@code nextval} per 50 rows.</li>
 * <li>{@code identity}: {@code GenerationType.IDENTITY}: the database assigns the ID, so
 * Hibernate inserts row by row to read each one back, without JDBC batching.</li>
 * </ul>
 * The server is {@code test-support}'s {@link PostgresServer} (Docker, else a local
 * {@code initdb}), which runs with {@code fsync} off; tables are emptied between iterations.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class JpaBatchInsert {

    static final int BATCH = 1_000;

    private PostgresServer postgres;

    private SessionFactory sessionFactory;

    @Entity
    @Table(name = "snowflake_row")
    public static class SnowflakeRow {

        @Id
        @SnowflakeId
        Long id;

        String payload;

    }

    @Entity
    @Table(name = "sequence_row")
    public static class SequenceRow {

        @Id
        @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "sequence_row_seq")
        @SequenceGenerator(name = "sequence_row_seq", sequenceName = "sequence_row_seq", allocationSize = 50)
        Long id;

        String payload;

    }

    @Entity
    @Table(name = "identity_row")
    public static class IdentityRow {

        @Id
        @GeneratedValue(strategy = GenerationType.IDENTITY)
        Long id;

        String payload;

    }

    @Setup(Level.Trial)
    public void start() {
        this.postgres = PostgresServer.start();
        Map<String, Object> settings = new HashMap<>();
        settings.put("jakarta.persistence.jdbc.url", this.postgres.jdbcUrl());
        settings.put("jakarta.persistence.jdbc.user", this.postgres.username());
        settings.put("jakarta.persistence.jdbc.password", this.postgres.password());
        settings.put("hibernate.hbm2ddl.auto", "create");
        settings.put("hibernate.jdbc.batch_size", "100");
        settings.put("hibernate.order_inserts", "true");
        settings.put("hibernate.id.optimizer.pooled.preferred", "pooled");
        settings.put("hibernate.connection.pool_size", "2");
        settings.put(SnowflakeIdGenerator.GENERATOR_SETTING, SnowflakeGenerator.withFixedWorkerId(1));
        StandardServiceRegistry registry = new StandardServiceRegistryBuilder().applySettings(settings).build();
        this.sessionFactory = new MetadataSources(registry).addAnnotatedClass(SnowflakeRow.class)
            .addAnnotatedClass(SequenceRow.class)
            .addAnnotatedClass(IdentityRow.class)
            .buildMetadata()
            .buildSessionFactory();
    }

    @TearDown(Level.Iteration)
    public void emptyTables() {
        this.sessionFactory.inTransaction((session) -> session
            .createNativeMutationQuery("truncate snowflake_row, sequence_row, identity_row")
            .executeUpdate());
    }

    @TearDown(Level.Trial)
    public void stop() {
        this.sessionFactory.close();
        this.postgres.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void snowflakeId() {
        insert((i) -> {
            SnowflakeRow row = new SnowflakeRow();
            row.payload = "row " + i;
            return row;
        });
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void sequencePooled() {
        insert((i) -> {
            SequenceRow row = new SequenceRow();
            row.payload = "row " + i;
            return row;
        });
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void identity() {
        insert((i) -> {
            IdentityRow row = new IdentityRow();
            row.payload = "row " + i;
            return row;
        });
    }

    private void insert(IntFunction<Object> row) {
        this.sessionFactory.inTransaction((session) -> {
            for (int i = 0; i < BATCH; i++) {
                session.persist(row.apply(i));
            }
        });
    }

}
