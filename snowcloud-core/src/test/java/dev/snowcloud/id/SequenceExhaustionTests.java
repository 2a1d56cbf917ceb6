package dev.snowcloud.id;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The 4,097th ID asked for within one millisecond waits for the next millisecond.
 */
class SequenceExhaustionTests {

    private static final int WORKER = 1;

    private final ManualTimeSource clock = new ManualTimeSource();

    private final BackgroundCaller background = new BackgroundCaller();

    private final SnowflakeGenerator generator = SnowflakeGenerator.builder().timeSource(clock).build();

    @AfterEach
    void stopBackgroundCalls() {
        background.close();
    }

    @Test
    void idAfterTheLastSequenceOfAMillisecondWaitsWhileTheClockStandsStillAndStartsTheNextAtZero() throws Exception {
        generator.installLease(WorkerLease.fixed(WORKER));
        long[] first4096 = generator.nextIds(4_096);
        long millisecond = generator.layout().decode(first4096[0]).unixMillis();
        long reads = clock.nanoReads();

        Future<Long> next = background.call(generator::nextId);
        BackgroundCaller.awaitReads(clock::nanoReads, reads, 2);

        assertThat(next).as("an ID issued while the millisecond's sequence is spent").isNotDone();
        assertThat(generator.sequenceExhaustedCount()).isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        SnowflakeId id = generator.layout().decode(BackgroundCaller.result(next));
        assertThat(id.unixMillis()).isEqualTo(millisecond + 1);
        assertThat(id.sequence()).isZero();
        assertThat(id.id()).isGreaterThan(first4096[4_095]);
        assertThat(generator.layout().decode(first4096[4_095]).sequence()).isEqualTo(4_095);
        assertThat(generator.layout().decode(first4096[4_095]).unixMillis()).isEqualTo(millisecond);
    }

    @Test
    void fourThousandNinetySeventhCallInOneMillisecondGetsSequenceZeroOfTheNext() {
        // 100 ns per clock read: 4,096 calls fit in one millisecond, the spin for the next
        // one moves the clock on.
        clock.autoAdvancePerRead(Duration.ofNanos(100));
        generator.installLease(WorkerLease.fixed(WORKER));
        long[] ids = new long[4_097];

        for (int i = 0; i < ids.length; i++) {
            ids[i] = generator.nextId();
        }

        SnowflakeLayout layout = generator.layout();
        long millisecond = layout.decode(ids[0]).unixMillis();
        for (int i = 0; i < 4_096; i++) {
            assertThat(layout.decode(ids[i])).isEqualTo(new SnowflakeId(ids[i], millisecond, WORKER, i));
        }
        assertThat(layout.decode(ids[4_096])).isEqualTo(new SnowflakeId(ids[4_096], millisecond + 1, WORKER, 0));
        assertThat(generator.sequenceExhaustedCount()).isEqualTo(1);
        assertThat(generator.generatedCount()).isEqualTo(4_097);
    }

    @Test
    void batchSpanningSeveralMillisecondsFillsEachOneAndCountsEveryExhaustion() {
        clock.autoAdvancePerRead(Duration.ofNanos(1_000));
        generator.installLease(WorkerLease.fixed(WORKER));

        long[] ids = generator.nextIds(10_000);

        SnowflakeLayout layout = generator.layout();
        long millisecond = layout.decode(ids[0]).unixMillis();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(layout.decode(ids[4_095])).isEqualTo(new SnowflakeId(ids[4_095], millisecond, WORKER, 4_095));
        assertThat(layout.decode(ids[4_096])).isEqualTo(new SnowflakeId(ids[4_096], millisecond + 1, WORKER, 0));
        assertThat(layout.decode(ids[8_192])).isEqualTo(new SnowflakeId(ids[8_192], millisecond + 2, WORKER, 0));
        assertThat(layout.decode(ids[9_999]).sequence()).isEqualTo(9_999 - 8_192);
        assertThat(generator.sequenceExhaustedCount()).isEqualTo(2);
    }

    @Test
    void manyWaitersOnOneSpentMillisecondCountItOnceAndAllGetDistinctIds() throws Exception {
        generator.installLease(WorkerLease.fixed(WORKER));
        long last = generator.nextIds(4_096)[4_095];
        long reads = clock.nanoReads();

        @SuppressWarnings("unchecked")
        Future<long[]>[] waiters = new Future[4];
        for (int i = 0; i < waiters.length; i++) {
            waiters[i] = background.call(() -> generator.nextIds(1_000));
        }
        BackgroundCaller.awaitReads(clock::nanoReads, reads, 2L * waiters.length);
        clock.advance(Duration.ofMillis(1));

        long[] all = new long[4_000];
        for (int i = 0; i < waiters.length; i++) {
            System.arraycopy(BackgroundCaller.result(waiters[i]), 0, all, i * 1_000, 1_000);
        }
        assertThat(all).doesNotHaveDuplicates();
        assertThat(Arrays.stream(all).min().getAsLong()).isGreaterThan(last);
        assertThat(generator.sequenceExhaustedCount()).isEqualTo(1);
    }

}
