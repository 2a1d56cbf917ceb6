package dev.snowcloud.data.hibernate;

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
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code @SnowflakeId} through Hibernate on PostgreSQL ({@code bigint} keys), in two
 * application contexts with worker IDs 1 and 2 that share one database.
 */
class SnowflakeIdHibernateTests {

    private static ConfigurableApplicationContext first;

    private static ConfigurableApplicationContext second;

    @BeforeAll
    static void startContexts() {
        List<String> dataSource = SharedPostgres.database("snowcloud_jpa", JpaTestApplication.SCHEMA_NOTE,
                JpaTestApplication.SCHEMA_TAG, JpaTestApplication.SCHEMA_MEASUREMENT);
        first = JpaTestApplication.start(1, dataSource);
        second = JpaTestApplication.start(2, dataSource);
    }

    @AfterAll
    static void closeContexts() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @Test
    void persistAssignsAnIdFromTheApplicationsGenerator() {
        Note note = inTransaction(first, (em) -> {
            Note created = new Note("hello");
            em.persist(created);
            return created;
        });
        assertThat(note.getId()).isNotNull();
        assertThat(generator(first).layout().decode(note.getId()).workerId()).isEqualTo(1);
        assertThat(jdbc(first).queryForObject("select text from note where id = ?", String.class, note.getId()))
            .isEqualTo("hello");
    }

    @Test
    void eachApplicationContextTakesIdsFromItsOwnGenerator() {
        Note fromFirst = inTransaction(first, (em) -> persist(em, new Note("first")));
        Note fromSecond = inTransaction(second, (em) -> persist(em, new Note("second")));
        assertThat(generator(first).layout().decode(fromFirst.getId()).workerId()).isEqualTo(1);
        assertThat(generator(second).layout().decode(fromSecond.getId()).workerId()).isEqualTo(2);
        assertThat(generator(first)).isNotSameAs(generator(second));
    }

    @Test
    void aPrimitiveLongIdOfZeroCountsAsUnsavedForPersistAndMerge() {
        Tag persisted = inTransaction(first, (em) -> persist(em, new Tag("persisted")));
        Tag merged = inTransaction(first, (em) -> em.merge(new Tag("merged")));
        assertThat(persisted.getId()).isPositive();
        assertThat(merged.getId()).isPositive().isNotEqualTo(persisted.getId());
        assertThat(jdbc(first).queryForObject("select name from tag where id = ?", String.class, merged.getId()))
            .isEqualTo("merged");
        assertThat(generator(first).layout().decode(merged.getId()).workerId()).isEqualTo(1);
    }

    @Test
    void aNonIdAttributeIsGeneratedOnInsertAndKeptOnUpdate() {
        Note note = inTransaction(first, (em) -> persist(em, new Note("v1")));
        long tracking = note.getTrackingNumber();
        assertThat(tracking).isPositive().isNotEqualTo(note.getId());
        assertThat(generator(first).layout().decode(tracking).workerId()).isEqualTo(1);
        inTransaction(first, (em) -> {
            em.find(Note.class, note.getId()).setText("v2");
            return null;
        });
        assertThat(jdbc(first).queryForMap("select text, tracking_number from note where id = ?", note.getId()))
            .containsEntry("text", "v2")
            .containsEntry("tracking_number", tracking);
    }

    @Test
    void eightThreadsInsertingTenThousandEntitiesEachGetEightyThousandDistinctIdsIncreasingPerThread()
            throws Exception {
        int threads = 8;
        int perThread = 10_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> insertMeasurements(thread, perThread)));
            }
            Set<Long> all = new HashSet<>();
            for (Future<List<Long>> result : results) {
                List<Long> ids = result.get();
                assertThat(ids).hasSize(perThread).isSorted().doesNotHaveDuplicates();
                all.addAll(ids);
            }
            assertThat(all).hasSize(threads * perThread);
            JdbcTemplate jdbc = jdbc(first);
            assertThat(jdbc.queryForObject("select count(distinct id) from measurement", Long.class))
                .isEqualTo(threads * perThread);
            assertThat(new HashSet<>(jdbc.queryForList("select id from measurement", Long.class))).isEqualTo(all);
        }
        finally {
            pool.shutdownNow();
        }
    }

    private static List<Long> insertMeasurements(int thread, int count) {
        List<Long> ids = new ArrayList<>(count);
        int chunk = 1_000;
        for (int done = 0; done < count; done += chunk) {
            ids.addAll(inTransaction(first, (em) -> {
                List<Long> inChunk = new ArrayList<>(chunk);
                for (int i = 0; i < chunk; i++) {
                    inChunk.add(persist(em, new Measurement(thread)).getId());
                }
                return inChunk;
            }));
        }
        return ids;
    }

    @Test
    void anInsertWithoutALeaseFailsWithTheTypedExceptionAndWritesNothing() {
        SnowflakeGenerator generator = generator(first);
        JdbcTemplate jdbc = jdbc(first);
        long before = jdbc.queryForObject("select count(*) from note", Long.class);
        try {
            assertThatExceptionOfType(LeaseUnavailableException.class).isThrownBy(() -> inTransaction(first, (em) -> {
                persist(em, new Note("written, then rolled back"));
                em.flush();
                generator.revokeLease();
                return persist(em, new Note("never written"));
            }));
        }
        finally {
            generator.installLease(WorkerLease.fixed(1));
        }
        assertThat(jdbc.queryForObject("select count(*) from note", Long.class)).isEqualTo(before);
        assertThat(jdbc.queryForObject("select count(*) from note where text = 'written, then rolled back'",
                Long.class)).isZero();
    }

    private static <T> T persist(EntityManager em, T entity) {
        em.persist(entity);
        return entity;
    }

    private static <T> T inTransaction(ConfigurableApplicationContext context,
            java.util.function.Function<EntityManager, T> work) {
        EntityManager em = SharedEntityManagerCreator
            .createSharedEntityManager(context.getBean(EntityManagerFactory.class));
        return context.getBean(TransactionTemplate.class).execute((status) -> work.apply(em));
    }

    private static SnowflakeGenerator generator(ConfigurableApplicationContext context) {
        return context.getBean(SnowflakeGenerator.class);
    }

    private static JdbcTemplate jdbc(ConfigurableApplicationContext context) {
        return context.getBean(JdbcTemplate.class);
    }

}
