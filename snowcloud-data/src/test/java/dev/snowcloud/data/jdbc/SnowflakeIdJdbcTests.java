package dev.snowcloud.data.jdbc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.snowcloud.data.test.SharedPostgres;
import dev.snowcloud.id.LeaseUnavailableException;
import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.id.WorkerLease;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.jdbc.core.JdbcAggregateTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code @SnowflakeId} through Spring Data JDBC on PostgreSQL ({@code bigint} keys), worker ID 3.
 */
class SnowflakeIdJdbcTests {

    private static ConfigurableApplicationContext context;

    private static JdbcAggregateTemplate aggregates;

    private static JdbcTemplate jdbc;

    private static TransactionTemplate transactions;

    private static SnowflakeGenerator generator;

    @BeforeAll
    static void startContext() {
        context = JdbcTestApplication.start(3, SharedPostgres.database("snowcloud_jdbc", JdbcTestApplication.SCHEMA));
        aggregates = context.getBean(JdbcAggregateTemplate.class);
        jdbc = context.getBean(JdbcTemplate.class);
        transactions = context.getBean(TransactionTemplate.class);
        generator = context.getBean(SnowflakeGenerator.class);
    }

    @AfterAll
    static void closeContext() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void aNewAggregateGetsAnIdFromTheApplicationsGenerator() {
        Event saved = aggregates.save(new Event("created", 0));
        assertThat(saved.id).isNotNull();
        assertThat(generator.layout().decode(saved.id).workerId()).isEqualTo(3);
        assertThat(jdbc.queryForObject("select name from event where id = ?", String.class, saved.id))
            .isEqualTo("created");
    }

    @Test
    void anAggregateWithAnIdIsUpdatedUnderThatId() {
        Event saved = aggregates.save(new Event("v1", 0));
        Long id = saved.id;
        saved.name = "v2";
        Event updated = aggregates.save(saved);
        assertThat(updated.id).isEqualTo(id);
        assertThat(jdbc.queryForObject("select name from event where id = ?", String.class, id)).isEqualTo("v2");
    }

    @Test
    void anImmutableAggregateComesBackAsACopyWithTheId() {
        Reading saved = aggregates.save(new Reading(null, "thermometer"));
        assertThat(saved.id()).isNotNull();
        assertThat(saved.sensor()).isEqualTo("thermometer");
        assertThat(aggregates.findById(saved.id(), Reading.class)).isEqualTo(saved);
    }

    @Test
    void aPrimitiveLongIdOfZeroIsNewAndGetsAnId() {
        Counter saved = aggregates.save(new Counter("visits"));
        assertThat(saved.id).isPositive();
        assertThat(generator.layout().decode(saved.id).workerId()).isEqualTo(3);
        assertThat(jdbc.queryForObject("select name from counter where id = ?", String.class, saved.id))
            .isEqualTo("visits");
    }

    @Test
    void anIdWithoutTheAnnotationIsLeftToTheDatabase() {
        Serial first = aggregates.save(new Serial("a"));
        Serial second = aggregates.save(new Serial("b"));
        assertThat(second.id).isEqualTo(first.id + 1);
    }

    @Test
    void eightThreadsInsertingTenThousandAggregatesEachGetEightyThousandDistinctIdsIncreasingPerThread()
            throws Exception {
        int threads = 8;
        int perThread = 10_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = 100 + t;
                results.add(pool.submit(() -> insertEvents(thread, perThread)));
            }
            Set<Long> all = new HashSet<>();
            for (Future<List<Long>> result : results) {
                List<Long> ids = result.get();
                assertThat(ids).hasSize(perThread).isSorted().doesNotHaveDuplicates();
                all.addAll(ids);
            }
            assertThat(all).hasSize(threads * perThread);
            assertThat(jdbc.queryForObject("select count(distinct id) from event where thread >= 100", Long.class))
                .isEqualTo(threads * perThread);
            assertThat(new HashSet<>(jdbc.queryForList("select id from event where thread >= 100", Long.class)))
                .isEqualTo(all);
        }
        finally {
            pool.shutdownNow();
        }
    }

    private static List<Long> insertEvents(int thread, int count) {
        List<Long> ids = new ArrayList<>(count);
        int chunk = 1_000;
        for (int done = 0; done < count; done += chunk) {
            List<Event> events = new ArrayList<>(chunk);
            for (int i = 0; i < chunk; i++) {
                events.add(new Event("bulk", thread));
            }
            transactions.executeWithoutResult((status) -> aggregates.saveAll(events)
                .forEach((event) -> ids.add(event.id)));
        }
        return ids;
    }

    @Test
    void anInsertWithoutALeaseFailsWithTheTypedExceptionAndWritesNothing() {
        long before = jdbc.queryForObject("select count(*) from event", Long.class);
        try {
            assertThatExceptionOfType(LeaseUnavailableException.class)
                .isThrownBy(() -> transactions.executeWithoutResult((status) -> {
                    aggregates.save(new Event("written, then rolled back", 0));
                    generator.revokeLease();
                    aggregates.save(new Event("never written", 0));
                }));
        }
        finally {
            generator.installLease(WorkerLease.fixed(3));
        }
        assertThat(jdbc.queryForObject("select count(*) from event", Long.class)).isEqualTo(before);
        assertThat(jdbc.queryForObject("select count(*) from event where name = 'written, then rolled back'",
                Long.class)).isZero();
    }

}
